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
    return ["/", "/kim/", f"/kim/{slug}/", "/cakupan/", "/api/v1/coverage", "/api/v1/kims", f"/api/v1/kims/{slug}"]


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
        f"/api/v1/aspirations/{small['sample_code']}",
    ]
    for path in paths:
        _count_queries(client, path)  # warm up
    with_10 = {path: _count_queries(client, path) for path in paths}
    generate_aspirations(4_990, regency_code=regions, start=10)
    with_5000 = {path: _count_queries(client, path) for path in paths}
    for path in paths:
        assert 0 < with_10[path] <= MAX_QUERIES, (path, with_10[path])
        assert with_5000[path] == with_10[path], (path, with_10[path], with_5000[path])


def _same_queries_at_two_sizes(client, paths: list[str], grow) -> None:
    for path in paths:
        _count_queries(client, path)  # warm up
    small = {path: _count_queries(client, path) for path in paths}
    grow()
    large = {path: _count_queries(client, path) for path in paths}
    for path in paths:
        assert 0 < small[path] <= MAX_QUERIES, (path, small[path])
        assert large[path] == small[path], (path, small[path], large[path])


@pytest.mark.django_db
def test_news_pages_the_news_api_feeds_and_search_make_the_same_queries_with_10_and_2000_items(client, regions):
    from bench.generate import generate_items

    slug = generate_items(10, regency_code=regions)["sample_item_slug"]
    paths = [
        "/berita/", f"/berita/{slug}/", "/berita/?halaman=2", "/api/v1/news", "/api/v1/news?limit=100",
        f"/api/v1/news/{slug}", "/feeds/berita.rss", "/feeds/berita.atom", "/feeds/berita.json",
        "/cari/?q=warga+kota",
    ]  # fmt: skip
    _same_queries_at_two_sizes(client, paths, lambda: generate_items(1_990, regency_code=regions, start=10))
    # A page of the API far down the list, reached by its cursor, costs what the first page costs.
    url = "/api/v1/news?limit=100"
    for _ in range(10):
        url = client.get(url).json()["next"]
    assert _count_queries(client, url) == _count_queries(client, "/api/v1/news?limit=100")


@pytest.mark.django_db
def test_information_and_clarification_pages_make_the_same_queries_with_10_and_2000_rows(client, regions):
    from bench.generate import generate_information, generate_literacy

    number = generate_information(12, 10, regency_code=regions)["sample_number"]
    generate_literacy(2, 10, regency_code=regions)
    paths = [
        "/informasi/", "/informasi/?q=anggaran", "/informasi/permohonan/", f"/informasi/permohonan/{number}/",
        f"/api/v1/information-requests/{number}", "/kegiatan/", "/cek-fakta/", "/cek-fakta/bench-klaim-1/",
        "/feeds/cek-fakta.atom", "/feeds/cek-fakta.json",
    ]  # fmt: skip

    def grow():
        from jembatan.clarifications.models import Claim

        generate_information(1_988, 1_990, regency_code=regions, start=12)
        first = Claim.objects.get(slug="bench-klaim-1")
        Claim.objects.bulk_create(
            [
                Claim(
                    regency_id=first.regency_id,
                    slug=f"lagi-{n}",
                    title=f"Klaim lain {n}",
                    circulated_text=f"teks {n}",
                    seen_where="Grup",
                    first_seen=first.first_seen,
                    verdict=first.verdict,
                    explanation="Lain.",
                    sources=first.sources,
                    status="terbit",
                    published_at=first.published_at,
                    signature=first.signature,
                )  # fmt: skip
                for n in range(1_990)
            ]
        )

    _same_queries_at_two_sizes(client, paths, grow)
