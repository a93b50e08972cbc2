"""``/sitemap.xml`` (an index of sections, each paginated) and ``/robots.txt``.

The sections are the portal's own pages plus those each capability declares in the registry.
Addresses are absolute and built from the site's public address (``core.tenancy.base_url``) (django.contrib.sites is not used), so search
engines see the public host whatever Host header reached the app server.
"""

from __future__ import annotations

from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps import views as sitemap_views
from django.contrib.sitemaps.views import SitemapIndexItem
from django.http import Http404, HttpResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.module_loading import import_string

from jembatan.accounts.permissions import PUBLIC, require_access
from jembatan.core.cache import public_page
from jembatan.core.registry import sitemap_sections as registry_sitemap_sections
from jembatan.core.sitemaps import PublicSitemap
from jembatan.newsroom.presentation import absolute_url

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


class StaticPagesSitemap(PublicSitemap):
    def items(self):
        return STATIC_PAGES

    def location(self, name):
        return reverse(name)


def sitemap_sections() -> dict[str, type[Sitemap]]:
    """The portal's own pages, then each capability's declared sections, in the registry's order."""
    sections: dict[str, type[Sitemap]] = {"halaman": StaticPagesSitemap}
    sections.update((section.name, import_string(section.path)) for section in registry_sitemap_sections())
    return sections


@require_access(PUBLIC)
@public_page
def sitemap_index_view(request):
    """Every section and every page of it, with absolute addresses from the site's public address."""
    entries = []
    for section, sitemap_class in sitemap_sections().items():
        sitemap = sitemap_class()
        location = absolute_url(reverse("core:sitemap_section", kwargs={"section": section}))
        lastmod = sitemap.get_latest_lastmod()
        entries.append(SitemapIndexItem(location, lastmod))
        entries.extend(
            SitemapIndexItem(f"{location}?p={page}", lastmod) for page in range(2, sitemap.paginator.num_pages + 1)
        )
    return TemplateResponse(request, "sitemap_index.xml", {"sitemaps": entries}, content_type="application/xml")


@require_access(PUBLIC)
@public_page
def sitemap_section_view(request, section: str):
    sections = sitemap_sections()
    if section not in sections:
        raise Http404
    return sitemap_views.sitemap(request, sections, section=section)


@require_access(PUBLIC)
@public_page
def robots_view(request):
    lines = ["User-agent: *", *[f"Disallow: {path}" for path in DISALLOWED], ""]
    lines.append(f"Sitemap: {absolute_url(reverse('core:sitemap'))}")
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
