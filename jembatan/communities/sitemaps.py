"""The KIM registry's sitemap section (declared in its AppConfig; the portal serves the index)."""

from __future__ import annotations

from django.db.models import Max
from django.urls import reverse

from jembatan.communities.selectors import kim_public_list
from jembatan.core import tenancy
from jembatan.core.sitemaps import PublicSitemap


class KimSitemap(PublicSitemap):
    def items(self):
        return kim_public_list(regency_code=tenancy.regency_code()).select_related(None).only("slug", "updated_at")

    def location(self, kim):
        return reverse("communities:profile", kwargs={"slug": kim.slug})

    def lastmod(self, kim):
        return kim.updated_at

    def get_latest_lastmod(self):
        return self.items().order_by().aggregate(latest=Max("updated_at"))["latest"]
