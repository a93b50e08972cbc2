"""``/sitemap.xml`` (an index of sections, each paginated) and ``/robots.txt``.

Addresses are absolute and built from PUBLIC_BASE_URL (django.contrib.sites is not used), so search
engines see the public host whatever Host header reached the app server.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps import views as sitemap_views
from django.contrib.sitemaps.views import SitemapIndexItem
from django.db.models import Max
from django.http import Http404, HttpResponse
from django.template.response import TemplateResponse
from django.urls import reverse

from jembatan.accounts.permissions import PUBLIC, require_access
from jembatan.communities.selectors import kim_public_list
from jembatan.core.cache import public_page
from jembatan.newsroom import selectors
from jembatan.newsroom.presentation import absolute_url
from jembatan.regions.selectors import village_list

STATIC_PAGES = [
    "core:home",
    "newsroom:list",
    "communities:directory",
    "communities:coverage",
    "communities:apply",
    "aspirations:public_list",
    "aspirations:submit",
]
DISALLOWED = ["/staf/", "/akun/", "/admin/", "/aspirasi/lacak/"]


class _PublicSitemap(Sitemap):
    limit = 10_000

    @property
    def protocol(self) -> str:
        return urlsplit(settings.PUBLIC_BASE_URL).scheme or "https"

    def get_domain(self, site=None) -> str:
        return urlsplit(settings.PUBLIC_BASE_URL).netloc


class StaticPagesSitemap(_PublicSitemap):
    def items(self):
        return STATIC_PAGES

    def location(self, name):
        return reverse(name)


class NewsSitemap(_PublicSitemap):
    def items(self):
        return selectors.sitemap_items(regency_code=settings.JEMBATAN_REGENCY)

    def lastmod(self, item):
        return item.published_at

    def get_latest_lastmod(self):
        # One aggregate, rather than Django's default of loading every item.
        return self.items().order_by().aggregate(latest=Max("published_at"))["latest"]


class KimSitemap(_PublicSitemap):
    def items(self):
        return kim_public_list(regency_code=settings.JEMBATAN_REGENCY).select_related(None).only("slug", "updated_at")

    def location(self, kim):
        return reverse("communities:profile", kwargs={"slug": kim.slug})

    def lastmod(self, kim):
        return kim.updated_at

    def get_latest_lastmod(self):
        return self.items().order_by().aggregate(latest=Max("updated_at"))["latest"]


class VillageHomeSitemap(_PublicSitemap):
    def items(self):
        return village_list(regency_code=settings.JEMBATAN_REGENCY).select_related(None).only("code")

    def location(self, village):
        return reverse("newsroom:village_home", kwargs={"code": village.code})


SITEMAPS = {
    "halaman": StaticPagesSitemap,
    "berita": NewsSitemap,
    "kim": KimSitemap,
    "kelurahan": VillageHomeSitemap,
}


@require_access(PUBLIC)
@public_page
def sitemap_index_view(request):
    """Every section and every page of it, with absolute addresses from PUBLIC_BASE_URL."""
    entries = []
    for section, sitemap_class in SITEMAPS.items():
        sitemap = sitemap_class()
        location = absolute_url(reverse("newsroom:sitemap_section", kwargs={"section": section}))
        lastmod = sitemap.get_latest_lastmod()
        entries.append(SitemapIndexItem(location, lastmod))
        entries.extend(
            SitemapIndexItem(f"{location}?p={page}", lastmod) for page in range(2, sitemap.paginator.num_pages + 1)
        )
    return TemplateResponse(request, "sitemap_index.xml", {"sitemaps": entries}, content_type="application/xml")


@require_access(PUBLIC)
@public_page
def sitemap_section_view(request, section: str):
    if section not in SITEMAPS:
        raise Http404
    return sitemap_views.sitemap(request, SITEMAPS, section=section)


@require_access(PUBLIC)
@public_page
def robots_view(request):
    lines = ["User-agent: *", *[f"Disallow: {path}" for path in DISALLOWED], ""]
    lines.append(f"Sitemap: {absolute_url(reverse('newsroom:sitemap'))}")
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
