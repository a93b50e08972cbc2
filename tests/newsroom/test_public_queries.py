"""Every public newsroom page makes the same few queries (at most 8) with 3 and with 300 items.

Items are bulk-inserted (load data, as in bench/generate.py: no services, no audit rows), spread over
every kecamatan and kelurahan, kinds and topics, with images and agendas. The public page cache is
emptied before every counted request, so each one really renders.
"""

from __future__ import annotations

import datetime

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from jembatan.communities.models import Kim
from jembatan.newsroom.models import Correction, Item, Topic
from jembatan.regions.models import Village
from tests.newsroom.test_public import VILLAGE_CODE
from tests.test_queries_scale import _count_queries

MAX_QUERIES = 8
KINDS = ["berita", "pengumuman", "infografis", "agenda"]
RENDITIONS = {
    "width": 1200,
    "height": 800,
    "sizes": [[320, "a-320.webp", "a-320.jpg"], [1024, "a-1024.webp", "a-1024.jpg"]],
}


def generate_items(n: int, *, start: int = 0) -> None:
    """``n`` visible items with topics; every third targets a kelurahan, every third a kecamatan."""
    villages = list(Village.objects.filter(district__regency_id="19.71").select_related("district").order_by("code"))
    topics = list(Topic.objects.filter(regency_id="19.71"))
    kim = Kim.objects.first()
    now = timezone.now()
    items = []
    for i in range(start, start + n):
        village = villages[i % len(villages)]
        kind = KINDS[i % len(KINDS)]
        items.append(
            Item(
                regency_id="19.71", kind=kind, status="terbit", title=f"Kabar massal {i}", slug=f"massal-{i:06d}",
                summary="Ringkasan kabar.", body="Isi.", body_html="<p>Isi.</p>", sources="Sumber",
                published_at=now - datetime.timedelta(minutes=i + 1), listed=True,
                village=village if i % 3 == 0 else None, district=village.district if i % 3 != 2 else None,
                image_renditions=RENDITIONS if i % 2 else {}, image_alt="Foto." if i % 2 else "",
                event_starts_at=now + datetime.timedelta(days=i % 7 + 1) if kind == "agenda" else None,
                kim=kim if i % 5 == 0 else None,
            )
        )  # fmt: skip
    created = Item.objects.bulk_create(items, batch_size=500)
    through = Item.topics.through
    through.objects.bulk_create(
        [through(item_id=item.pk, topic_id=topics[j % len(topics)].pk) for j, item in enumerate(created)]
        + [through(item_id=item.pk, topic_id=topics[(j + 1) % len(topics)].pk) for j, item in enumerate(created)],
        batch_size=1000,
    )
    Correction.objects.bulk_create([Correction(item=item, text="Koreksi kecil.") for item in created[:3]])


def _topics() -> None:
    for name, slug in (("Kesehatan", "kesehatan"), ("Jalan", "jalan"), ("Pendidikan", "pendidikan")):
        Topic.objects.create(regency_id="19.71", name=name, slug=slug)


@pytest.mark.django_db
def test_public_newsroom_pages_make_the_same_few_queries_with_3_and_300_items(client, regions):
    from bench.generate import generate_kims

    generate_kims(5, regency_code=regions, prefix="berita")
    _topics()
    generate_items(3)
    first = Item.objects.get(slug="massal-000000")  # a berita about Jalan and Kesehatan in a kelurahan
    district = first.district_id
    sample = Item.objects.get(slug="massal-000001")  # has an image and a correction
    image = f"/berita/gambar/{sample.pk}/a-320.webp"
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    default_storage.save(f"newsroom/r/{sample.pk}/a-320.webp", ContentFile(b"RIFF0000WEBPVP8 "))
    paths = [
        "/",
        "/berita/",
        f"/berita/?topik=kesehatan&kecamatan={district}&jenis=berita",
        f"/berita/?kecamatan={district}&halaman=2",
        "/berita/?halaman=99",
        f"/berita/{sample.slug}/",
        image,
        "/kelurahan/",
        f"/kelurahan/{VILLAGE_CODE}/",
        f"/kelurahan/{first.village_id}/",
        "/feeds/berita.rss",
        "/feeds/berita.atom",
        "/feeds/berita.json",
        "/feeds/topik/kesehatan.rss",
        "/feeds/kecamatan/19.71.07.json",
        "/sitemap.xml",
        "/sitemap-berita.xml",
        "/sitemap-kim.xml",
        "/sitemap-halaman.xml",
        "/sitemap-kelurahan.xml",
        "/robots.txt",
    ]
    for path in paths:
        _count_queries(client, path)  # warm up: anything loaded once per process is not counted below
    with_3 = {path: _count_queries(client, path) for path in paths}

    generate_items(297, start=3)
    assert Item.objects.count() == 300
    with_300 = {path: _count_queries(client, path) for path in paths}

    for path in paths:
        assert with_3[path] <= MAX_QUERIES, (path, with_3[path])
        assert with_300[path] == with_3[path], (path, with_3[path], with_300[path])


@pytest.mark.django_db
def test_the_list_counts_the_items_once(client, regions):
    _topics()
    generate_items(30)
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        client.get("/berita/?jenis=agenda")
    counts = [q["sql"] for q in queries if "COUNT(" in q["sql"].upper()]
    assert len(counts) == 1, counts


@pytest.mark.django_db
def test_full_newsroom_pages_weigh_under_60_kb_compressed(client, regions):
    """HTML plus the stylesheet and icon, gzip-compressed, images excluded: a full list page of cards
    with thumbnails, a long article, a busy kelurahan home and the home page."""
    import gzip
    from pathlib import Path

    from django.contrib.staticfiles import finders

    _topics()
    generate_items(40)
    Item.objects.filter(slug="massal-000001").update(body_html="<p>" + "Kalimat yang cukup panjang. " * 700 + "</p>")
    assets = sum(
        len(gzip.compress(Path(finders.find(p)).read_bytes())) for p in ["css/jembatan.css", "img/favicon.svg"]
    )
    urls = ["/", "/berita/", "/berita/massal-000001/", f"/kelurahan/{VILLAGE_CODE}/", "/feeds/berita.rss"]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200
        total = len(gzip.compress(response.content)) + (0 if url.startswith("/feeds/") else assets)
        assert total <= 60 * 1024, f"{url}: {total} bytes"
