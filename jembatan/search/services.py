"""Writes to the search index. Owners of searchable content call these, usually after their commit.

The index holds only what is public: call ``document_upsert`` when an item becomes or stays public
and changes, ``document_remove`` when it stops being public. Both are idempotent.
"""

from __future__ import annotations

import datetime
import functools
import itertools
import time
from collections.abc import Callable, Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass

from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone

from jembatan.core.cache import bump_public_cache
from jembatan.search.backends import get_backend
from jembatan.search.models import SearchDocument, SearchRebuild
from jembatan.search.text import stem_text

TEXT_LIMIT = 100_000  # characters of body kept; the rest of a very long text is not searchable


def url_maker(name: str, argument: str) -> Callable[[str], str]:
    """``reverse(name, kwargs={argument: value})`` for many values at the cost of one ``reverse``: a rebuild
    reverses a million addresses. The value must be one the URL pattern takes as it is (a slug, a code)."""

    def make(value: str) -> str:
        from django.urls import get_script_prefix

        return _url_template(name, argument, get_script_prefix()).replace(URL_MARKER, value)

    return make


URL_MARKER = "__VALUE__"


@functools.lru_cache(maxsize=64)
def _url_template(name: str, argument: str, script_prefix: str) -> str:
    from django.urls import reverse

    return reverse(name, kwargs={argument: URL_MARKER})


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
    without ``kind``): ``documents_rebuild`` over a given set of documents rather than a source table.
    Returns how many were indexed."""
    source = iter(documents)
    numbers = itertools.count(1)

    def rows(after: int, limit: int) -> list[_Given]:
        return [_Given(next(numbers), values) for values in itertools.islice(source, limit)]

    return documents_rebuild(
        kind=kind, rows=rows, document=lambda row: row.values, total=lambda: 0, batch_size=batch_size
    )


@dataclass(frozen=True)
class _Given:
    pk: int
    values: dict


@dataclass(frozen=True)
class Progress:
    kind: str
    done: int
    total: int
    elapsed_s: float
    resumed_from: int  # documents written by an earlier, interrupted attempt of the same run


def documents_rebuild(
    *,
    kind: str,
    rows: Callable[[int, int], list],
    document: Callable[[object], dict],
    total: Callable[[], int],
    batch_size: int = 2000,
    progress: Callable[[Progress], None] | None = None,
) -> int:
    """Rebuild every document of ``kind`` from its source, without taking search away meanwhile.

    ``rows(after, limit)`` gives up to ``limit`` public source rows with a primary key above ``after``, in
    primary-key order; ``document(row)`` gives a row's document (``document_upsert``'s arguments without
    ``kind``); ``total()`` how many there are (for the progress).

    Each batch is written in a transaction of its own, replacing documents in place, so searches go on
    finding the old text until the new one is there, and an interrupted rebuild (a deploy, a crash, Ctrl-C)
    resumes where it stopped when started again. Preparing a batch (stemming, in Python) overlaps with
    writing the previous one (in the database). Last, the documents of the kind that this rebuild did not
    write and that nothing changed since it began are removed: they are no longer public.
    """
    run = SearchRebuild.objects.filter(kind=kind, finished_at__isnull=True).order_by("-pk").first()
    if run is None:
        run = SearchRebuild.objects.create(kind=kind, total=total())
    resumed_from, done, position = run.done, run.done, run.position
    started = time.monotonic()
    backend = get_backend()

    def write(documents: list[dict], last: int) -> int:
        with transaction.atomic():
            backend.upsert(kind, documents, run.pk)
            SearchRebuild.objects.filter(pk=run.pk).update(position=last, done=F("done") + len(documents))
        return len(documents)

    def write_in_thread(documents: list[dict], last: int) -> int:
        try:
            return write(documents, last)
        finally:
            connection.close()  # the writing thread's own connection

    # A second thread overlaps preparing and writing, each batch committed on its own connection. Inside a
    # caller's transaction (a test, a data load) everything must stay on the caller's connection: no thread.
    threaded = connection.vendor == "postgresql" and not connection.in_atomic_block
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="search-rebuild") as writer:
        pending = None

        def collect() -> None:
            nonlocal done
            done += pending.result()
            if progress:
                progress(Progress(kind, done, run.total, time.monotonic() - started, resumed_from))

        while True:
            batch = rows(position, batch_size)
            if not batch:
                break
            position = batch[-1].pk
            documents = []
            for row in batch:
                values = dict(document(row))
                key = str(values.pop("key"))
                documents.append({"key": key, **_fields(**values)})
            if pending is not None:
                collect()
            if threaded:
                pending = writer.submit(write_in_thread, documents, position)
            else:
                pending = Future()
                pending.set_result(write(documents, position))
            if len(batch) < batch_size:
                break
        if pending is not None:
            collect()
    _remove_stale(kind, run)
    SearchRebuild.objects.filter(pk=run.pk).update(finished_at=timezone.now())
    transaction.on_commit(bump_public_cache)
    return done


def _remove_stale(kind: str, run: SearchRebuild, batch_size: int = 5000) -> None:
    backend = get_backend()
    stale = SearchDocument.objects.filter(kind=kind, updated_at__lt=run.started_at).exclude(rebuild_run=run.pk)
    while True:
        with transaction.atomic():
            ids = list(stale.values_list("pk", flat=True)[:batch_size])
            if not ids:
                return
            backend.remove(ids)
            SearchDocument.objects.filter(pk__in=ids).delete()


def index_rebuild(
    *, kinds: Iterable[str] | None = None, progress: Callable[[Progress], None] | None = None
) -> dict[str, int]:
    """Run the registered rebuild of each kind (all by default). Returns documents indexed per kind."""
    from jembatan.search.registry import rebuilders

    registered = rebuilders()
    wanted = list(kinds) if kinds else list(registered)
    return {kind: registered[kind](progress=progress) for kind in wanted if kind in registered}
