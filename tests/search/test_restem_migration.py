"""Upgrading re-stems the existing index with the new stemmer, so old documents are still found."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from jembatan.search import selectors
from jembatan.search.models import SearchDocument


def _migrate(target):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(target)


@pytest.mark.django_db(transaction=True)
def test_documents_stemmed_by_the_old_stemmer_are_restemmed_and_found():
    _migrate([("search", "0002_fulltext")])
    try:
        from django.db.migrations.loader import MigrationLoader

        old = MigrationLoader(connection).project_state(("search", "0002_fulltext")).apps
        Old = old.get_model("search", "SearchDocument")
        doc = Old.objects.create(
            kind="berita", key="lama-1", regency_code="19.71", title="Pembangunan jalan lingkungan",
            url="/berita/lama-1/", stemmed_title="stem-lama stem-lama stem-lama",
        )  # fmt: skip
    finally:
        _migrate([("search", "0003_restem_with_snowball")])
        _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
    stored = SearchDocument.objects.get(pk=doc.pk)
    assert stored.stemmed_title == "bangun jalan lingkung"
    found = selectors.search("membangun jalan")
    assert [r.url for r in found.results] == ["/berita/lama-1/"]
