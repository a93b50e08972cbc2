"""Which regency each site serves: the only reader of ``JEMBATAN_REGENCY`` and ``JEMBATAN_SITES``.

``JEMBATAN_REGENCY`` is the regency of a single-regency installation (and of a request whose host no
site claims). ``JEMBATAN_SITES`` lets one installation serve several regencies, one public address each:
``"19.71=https://pangkalpinang.example.id,19.04=https://bangka-tengah.example.id"``. The kernel
(``core.tenancy``) calls :func:`resolve` once per request and :func:`default` outside a request.
"""

from __future__ import annotations

import functools
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.signals import setting_changed

from jembatan.core.tenancy import Tenant


@functools.cache
def _sites() -> tuple[Tenant, dict[str, Tenant], dict[str, Tenant]]:
    default = Tenant(settings.JEMBATAN_REGENCY, settings.PUBLIC_BASE_URL.rstrip("/"))
    by_code = {default.regency_code: default}
    for entry in settings.JEMBATAN_SITES:
        code, sep, url = entry.partition("=")
        code, url = code.strip(), url.strip().rstrip("/")
        if not sep or not code or not urlsplit(url).hostname:
            raise ImproperlyConfigured(f"JEMBATAN_SITES: expected <regency code>=<public URL>, got {entry!r}")
        by_code[code] = Tenant(code, url)
    by_host = {urlsplit(t.base_url).netloc.lower(): t for t in by_code.values()}
    return default, by_code, by_host


def default() -> Tenant:
    return _sites()[0]


def for_regency(code: str) -> Tenant:
    """The site of ``code`` (its own address when it has one; otherwise the default address)."""
    default_tenant, by_code, _by_host = _sites()
    return by_code.get(code) or Tenant(code, default_tenant.base_url)


def served() -> list[str]:
    """Every regency this installation has a site for."""
    return sorted(_sites()[1])


def resolve(host: str) -> Tenant:
    """The site a request's host (``name[:port]``) belongs to; the default site for any other allowed host."""
    default_tenant, _by_code, by_host = _sites()
    return by_host.get((host or "").lower(), default_tenant)


def organisation(code: str) -> str:
    """The office that runs a site: ``JEMBATAN_ORGANISATION`` for the installation's regency, else the
    Diskominfo of the regency as it spells itself."""
    if code == settings.JEMBATAN_REGENCY:
        return settings.JEMBATAN_ORGANISATION
    from jembatan.regions.models import Regency

    regency = Regency.objects.filter(code=code).first()
    return f"Dinas Komunikasi dan Informatika {regency}" if regency is not None else settings.JEMBATAN_ORGANISATION


def reset(**kwargs) -> None:
    """Forget the parsed settings when one of them changes (``override_settings`` in tests)."""
    if kwargs.get("setting", "JEMBATAN_SITES") in {"JEMBATAN_SITES", "JEMBATAN_REGENCY", "PUBLIC_BASE_URL"}:
        _sites.cache_clear()


setting_changed.connect(reset, dispatch_uid="jembatan.config.tenancy.reset")
