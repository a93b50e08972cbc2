"""Production settings refuse to start without a database and a public address, and
`check --deploy` warns about development fallbacks (SQLite, local memory cache, console email, http)."""

import os
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.core import checks

from jembatan.core import checks as deploy_checks

ROOT = Path(__file__).resolve().parents[2]
OUR_VARIABLES = (
    "DATABASE_URL",
    "REDIS_URL",
    "PUBLIC_BASE_URL",
    "EMAIL_BACKEND",
    "DJANGO_ALLOW_ASYNC_UNSAFE",
    "JEMBATAN_ENCRYPTION_KEYS",
    "JEMBATAN_LOOKUP_KEY",
)


def _check_deploy(**variables):
    env = {k: v for k, v in os.environ.items() if k not in OUR_VARIABLES}
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "jembatan.config.settings.production",
            "SECRET_KEY": "a-long-random-production-secret-key-for-the-check-0123456789abcdef",
            "ALLOWED_HOSTS": "jembatan.example.go.id",
            **variables,
        }
    )
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_development_fallbacks_are_reported_by_check_deploy(tmp_path):
    result = _check_deploy(DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}", PUBLIC_BASE_URL="http://127.0.0.1:8000")
    output = result.stdout + result.stderr
    assert result.returncode != 0
    for check_id in ("jembatan.W001", "jembatan.W002", "jembatan.W003", "jembatan.W004", "jembatan.W005"):
        assert check_id in output, output


@pytest.mark.parametrize("missing", ["DATABASE_URL", "PUBLIC_BASE_URL"])
def test_production_settings_require_the_database_and_public_address(missing):
    variables = {"DATABASE_URL": "postgres://u:p@db.example.go.id/jembatan", "PUBLIC_BASE_URL": "https://a.go.id"}
    del variables[missing]
    result = _check_deploy(**variables)
    assert result.returncode != 0
    assert f"Environment variable {missing} is required." in result.stderr


def _ids():
    """Warnings of the registered deployment checks, except the database one (the test database may be SQLite)."""
    return sorted(
        message.id
        for message in checks.run_checks(include_deployment_checks=True)
        if message.id and message.id.startswith("jembatan.") and message.id != "jembatan.W003"
    )


def _production_like(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": "redis://x"}}
    settings.PUBLIC_BASE_URL = "https://kim.example.go.id"
    settings.JEMBATAN_ENCRYPTION_KEYS = ["8H2V0f7b4n0qQm1Vxq3sI8rN5o0j0Jm8m3Yk5sL1Z2c="]
    settings.JEMBATAN_LOOKUP_KEY = "a-long-random-lookup-key"


def test_production_like_settings_raise_no_warning(settings):
    _production_like(settings)
    assert _ids() == []


@pytest.mark.parametrize(
    ("setting", "value", "check_id"),
    [
        ("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend", "jembatan.W001"),
        ("EMAIL_BACKEND", "django.core.mail.backends.locmem.EmailBackend", "jembatan.W001"),
        ("CACHES", {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}, "jembatan.W002"),
        ("PUBLIC_BASE_URL", "http://kim.example.go.id", "jembatan.W004"),
        ("PUBLIC_BASE_URL", "https://", "jembatan.W004"),
        ("JEMBATAN_ENCRYPTION_KEYS", [], "jembatan.W005"),
        ("JEMBATAN_LOOKUP_KEY", "", "jembatan.W005"),
    ],
)
def test_each_fallback_has_its_warning(settings, setting, value, check_id):
    _production_like(settings)
    setattr(settings, setting, value)
    assert _ids() == [check_id]


@pytest.mark.parametrize(
    ("engine", "expected"),
    [("django.db.backends.postgresql", []), ("django.db.backends.sqlite3", ["jembatan.W003"])],
)
def test_sqlite_has_its_warning(monkeypatch, engine, expected):
    monkeypatch.setattr(deploy_checks, "settings", SimpleNamespace(DATABASES={"default": {"ENGINE": engine}}))
    warnings = deploy_checks.check_database_is_not_sqlite(None)
    assert [w.id for w in warnings] == expected
    assert all(w.level == checks.WARNING for w in warnings)


def test_the_checks_are_deployment_checks_only(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
    settings.PUBLIC_BASE_URL = "http://127.0.0.1:8000"
    assert not [m for m in checks.run_checks() if m.id and m.id.startswith("jembatan.")]
