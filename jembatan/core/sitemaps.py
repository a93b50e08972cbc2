"""The base of every public sitemap section: absolute addresses on the site's public address (django.contrib.sites is not used)."""

from __future__ import annotations

from urllib.parse import urlsplit

from django.contrib.sitemaps import Sitemap

from jembatan.core import tenancy


class PublicSitemap(Sitemap):
    limit = 10_000

    @property
    def protocol(self) -> str:
        return urlsplit(tenancy.base_url()).scheme or "https"

    def get_domain(self, site=None) -> str:
        return urlsplit(tenancy.base_url()).netloc
