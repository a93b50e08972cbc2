"""Published news is found in Indonesian through the site search; archived news is not."""

import pytest

from jembatan.newsroom import indexing, services
from jembatan.search.models import SearchDocument
from tests.factories import make_item

pytestmark = pytest.mark.django_db


def test_a_published_item_is_found_by_an_inflected_word_and_leaves_when_archived(client, regions):
    item = make_item(
        title="Warga membangun pos ronda baru",
        summary="Pos ronda di RT 04 selesai dalam dua minggu.",
        body="Kerja bakti membangun pos ronda melibatkan 30 warga.",
    )
    page = client.get("/cari/", {"q": "pembangunan pos"}).content.decode()
    assert item.get_absolute_url() in page
    assert "<mark>" in page
    assert "Berita" in page  # the type label, in the reader's language

    services.item_archive(actor=item.publisher, item=item)
    services.items_sync_listing(items=[item.pk])
    assert not SearchDocument.objects.filter(kind="berita", key=str(item.pk)).exists()
    assert item.get_absolute_url() not in client.get("/cari/", {"q": "pembangunan pos"}).content.decode()


def test_drafts_are_never_indexed_and_a_rebuild_keeps_only_visible_items(regions):
    draft = make_item(status="draf", title="Rencana rahasia yang belum terbit")
    published = make_item(title="Pasar murah di Gerunggang")
    SearchDocument.objects.all().delete()
    assert indexing.rebuild() == 1
    keys = set(SearchDocument.objects.filter(kind="berita").values_list("key", flat=True))
    assert keys == {str(published.pk)} and str(draft.pk) not in keys


def test_an_infographic_is_found_by_its_text_alternative(client, regions):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from jembatan.newsroom.demo import _infographic

    upload = _infographic()
    item = make_item(
        kind="infografis",
        title="Cara memilah sampah",
        image=SimpleUploadedFile("i.png", upload.read(), content_type="image/png"),
        image_alt="Wadah hijau untuk sampah organik, wadah kuning untuk plastik, wadah merah untuk baterai bekas.",
    )
    assert item.get_absolute_url() in client.get("/cari/", {"q": "baterai"}).content.decode()


def test_publishing_refreshes_the_cached_public_pages(client, regions, django_capture_on_commit_callbacks):
    """/berita/, the feed and the search are served from the public cache; a publication shows at once."""
    from django.utils import translation

    from jembatan.accounts.roles import Role
    from tests.factories import make_staff

    make_item(title="Berita pertama yang sudah terbit")
    for path in ("/berita/", "/feeds/berita.atom", "/cari/?q=pembangunan"):
        client.get(path)  # now cached
    item = make_item(status="ditinjau", title="Pembangunan taman kota dimulai", summary="Taman baru dibangun.")
    with translation.override("en"), django_capture_on_commit_callbacks(execute=True):
        services.item_publish(
            actor=make_staff(Role.EDITOR), item=item, check_sources=True, check_facts=True, check_plain_language=True
        )
    for path in ("/berita/", "/feeds/berita.atom", "/cari/?q=pembangunan"):
        assert item.get_absolute_url() in client.get(path).content.decode(), path


def test_the_search_page_shows_only_this_instances_regency(client, regions):
    from jembatan.search import services as search

    search.document_upsert(
        kind="berita", key="lain-1", title="Pembangunan jembatan di Bangka", summary="Kabupaten lain.", body="",
        url="/berita/lain/", published_at=None, regency_code="19.01",
    )  # fmt: skip
    item = make_item(title="Pembangunan jembatan di Pangkalpinang", summary="Kota ini.")
    page = client.get("/cari/", {"q": "jembatan"}).content.decode()
    assert item.get_absolute_url() in page and "/berita/lain/" not in page
