import datetime

import pytest
from django.utils import timezone

from jembatan.search import services


@pytest.fixture
def index_document(db):
    """Index a news document with sensible defaults; returns the SearchDocument."""
    counter = iter(range(1, 1_000_000))

    def make(title="", summary="", body="", *, kind="berita", key=None, days_ago=0, **extra):
        n = next(counter)
        return services.document_upsert(
            kind=kind,
            key=key or f"doc-{n}",
            title=title or f"Dokumen {n}",
            summary=summary,
            body=body,
            url=extra.pop("url", f"/berita/doc-{n}/"),
            published_at=timezone.now() - datetime.timedelta(days=days_ago),
            regency_code="19.71",
            content_type=extra.pop("content_type", "Berita"),
            **extra,
        )

    return make
