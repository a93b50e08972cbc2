"""Feeds out: RSS 2.0 and Atom (django.contrib.syndication) and JSON Feed 1.1, for the whole city,
per topic and per kecamatan (a kecamatan's feed carries the whole-city items too).

Every address in a feed is absolute and built from the site's public address (``core.tenancy.base_url``), so a feed reads the same
whichever host name it was fetched under; an entry's id is its article's absolute address.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.http import Http404, HttpResponse
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Enclosure, Rss201rev2Feed
from django.utils.html import escape, linebreaks
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from jembatan.accounts.permissions import PUBLIC, require_access
from jembatan.core import tenancy
from jembatan.core.cache import public_page
from jembatan.newsroom import selectors
from jembatan.newsroom.models import ItemKind
from jembatan.newsroom.presentation import absolute_url, author_name, og_image
from jembatan.regions.selectors import district_list

FORMATS = {
    "rss": "application/rss+xml",
    "atom": "application/atom+xml",
    "json": "application/feed+json",
}
JSON_FEED_VERSION = "https://jsonfeed.org/version/1.1"


# --- What a feed covers --------------------------------------------------------------------------------


@dataclass
class FeedScope:
    title: str
    page_path: str  # the HTML page listing the same items
    url_name: str  # "feed", "topic_feed" or "district_feed", completed with the format
    kwargs: dict = field(default_factory=dict)
    topic: object = None
    district_code: str = ""

    def path(self, fmt: str) -> str:
        return reverse(f"newsroom:{self.url_name}_{fmt}", kwargs=self.kwargs)

    def items(self) -> list:
        return selectors.feed_items(
            regency_code=tenancy.regency_code(), topic=self.topic, district_code=self.district_code
        )


def scope_for(*, slug: str = "", code: str = "") -> FeedScope:
    """The scope of a feed address; an unknown topic or kecamatan is not found."""
    regency = tenancy.regency_code()
    site_title = _("%(site)s: news and announcements") % {"site": settings.SITE_NAME}
    if slug:
        topic = selectors.public_topic(regency_code=regency, slug=slug)
        if topic is None:
            raise Http404
        return FeedScope(
            title=_("%(feed)s — topic: %(topic)s") % {"feed": site_title, "topic": topic.name},
            page_path=reverse("newsroom:list") + "?" + urlencode({"topik": topic.slug}),
            url_name="topic_feed",
            kwargs={"slug": topic.slug},
            topic=topic,
        )
    if code:
        district = district_list(regency_code=regency).filter(code=code[:8]).first()
        if district is None:
            raise Http404
        return FeedScope(
            title=_("%(feed)s — Kecamatan %(district)s") % {"feed": site_title, "district": district},
            page_path=reverse("newsroom:list") + "?" + urlencode({"kecamatan": district.code}),
            url_name="district_feed",
            kwargs={"code": district.code},
            district_code=district.code,
        )
    return FeedScope(title=site_title, page_path=reverse("newsroom:list"), url_name="feed")


def feed_links(*, topic=None, district=None) -> list[dict]:
    """Autodiscovery links (``<link rel="alternate">``) for a page: the whole city, and the filtered feed."""
    scopes = [FeedScope(title=_("All news"), page_path="", url_name="feed")]
    if topic is not None:
        scopes.append(
            FeedScope(
                title=_("Topic: %(topic)s") % {"topic": topic.name},
                page_path="",
                url_name="topic_feed",
                kwargs={"slug": topic.slug},
            )
        )
    if district is not None:
        scopes.append(
            FeedScope(
                title=_("Kecamatan %(district)s") % {"district": district},
                page_path="",
                url_name="district_feed",
                kwargs={"code": district.code},
            )
        )
    labels = {"rss": "RSS", "atom": "Atom", "json": "JSON Feed"}
    return [
        {"type": mime, "title": f"{scope.title} ({labels[fmt]})", "href": scope.path(fmt), "format": labels[fmt]}
        for scope in scopes
        for fmt, mime in FORMATS.items()
    ]


# --- What an entry carries -----------------------------------------------------------------------------


def content_html(item) -> str:
    """The full sanitised article: its image, its body and, for an infographic, its text version."""
    parts = []
    image = og_image(item)
    if image is not None:
        parts.append(
            f'<p><img src="{escape(absolute_url(image.jpeg))}" width="{image.width}" height="{image.height}" '
            f'alt="{escape(item.image_alt)}"></p>'
        )
    parts.append(item.body_html)  # sanitised by nh3 when it was saved
    if item.kind == ItemKind.INFOGRAFIS and item.image_alt:
        parts.append(linebreaks(item.image_alt, autoescape=True))
    return "\n".join(part for part in parts if part)


def kim_url(item) -> str | None:
    if item.kim_id and item.kim is not None and item.kim.is_public:
        return absolute_url(reverse("communities:profile", kwargs={"slug": item.kim.slug}))
    return None


# --- RSS and Atom --------------------------------------------------------------------------------------


class _RssWithContent(Rss201rev2Feed):
    """RSS 2.0 with the full article in ``content:encoded`` (the description stays the summary)."""

    def rss_attributes(self):
        return {**super().rss_attributes(), "xmlns:content": "http://purl.org/rss/1.0/modules/content/"}

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        if item.get("content_html"):
            handler.addQuickElement("content:encoded", item["content_html"])


class _AtomWithContent(Atom1Feed):
    """Atom with the full article in ``<content type="html">``."""

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        if item.get("content_html"):
            handler.addQuickElement("content", item["content_html"], {"type": "html"})


class NewsFeed(Feed):
    feed_type = _RssWithContent
    fmt = "rss"
    language = "id"

    def get_object(self, request, slug: str = "", code: str = ""):
        return scope_for(slug=slug, code=code)

    def title(self, scope: FeedScope) -> str:
        return scope.title

    def description(self, scope: FeedScope) -> str:
        return _("The latest news, announcements, infographics and agendas from %(organisation)s.") % {
            "organisation": tenancy.organisation()
        }

    subtitle = description

    def link(self, scope: FeedScope) -> str:
        return absolute_url(scope.page_path)

    def feed_url(self, scope: FeedScope) -> str:
        return absolute_url(scope.path(self.fmt))

    def feed_guid(self, scope: FeedScope) -> str:
        return absolute_url(scope.path(self.fmt))

    def author_name(self) -> str:
        return tenancy.organisation()

    def items(self, scope: FeedScope) -> list:
        return scope.items()

    def item_title(self, item) -> str:
        return item.title

    def item_description(self, item) -> str:
        return escape(item.summary)

    def item_link(self, item) -> str:
        return absolute_url(item.get_absolute_url())

    def item_guid(self, item) -> str:
        return absolute_url(item.get_absolute_url())

    item_guid_is_permalink = True

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.published_at

    def item_author_name(self, item) -> str:
        return author_name(item)

    def item_author_link(self, item) -> str | None:
        return kim_url(item)

    def item_categories(self, item) -> list[str]:
        return [topic.name for topic in item.topics.all()]

    def item_enclosures(self, item) -> list[Enclosure]:
        image = og_image(item)
        # The length is unknown without asking the storage for every file: 0 is the RSS Board's advice.
        return [Enclosure(absolute_url(image.jpeg), "0", "image/jpeg")] if image else []

    def item_extra_kwargs(self, item) -> dict:
        return {"content_html": content_html(item)}


class NewsAtomFeed(NewsFeed):
    feed_type = _AtomWithContent
    fmt = "atom"


# --- JSON Feed 1.1 -------------------------------------------------------------------------------------


def json_feed_document(scope: FeedScope) -> dict:
    entries = []
    for item in scope.items():
        url = absolute_url(item.get_absolute_url())
        image = og_image(item)
        author = {"name": author_name(item)}
        if kim_url(item):
            author["url"] = kim_url(item)
        entry = {
            "id": url,
            "url": url,
            "title": item.title,
            "summary": item.summary,
            "content_html": content_html(item),
            "date_published": item.published_at.isoformat(),
            "authors": [author],
            "tags": [topic.name for topic in item.topics.all()],
            "language": "id",
        }
        if image is not None:
            entry["image"] = absolute_url(image.jpeg)
        if item.origin_url:
            entry["external_url"] = item.origin_url
        entries.append(entry)
    return {
        "version": JSON_FEED_VERSION,
        "title": scope.title,
        "home_page_url": absolute_url(scope.page_path),
        "feed_url": absolute_url(scope.path("json")),
        "description": NewsFeed().description(scope),
        "language": "id",
        "authors": [{"name": tenancy.organisation()}],
        "items": entries,
    }


def _json_feed(request, slug: str = "", code: str = ""):
    document = json_feed_document(scope_for(slug=slug, code=code))
    return HttpResponse(
        json.dumps(document, ensure_ascii=False, separators=(",", ":")),
        content_type="application/feed+json; charset=utf-8",
    )


def _public_feed(view):
    return require_access(PUBLIC)(public_page(view))


rss_view = _public_feed(NewsFeed())
atom_view = _public_feed(NewsAtomFeed())
json_view = _public_feed(_json_feed)


@require_access(PUBLIC)
@public_page
def feeds_page_view(request):
    """/feeds/: what a feed is and every feed this site offers (a browser opening one sees raw XML)."""
    from django.shortcuts import render

    from jembatan.newsroom.selectors import topics_for
    from jembatan.regions.selectors import district_list

    regency = tenancy.regency_code()
    sections = [{"title": _("All news"), "links": feed_links()[:3]}]
    for topic in topics_for(regency):
        sections.append({"title": _("Topic: %(topic)s") % {"topic": topic.name}, "links": feed_links(topic=topic)[3:]})
    for district in district_list(regency_code=regency):
        sections.append(
            {"title": _("Kecamatan %(district)s") % {"district": district}, "links": feed_links(district=district)[3:]}
        )
    return render(request, "newsroom/feeds_page.html", {"sections": sections})
