"""Published news in the REST API: what the public pages and feeds show, for other systems
(a province's instance, a kelurahan website, a display board)."""

import datetime

from django.http import Http404
from ninja import Field, Query, Router, Schema
from ninja.decorators import decorate_view
from ninja.pagination import paginate

from jembatan.core import tenancy
from jembatan.core.api_pagination import Keyset, KeysetPagination
from jembatan.core.cache import public_page
from jembatan.newsroom import selectors
from jembatan.newsroom.models import ItemKind
from jembatan.newsroom.presentation import absolute_url, author_name, og_image

router = Router(tags=["news"])


class NewsOut(Schema):
    slug: str
    kind: str
    title: str
    summary: str
    url: str
    published_at: datetime.datetime
    district_code: str | None
    village_code: str | None
    image_url: str | None
    image_alt: str


class CorrectionOut(Schema):
    created_at: datetime.datetime
    text: str


class NewsDetailOut(NewsOut):
    body_html: str
    author: str
    topics: list[str]
    sources: list[str]
    expires_at: datetime.datetime | None
    event_starts_at: datetime.datetime | None
    event_ends_at: datetime.datetime | None
    event_place: str
    kim_slug: str | None
    origin_name: str
    origin_url: str
    corrections: list[CorrectionOut]
    archived: bool


class NewsFilter(Schema):
    jenis: str = Field("", pattern=r"^(" + "|".join(ItemKind.values) + r")?$")
    kecamatan: str = Field("", pattern=r"^(\d{2}\.\d{2}\.\d{2})?$")
    topik: str = Field("", max_length=70, pattern=r"^[-a-z0-9]*$")


def _news_out(item) -> dict:
    image = og_image(item)
    return {
        "slug": item.slug,
        "kind": item.kind,
        "title": item.title,
        "summary": item.summary,
        "url": absolute_url(item.get_absolute_url()),
        "published_at": item.published_at,
        "district_code": item.district_id,
        "village_code": item.village_id,
        "image_url": absolute_url(image.jpeg) if image else None,
        "image_alt": item.image_alt if image else "",
    }


ORDER = ("-published_at", "-id")


@router.get("/news", response=list[NewsOut], summary="Published news, newest first")
@paginate(KeysetPagination)
@decorate_view(public_page)
def news_list(request, filters: Query[NewsFilter]):
    """Visible items (published, not expired). A kecamatan filter includes the whole-city items."""
    regency = tenancy.regency_code()
    topic = selectors.public_topic(regency_code=regency, slug=filters.topik) if filters.topik else None
    if filters.topik and topic is None:
        return Keyset(selectors.public_item_cards(regency_code=regency).none(), order=ORDER, mapper=_news_out)
    items = selectors.public_item_cards(
        regency_code=regency, topic=topic, district_code=filters.kecamatan, kind=filters.jenis
    )
    return Keyset(items, order=ORDER, mapper=_news_out)


@router.get("/news/{slug}", response=NewsDetailOut, summary="One published item")
@decorate_view(public_page)
def news_detail(request, slug: str):
    item = selectors.public_item(slug[:170])
    if item is None:
        raise Http404
    return {
        **_news_out(item),
        "body_html": item.body_html,
        "author": author_name(item),
        "topics": [topic.name for topic in item.topics.all()],
        "sources": item.source_lines,
        "expires_at": item.expires_at,
        "event_starts_at": item.event_starts_at,
        "event_ends_at": item.event_ends_at,
        "event_place": item.event_place,
        "kim_slug": item.kim.slug if item.kim_id and item.kim.is_public else None,
        "origin_name": item.origin_name,
        "origin_url": item.origin_url,
        "corrections": [{"created_at": c.dated, "text": c.text} for c in item.corrections.all()],
        "archived": not item.is_visible,  # archived, or past its expiry
    }
