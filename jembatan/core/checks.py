"""`manage.py check --deploy` warnings for services a production instance must not run without.

Each check is a deployment check (``deploy=True``): the development and test settings use SQLite,
the local memory cache and the console email backend on purpose.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import Tags, register
from django.core.checks import Warning as CheckWarning

UNDELIVERED_EMAIL_BACKENDS = {
    "django.core.mail.backends.console.EmailBackend",
    "django.core.mail.backends.locmem.EmailBackend",
    "django.core.mail.backends.dummy.EmailBackend",
    "django.core.mail.backends.filebased.EmailBackend",
}
PER_PROCESS_CACHE_BACKENDS = {
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.dummy.DummyCache",
}


@register(Tags.security, deploy=True)
def check_email_is_delivered(app_configs, **kwargs):
    if settings.EMAIL_BACKEND in UNDELIVERED_EMAIL_BACKENDS:
        return [
            CheckWarning(
                f"EMAIL_BACKEND is {settings.EMAIL_BACKEND}: confirmation, password and notification "
                "emails are never delivered.",
                hint="Set EMAIL_BACKEND=django.core.mail.backends.smtp.EmailBackend and the EMAIL_* variables.",
                id="jembatan.W001",
            )
        ]
    return []


@register(Tags.security, Tags.caches, deploy=True)
def check_cache_is_shared(app_configs, **kwargs):
    backend = settings.CACHES.get("default", {}).get("BACKEND", "")
    if backend in PER_PROCESS_CACHE_BACKENDS:
        return [
            CheckWarning(
                f"The default cache is {backend.rsplit('.', 1)[-1]}: each app process has its own, so rate "
                "limits are counted per process and a published change leaves stale public pages in the others.",
                hint="Set REDIS_URL=redis://host:6379/0.",
                id="jembatan.W002",
            )
        ]
    return []


@register(Tags.security, deploy=True)
def check_database_is_not_sqlite(app_configs, **kwargs):
    engine = settings.DATABASES.get("default", {}).get("ENGINE", "")
    if engine == "django.db.backends.sqlite3":
        return [
            CheckWarning(
                "The database is SQLite: one file on one machine, with one writer at a time.",
                hint="Set DATABASE_URL=postgres://user:password@host:5432/jembatan (PostgreSQL 14 or newer).",
                id="jembatan.W003",
            )
        ]
    return []


@register(Tags.security, deploy=True)
def check_public_base_url_is_https(app_configs, **kwargs):
    base = urlsplit(settings.PUBLIC_BASE_URL or "")
    if base.scheme != "https" or not base.hostname:
        return [
            CheckWarning(
                f"PUBLIC_BASE_URL is {settings.PUBLIC_BASE_URL!r}: links in emails (passwords, report access "
                "links) must point at the site over HTTPS.",
                hint="Set PUBLIC_BASE_URL=https://your-site.go.id.",
                id="jembatan.W004",
            )
        ]
    return []


@register(Tags.security, deploy=True)
def check_encryption_keys_are_set(app_configs, **kwargs):
    from jembatan.core.crypto import encryption_keys_configured

    if not encryption_keys_configured():
        return [
            CheckWarning(
                "JEMBATAN_ENCRYPTION_KEYS or JEMBATAN_LOOKUP_KEY is not set: contact data is encrypted with a key "
                "derived from SECRET_KEY, so changing SECRET_KEY makes every stored email and phone unreadable.",
                hint="Set JEMBATAN_ENCRYPTION_KEYS (Fernet keys, newest first) and JEMBATAN_LOOKUP_KEY; "
                "see docs/configuration.md.",
                id="jembatan.W005",
            )
        ]
    return []
