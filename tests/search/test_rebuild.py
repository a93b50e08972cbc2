"""Rebuilding a kind of the search index: in batches, resumable, without taking search away, and removing
what is no longer public (``search.services.documents_rebuild``)."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.core.management import call_command

from jembatan.search import selectors, services
from jembatan.search.models import SearchDocument, SearchRebuild
from tests.markers import needs_postgresql

pytestmark = pytest.mark.django_db


@dataclass
class Row:
    pk: int
    title: str


def source(n: int, word: str = "banjir") -> list[Row]:
    return [Row(pk, f"Kabar {word} nomor {pk}") for pk in range(1, n + 1)]


def document(row: Row) -> dict:
    return {"key": str(row.pk), "title": row.title, "summary": "", "body": "", "url": f"/x/{row.pk}/",
            "published_at": None, "regency_code": "19.71"}  # fmt: skip


def rebuild(rows: list[Row], **options) -> int:
    return services.documents_rebuild(
        kind="berita", rows=lambda after, limit: [r for r in rows if r.pk > after][:limit], document=document,
        total=lambda: len(rows), batch_size=3, **options,
    )  # fmt: skip


def test_every_public_row_is_indexed_in_batches_with_progress():
    seen = []
    assert rebuild(source(10), progress=seen.append) == 10
    assert [p.done for p in seen] == [3, 6, 9, 10] and {p.total for p in seen} == {10}
    assert SearchDocument.objects.filter(kind="berita").count() == 10
    assert selectors.search("banjir").total == 10
    assert SearchRebuild.objects.get().finished_at is not None


def test_an_interrupted_rebuild_resumes_where_it_stopped():
    rows = source(10)
    calls = []

    def failing(after, limit):
        calls.append(after)
        if len(calls) == 3:
            raise ConnectionError("the database went away")
        return [r for r in rows if r.pk > after][:limit]

    with pytest.raises(ConnectionError):
        services.documents_rebuild(kind="berita", rows=failing, document=document, total=lambda: 10, batch_size=3)
    run = SearchRebuild.objects.get()
    assert run.finished_at is None and run.done == 6 and run.position == 6
    seen = []
    assert rebuild(rows, progress=seen.append) == 10
    assert seen[0].resumed_from == 6 and SearchRebuild.objects.count() == 1  # the same run, carried on
    assert SearchDocument.objects.filter(kind="berita").count() == 10


def test_search_keeps_finding_the_old_text_while_a_rebuild_runs_and_what_left_is_removed():
    rebuild(source(6, "banjir"))
    during = []

    def rows(after, limit):
        during.append(selectors.search("banjir").total)
        return [r for r in source(4, "kebakaran") if r.pk > after][:limit]

    services.documents_rebuild(kind="berita", rows=rows, document=document, total=lambda: 4, batch_size=3)
    assert during[0] == 6  # nothing taken away before the new documents are written
    assert selectors.search("kebakaran").total == 4
    assert selectors.search("banjir").total == 0  # 5 and 6 are no longer in the source: removed
    assert SearchDocument.objects.filter(kind="berita").count() == 4


def test_a_document_changed_while_the_rebuild_runs_is_kept():
    rebuild(source(3))

    def rows(after, limit):
        if after == 0:  # the item behind key 99 is published while the rebuild runs (after the rebuild began)
            services.document_upsert(kind="berita", **{**document(Row(99, "Kabar banjir terbaru")), "key": "99"})
        return [r for r in source(3) if r.pk > after][:limit]

    services.documents_rebuild(kind="berita", rows=rows, document=document, total=lambda: 3, batch_size=3)
    assert SearchDocument.objects.filter(kind="berita", key="99").exists()


def test_other_kinds_are_left_alone_and_the_command_reports(capsys, regions):
    services.document_upsert(kind="kim", key="1", title="KIM Banjir Siaga", summary="", body="", url="/kim/a/",
                             published_at=None, regency_code="19.71")  # fmt: skip
    rebuild(source(2))
    assert SearchDocument.objects.filter(kind="kim").count() == 1
    call_command("search_reindex", "berita", "--every", "0")
    assert "berita: 0 documents indexed" in capsys.readouterr().out  # no news items in this database
    assert not SearchDocument.objects.filter(kind="berita").exists()


@needs_postgresql
@pytest.mark.django_db(transaction=True)
def test_outside_a_transaction_batches_are_written_by_a_second_thread_and_committed_one_by_one():
    from django.db import connection

    assert not connection.in_atomic_block
    committed = []

    def rows(after, limit):
        # What another connection sees while the rebuild runs: the batches written so far, committed.
        committed.append(SearchDocument.objects.filter(kind="berita").count())
        return [r for r in source(10) if r.pk > after][:limit]

    assert services.documents_rebuild(kind="berita", rows=rows, document=document, total=lambda: 10,
                                      batch_size=3) == 10  # fmt: skip
    assert SearchDocument.objects.filter(kind="berita").exclude(search_vector=None).count() == 10
    assert selectors.search("banjir").total == 10
    assert committed[0] == 0 and committed[-1] >= 6  # earlier batches were committed while later ones were read
