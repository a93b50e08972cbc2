"""The regency of a request is resolved once, from its host or the configuration."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpResponse
from django.test import RequestFactory

from jembatan.core import tenancy

ROOT = Path(__file__).resolve().parents[2]


def test_a_host_resolves_to_its_regency_and_any_other_to_the_default(settings):
    settings.JEMBATAN_REGENCY = "19.71"
    settings.PUBLIC_BASE_URL = "https://pangkalpinang.example.id"
    settings.JEMBATAN_SITES = ["19.04=https://bangka-tengah.example.id/"]
    seen = []

    def view(request):
        seen.append((request.tenant.regency_code, tenancy.regency_code(), tenancy.base_url()))
        return HttpResponse()

    middleware = tenancy.TenancyMiddleware(view)
    factory = RequestFactory()
    settings.ALLOWED_HOSTS = ["*"]
    middleware(factory.get("/", HTTP_HOST="bangka-tengah.example.id"))
    middleware(factory.get("/", HTTP_HOST="pangkalpinang.example.id"))
    middleware(factory.get("/", HTTP_HOST="127.0.0.1:8000"))
    assert seen == [
        ("19.04", "19.04", "https://bangka-tengah.example.id"),
        ("19.71", "19.71", "https://pangkalpinang.example.id"),
        ("19.71", "19.71", "https://pangkalpinang.example.id"),
    ]
    assert tenancy.regency_code() == "19.71"  # outside a request: the installation's regency
    with tenancy.activate("19.04"):
        assert tenancy.absolute("/berita/") == "https://bangka-tengah.example.id/berita/"
    assert tenancy.regency_code() == "19.71"


def test_a_malformed_site_is_refused(settings):
    settings.JEMBATAN_SITES = ["19.04 bangka-tengah.example.id"]
    with pytest.raises(ImproperlyConfigured):
        tenancy.current()


def test_nothing_outside_config_reads_the_regency_setting():
    readers = [
        str(path.relative_to(ROOT))
        for path in (ROOT / "jembatan").rglob("*.py")
        if "config" not in path.relative_to(ROOT / "jembatan").parts[:1]
        and re.search(r"\bJEMBATAN_REGENCY\b|\bJEMBATAN_SITES\b", path.read_text(encoding="utf-8"))
    ]
    assert readers == []
