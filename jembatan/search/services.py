"""Writes to the search index. Owners of searchable content call these, usually after their commit.

The index holds only what is public: call ``document_upsert`` when an item becomes or stays public
and changes, ``document_remove`` when it stops being public. Both are idempotent.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.db import transaction

from jembatan.core.cache import bump_public_cache
from jembatan.search.backends import get_backend
from jembatan.search.models import SearchDocument
from jembatan.search.text import stem_text

TEXT_LIMIT = 100_000  # characters of body kept; the rest of a very long text is not searchable


def _fields(
    *,
    title: str,
    summary: str,
    body: str,
    url: str,
    published_at: datetime.datetime | None,
    regency_code: str,
    district_code: str = "",
    village_code: str = "",
    content_type: str = "",
) -> dict:
    title = (title or "").strip()[:300]
    summary = (summary or "").strip()[:TEXT_LIMIT]
    body = (body or "").strip()[:TEXT_LIMIT]
    return {
        "title": title,
        "summary": summary,
        "body": body,
        "url": url[:300],
        "published_at": published_at,
        "regency_code": regency_code or "",
        "district_code": district_code or "",
        "village_code": village_code or "",
        "content_type": (content_type or "")[:50],
        "stemmed_title": stem_text(title),
        "stemmed_summary": stem_text(summary),
        "stemmed_body": stem_text(body),
    }


def document_upsert(
    *,
    kind: str,
    key: str,
    title: str,
    summary: str,
    body: str,
    url: str,
    published_at: datetime.datetime | None,
    regency_code: str,
    district_code: str = "",
    village_code: str = "",
    content_type: str = "",
) -> SearchDocument:
    """Add or replace the document ``(kind, key)``. Texts are plain text (no HTML)."""
    values = _fields(
        title=title, summary=summary, body=body, url=url, published_at=published_at, regency_code=regency_code,
        district_code=district_code, village_code=village_code, content_type=content_type,
    )  # fmt: skip
    with transaction.atomic():
        document, _created = SearchDocument.objects.select_for_update().update_or_create(
            kind=kind, key=str(key), defaults=values
        )
        get_backend().index([document.pk])
        transaction.on_commit(bump_public_cache)
    return document


def document_remove(*, kind: str, key: str) -> bool:
    """Take ``(kind, key)`` out of the index. True if it was there."""
    with transaction.atomic():
        ids = list(
            SearchDocument.objects.select_for_update().filter(kind=kind, key=str(key)).values_list("pk", flat=True)
        )
        if not ids:
            return False
        get_backend().remove(ids)
        SearchDocument.objects.filter(pk__in=ids).delete()
        transaction.on_commit(bump_public_cache)
    return True


def documents_replace(*, kind: str, documents: Iterable[dict], batch_size: int = 1000) -> int:
    """Replace every document of ``kind`` with ``documents`` (dicts of ``document_upsert``'s arguments
    without ``kind``), in one transaction. For rebuilds; returns how many were indexed."""
    backend = get_backend()
    count = 0
    with transaction.atomic():
        old = list(SearchDocument.objects.filter(kind=kind).values_list("pk", flat=True))
        backend.remove(old)
        SearchDocument.objects.filter(pk__in=old).delete()
        batch: list[SearchDocument] = []
        for values in documents:
            values = dict(values)
            key = str(values.pop("key"))
            batch.append(SearchDocument(kind=kind, key=key, **_fields(**values)))
            if len(batch) >= batch_size:
                count += _store(batch, backend)
                batch = []
        count += _store(batch, backend)
        transaction.on_commit(bump_public_cache)
    return count


def _store(batch: list[SearchDocument], backend) -> int:
    if not batch:
        return 0
    SearchDocument.objects.bulk_create(batch)
    ids = list(
        SearchDocument.objects.filter(kind=batch[0].kind, key__in=[d.key for d in batch]).values_list("pk", flat=True)
    )
    backend.index(ids)
    return len(batch)


def index_rebuild(*, kinds: Iterable[str] | None = None) -> dict[str, int]:
    """Run the registered rebuild of each kind (all by default). Returns documents indexed per kind."""
    from jembatan.search.registry import rebuilders

    registered = rebuilders()
    wanted = list(kinds) if kinds else list(registered)
    return {kind: registered[kind]() for kind in wanted if kind in registered}
