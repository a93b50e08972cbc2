"""The newsroom's sitemap sections (declared in its AppConfig; the portal serves the index)."""

from __future__ import annotations

from django.db.models import Max
from django.urls import reverse

from jembatan.core import tenancy
from jembatan.core.sitemaps import PublicSitemap
from jembatan.newsroom import selectors
from jembatan.regions.selectors import village_list


class NewsSitemap(PublicSitemap):
    def items(self):
        return selectors.sitemap_items(regency_code=tenancy.regency_code())

    def lastmod(self, item):
        return item.published_at

    def get_latest_lastmod(self):
        # One aggregate, rather than Django's default of loading every item.
        return self.items().order_by().aggregate(latest=Max("published_at"))["latest"]


class VillageHomeSitemap(PublicSitemap):
    def items(self):
        return village_list(regency_code=tenancy.regency_code()).select_related(None).only("code")

    def location(self, village):
        return reverse("newsroom:village_home", kwargs={"code": village.code})
