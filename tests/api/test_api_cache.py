"""Pollers get the same fast path as visitors: cached public reads, ETag/Last-Modified and 304."""

from __future__ import annotations

import pytest

from jembatan.api.api import api
from jembatan.core.cache import public_page

# GET operations that answer one person's own data: never cached, whatever the path.
PRIVATE_READS = {"aspiration_private"}
# GET operations that are computed without the database and are cheap, or describe the API itself.
UNCACHED_READS = {"working_days", "days_off"}


def _get_operations():
    for _prefix, router in api._routers:
        for path_view in router.path_operations.values():
            for operation in path_view.operations:
                if "GET" in operation.methods:
                    yield operation


def test_every_public_get_operation_is_cached_and_no_private_one_is():
    seen = set()
    for operation in _get_operations():
        name = operation.view_func.__name__
        seen.add(name)
        cached = public_page in getattr(operation, "_run_decorators", [])
        if name in PRIVATE_READS or name in UNCACHED_READS:
            assert not cached, f"{name} must not be cached"
        else:
            assert cached, f"{name} is a public read: decorate it with @decorate_view(public_page)"
    assert seen >= PRIVATE_READS | UNCACHED_READS


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/coverage",
        "/api/v1/news",
        "/api/v1/kims",
        "/api/v1/aspirations",
        "/feeds/berita.rss",
        "/feeds/berita.atom",
    ],
)
def test_a_poller_gets_304_with_the_etag_or_the_date_it_holds(client, db, path, django_assert_num_queries):
    first = client.get(path)
    assert first.status_code == 200
    etag, modified = first["ETag"], first["Last-Modified"]
    with django_assert_num_queries(0):
        again = client.get(path)
    assert again.status_code == 200 and again.content == first.content
    with django_assert_num_queries(0):
        by_etag = client.get(path, headers={"If-None-Match": etag})
    assert by_etag.status_code == 304
    assert by_etag.content == b""
    assert by_etag["ETag"] == etag
    by_date = client.get(path, headers={"If-Modified-Since": modified})
    assert by_date.status_code == 304
    changed = client.get(path, headers={"If-None-Match": '"something-else"'})
    assert changed.status_code == 200 and changed.content == first.content


def test_a_publication_changes_the_etag(client, db, django_capture_on_commit_callbacks):
    from jembatan.core.cache import bump_public_cache
    from tests.factories import make_kim

    first = client.get("/api/v1/kims")
    make_kim(status="aktif")
    bump_public_cache()
    second = client.get("/api/v1/kims", headers={"If-None-Match": first["ETag"]})
    assert second.status_code == 200
    assert second["ETag"] != first["ETag"]


def test_the_reporters_private_view_is_never_cached(client, db, django_capture_on_commit_callbacks):
    from jembatan.aspirations import services
    from tests.factories import make_aspiration

    aspiration = make_aspiration()
    url = f"/api/v1/aspirations/{aspiration.code}/private"
    secret = services.aspiration_secret(aspiration)
    for _ in range(2):
        response = client.get(url, headers={"X-Tracking-Secret": secret})
        assert response.status_code == 200
        assert response.get("ETag") is None
        assert response["Cache-Control"] == "no-store"
    assert client.get(url).status_code in (401, 403, 404)
