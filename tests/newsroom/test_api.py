"""Published news in the REST API."""

import pytest

from tests.factories import make_item

pytestmark = pytest.mark.django_db


def test_the_list_has_only_visible_items_newest_first_with_filters(client, regions):
    old = make_item(title="Berita lama", kind="pengumuman")
    new = make_item(title="Berita baru")
    make_item(status="ditinjau", title="Belum terbit")
    make_item(status="diarsipkan", title="Sudah diarsipkan")
    data = client.get("/api/v1/news").json()
    assert [row["slug"] for row in data["items"]] == [new.slug, old.slug] and data["next"] is None
    assert data["items"][0]["url"].endswith(f"/berita/{new.slug}/")
    assert [r["slug"] for r in client.get("/api/v1/news?jenis=pengumuman").json()["items"]] == [old.slug]
    assert client.get("/api/v1/news?jenis=rahasia").status_code == 422
    assert client.get("/api/v1/news?topik=tidak-ada").json()["items"] == []


def test_the_detail_gives_the_sanitised_body_sources_and_corrections(client, regions):
    from jembatan.newsroom import services

    item = make_item(body="**Penting** <script>alert(1)</script>", sources="Dinas A\nDinas B")
    services.item_add_correction(actor=item.publisher, item=item, text="Tanggal yang benar 2 Desember.")
    data = client.get(f"/api/v1/news/{item.slug}").json()
    assert "<strong>Penting</strong>" in data["body_html"] and "<script>" not in data["body_html"]
    assert data["sources"] == ["Dinas A", "Dinas B"]
    assert [c["text"] for c in data["corrections"]] == ["Tanggal yang benar 2 Desember."]
    assert client.get(f"/api/v1/news/{make_item(status='draf').slug}").status_code == 404
