"""The public pages and the coverage API make a fixed, small number of queries, whatever the data size.

The pages are measured with 10 KIMs and again with 10,000 KIMs, the report pages and the report list
of the API with 10 reports and again with 5,000 (bench/generate.py, bulk inserts; `make bench` counts
the same report paths again with 100,000 reports on PostgreSQL, see bench/scale.py).
The public page cache is emptied before every counted request, so each one really renders.
"""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from bench.generate import generate_kims
from jembatan.communities.models import Kim, KimMember
from jembatan.core.cache import clear_local_public_cache

MAX_QUERIES = 8


def _paths(slug: str) -> list[str]:
    return ["/", "/kim/", f"/kim/{slug}/", "/cakupan/", "/api/v1/coverage"]


def _count_queries(client, path: str) -> int:
    cache.clear()
    clear_local_public_cache()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path, headers={"accept-language": "id"})
    assert response.status_code == 200, (path, response.status_code)
    return len(queries)


def _counts(client, slug: str) -> dict[str, int]:
    return {path: _count_queries(client, path) for path in _paths(slug)}


@pytest.mark.django_db
def test_public_pages_make_the_same_few_queries_with_10_and_10000_kims(client, regions):
    small = generate_kims(10, regency_code=regions, prefix="skala")
    slug = small["sample_slug"]
    _counts(client, slug)  # warm up: anything loaded once per process is not counted below
    with_10 = _counts(client, slug)

    generate_kims(9_990, regency_code=regions, prefix="skala", start=10)
    assert Kim.objects.count() == 10_000
    assert KimMember.objects.count() == 50_000
    with_10000 = _counts(client, slug)

    for path in _paths(slug):
        assert 0 < with_10[path] <= MAX_QUERIES, (path, with_10[path])
        assert with_10000[path] == with_10[path], (path, with_10[path], with_10000[path])


@pytest.mark.django_db
def test_generated_kims_are_mostly_active_and_spread_over_every_village(regions):
    summary = generate_kims(200, regency_code=regions, prefix="sebaran")
    kims = Kim.objects.filter(slug__startswith="sebaran-")
    assert summary["kims"] == kims.count() == 200
    assert summary["members"] == 1000
    assert kims.filter(status="aktif").count() >= 160
    assert kims.values("village").distinct().count() == summary["villages"] == 42
    assert not kims.filter(status__in=["aktif", "tidak_aktif", "dikukuhkan"], sk_number="").exists()
    assert KimMember.objects.filter(kim__in=kims, role="ketua").count() == 200


@pytest.mark.django_db
def test_public_report_pages_make_the_same_few_queries_with_10_and_5000_reports(client, regions):
    from bench.generate import generate_aspirations

    small = generate_aspirations(10, regency_code=regions)
    paths = [
        "/aspirasi/",
        f"/aspirasi/{small['sample_code']}/",
        "/aspirasi/kinerja/",
        "/aspirasi/?status=selesai&halaman=2",
        "/aspirasi/?halaman=50",
        "/api/v1/aspirations",
    ]
    for path in paths:
        _count_queries(client, path)  # warm up
    with_10 = {path: _count_queries(client, path) for path in paths}
    generate_aspirations(4_990, regency_code=regions, start=10)
    with_5000 = {path: _count_queries(client, path) for path in paths}
    for path in paths:
        assert 0 < with_10[path] <= MAX_QUERIES, (path, with_10[path])
        assert with_5000[path] == with_10[path], (path, with_10[path], with_5000[path])
