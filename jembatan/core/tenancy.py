"""The regency a request or a job is about, resolved once.

``TenancyMiddleware`` asks the configured resolver (``settings.JEMBATAN_TENANCY``, the module
``jembatan.config.tenancy``) for the site of the request's host and keeps it for the request:
``request.tenant`` and :func:`current`. Outside a request (jobs, commands) :func:`current` is the
installation's default site, and :func:`activate` sets another for a block. Nothing else decides which
regency is shown: views, selectors, feeds and sitemaps call :func:`regency_code`, and absolute links
use :func:`base_url`.
"""

from __future__ import annotations

import contextlib
from contextvars import ContextVar
from dataclasses import dataclass

from django.conf import settings
from django.utils.module_loading import import_string


@dataclass(frozen=True)
class Tenant:
    regency_code: str
    base_url: str  # the public address, without a trailing slash


_current: ContextVar[Tenant | None] = ContextVar("jembatan_tenant", default=None)


def _resolver(name: str):
    return import_string(f"{settings.JEMBATAN_TENANCY}.{name}")


def current() -> Tenant:
    return _current.get() or _resolver("default")()


def regency_code() -> str:
    return current().regency_code


def for_regency(code: str) -> Tenant:
    return _resolver("for_regency")(code)


def served_regencies() -> list[str]:
    """The regencies this installation serves (one site each)."""
    return _resolver("served")()


def base_url(regency: str | None = None) -> str:
    """The public address of ``regency``'s site, or of the current one."""
    return (for_regency(regency) if regency else current()).base_url


def organisation(regency: str | None = None) -> str:
    """The office that runs ``regency``'s site (or the current one), as shown in footers, feeds and pages."""
    return _resolver("organisation")(regency or regency_code())


def absolute(path: str, regency: str | None = None) -> str:
    return base_url(regency) + path


@contextlib.contextmanager
def activate(tenant_or_code):
    tenant = tenant_or_code if isinstance(tenant_or_code, Tenant) else for_regency(tenant_or_code)
    token = _current.set(tenant)
    try:
        yield tenant
    finally:
        _current.reset(token)


class TenancyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        tenant = _resolver("resolve")(request.get_host())
        request.tenant = tenant
        token = _current.set(tenant)
        try:
            return self.get_response(request)
        finally:
            _current.reset(token)
