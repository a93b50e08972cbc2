"""The base of every public sitemap section: absolute addresses on PUBLIC_BASE_URL (django.contrib.sites is not used)."""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap


class PublicSitemap(Sitemap):
    limit = 10_000

    @property
    def protocol(self) -> str:
        return urlsplit(settings.PUBLIC_BASE_URL).scheme or "https"

    def get_domain(self, site=None) -> str:
        return urlsplit(settings.PUBLIC_BASE_URL).netloc
