"""Keeps the search index in step with what the public sees (see ``services.items_sync_listing``)."""

from __future__ import annotations

from django.utils import timezone

from jembatan.newsroom.models import Item, ItemKind
from jembatan.newsroom.rendering import html_to_text
from jembatan.search import services as search
from jembatan.search.models import DocumentKind

_item_url = search.url_maker("newsroom:detail", "slug")


def _document(item: Item) -> dict:
    body = html_to_text(item.body_html)
    if item.image_alt:
        body = f"{body}\n{item.image_alt}"  # an infographic's content is in its text alternative
    return {
        "key": str(item.pk),
        "title": item.title,
        "summary": item.summary,
        "body": body,
        "url": _item_url(item.slug),
        "published_at": item.published_at,
        "regency_code": item.regency_id,
        "district_code": item.district_id or "",
        "village_code": item.village_id or "",
        "content_type": item.kind,  # shown through ItemKind's label, in the reader's language
    }


def index_item(item: Item) -> None:
    """Put a visible item in the search index."""
    search.document_upsert(kind=DocumentKind.BERITA, **_document(item))


def unindex_item(item: Item) -> None:
    """Remove an item that is no longer visible from the search index."""
    search.document_remove(kind=DocumentKind.BERITA, key=str(item.pk))


def _visible_rows(after: int, limit: int) -> list[Item]:
    return list(
        Item.objects.visible()
        .filter(pk__gt=after)
        .only("pk", "title", "summary", "body_html", "image_alt", "slug", "published_at", "regency_id", "district_id",
              "village_id", "kind")
        .order_by("pk")[:limit]
    )  # fmt: skip


def rebuild(progress=None) -> int:
    """Rebuild every news document (``manage.py search_reindex``) and mark exactly the visible items listed."""
    count = search.documents_rebuild(
        kind=DocumentKind.BERITA, rows=_visible_rows, document=_document, total=Item.objects.visible().count,
        progress=progress,
    )  # fmt: skip
    now = timezone.now()
    Item.objects.not_visible(now).filter(listed=True).update(listed=False)
    Item.objects.visible(now).filter(listed=False).update(listed=True)
    return count


def search_labels() -> dict[str, str]:
    """Each item kind is a content type of its own on a search result (news, announcement, agenda …)."""
    return dict(ItemKind.choices)
