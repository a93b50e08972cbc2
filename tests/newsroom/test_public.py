"""The public newsroom pages: the list and its filters, the article, images, Open Graph, the
kelurahan home, the home page's news, the sitemap and robots.txt."""

from __future__ import annotations

import datetime
import io
import re

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import ExifTags, Image

from jembatan.accounts.roles import Role
from jembatan.newsroom import images, services
from jembatan.newsroom.models import Item
from jembatan.regions.models import District, Village
from tests.factories import make_item, make_kim, make_staff, photo_with_location

pytestmark = pytest.mark.django_db

BASE = "https://jembatan.example.go.id"
VILLAGE_CODE = "19.71.07.1003"  # Kelurahan Bukit Besar, Kecamatan Girimaya (19.71.07)


# --- Helpers shared with the feed and query tests -------------------------------------------------------


def image_upload(size=(1200, 800)):
    """A phone photo with camera and GPS metadata, checked the way the staff form checks it."""
    photo = SimpleUploadedFile("foto.jpg", photo_with_location(size), content_type="image/jpeg")
    return images.validate_news_image(photo)


def make_topic(name: str):
    return services.topic_create(actor=make_staff(Role.ADMIN), regency_code="19.71", name=name)


def bulk_items(n: int, *, title: str, kind: str = "berita") -> None:
    """``n`` visible whole-city items titled "<title> 0" (newest) to "<title> n-1", inserted in bulk."""
    now = timezone.now()
    Item.objects.bulk_create(
        Item(
            regency_id="19.71", kind=kind, status="terbit", title=f"{title} {i}", slug=f"{title.lower()}-{i}",
            summary="Ringkas.", published_at=now - datetime.timedelta(minutes=i), listed=True,
        )
        for i in range(n)
    )  # fmt: skip


def other_district() -> District:
    return District.objects.filter(regency_id="19.71").exclude(code="19.71.07").order_by("code").first()


def _html(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def _titles(html: str) -> list[str]:
    return re.findall(r'<h[23]><a href="/berita/[^"]+/">([^<]+)</a>', html)


# --- The list -----------------------------------------------------------------------------------------


def test_the_list_shows_visible_items_newest_first_and_nothing_else(client, regions):
    older = make_item(title="Berita lama")
    newer = make_item(title="Berita baru")
    Item.objects.filter(pk=older.pk).update(published_at=timezone.now() - datetime.timedelta(days=2))
    make_item(title="Masih draf", status="draf")
    make_item(title="Sedang ditinjau", status="ditinjau")
    make_item(title="Sudah diarsipkan", status="diarsipkan")
    expired = make_item(title="Sudah kedaluwarsa", expires_at=timezone.now() + datetime.timedelta(hours=1))
    Item.objects.filter(pk=expired.pk).update(expires_at=timezone.now() - datetime.timedelta(minutes=1))
    scheduled = make_item(title="Terjadwal besok")
    Item.objects.filter(pk=scheduled.pk).update(published_at=timezone.now() + datetime.timedelta(days=1))

    html = _html(client.get("/berita/"))
    assert _titles(html) == [newer.title, older.title]
    assert "2 konten ditemukan" in html or "2 items found" in html


def test_a_card_shows_type_long_date_summary_area_and_kim_credit(client, regions):
    admin = make_staff(Role.ADMIN)
    kim = make_kim(status="aktif", admin=admin)
    village = Village.objects.get(code=VILLAGE_CODE)
    make_item(title="Kerja bakti", kind="pengumuman", village=village, kim=kim)
    Item.objects.filter(title="Kerja bakti").update(
        published_at=datetime.datetime(2025, 11, 28, 9, 0, tzinfo=datetime.UTC)
    )
    html = _html(client.get("/berita/", headers={"accept-language": "id"}))
    assert "Jumat, 28 November 2025" in html
    assert 'datetime="2025-11-28T16:00:00+07:00"' in html
    assert "Dinas PUPR mulai memperbaiki jalan rusak" in html
    assert f"Kelurahan {village}" in html
    assert kim.name in html
    assert '<span class="badge">' in html


def test_a_card_with_an_image_has_a_responsive_lazy_thumbnail(client, regions):
    item = make_item(image=image_upload(), image_alt="Alat berat di jalan.")
    html = _html(client.get("/berita/"))
    picture = re.search(r"<picture>.*?</picture>", html, re.S).group(0)
    assert 'type="image/webp"' in picture
    for width, webp, jpeg in item.image_renditions["sizes"]:
        assert f"/berita/gambar/{item.pk}/{webp} {width}w" in picture
        assert f"/berita/gambar/{item.pk}/{jpeg} {width}w" in picture
    assert 'loading="lazy"' in picture and 'decoding="async"' in picture
    assert 'width="640" height="427"' in picture
    assert 'alt=""' in picture  # the title next to it says what the card is about


def test_filters_by_topic_kecamatan_and_type(client, regions):
    health = make_topic("Kesehatan")
    roads = make_topic("Jalan")
    bukit_intan = District.objects.get(code="19.71.07")
    village = Village.objects.get(code=VILLAGE_CODE)
    elsewhere = other_district()
    for_district = make_item(title="Untuk kecamatan", district=bukit_intan, topics=[health])
    for_village = make_item(title="Untuk kelurahan", village=village, topics=[roads])
    for_city = make_item(title="Untuk seluruh kota", kind="pengumuman", topics=[health, roads])
    make_item(title="Untuk kecamatan lain", district=elsewhere, topics=[health])

    by_district = _titles(_html(client.get("/berita/?kecamatan=19.71.07")))
    assert set(by_district) == {for_district.title, for_village.title, for_city.title}
    assert set(_titles(_html(client.get("/berita/?topik=kesehatan")))) == {
        for_district.title,
        for_city.title,
        "Untuk kecamatan lain",
    }
    assert _titles(_html(client.get("/berita/?jenis=pengumuman"))) == [for_city.title]
    combined = _titles(_html(client.get("/berita/?topik=jalan&kecamatan=19.71.07&jenis=berita")))
    assert combined == [for_village.title]


def test_the_filter_form_is_labelled_and_keeps_its_choices(client, regions):
    make_topic("Kesehatan")
    html = _html(client.get("/berita/?topik=kesehatan"))
    for name in ("topik", "kecamatan", "jenis"):
        assert f'<label for="id_{name}">' in html
    assert '<option value="kesehatan" selected>' in html
    assert 'method="get"' in html


@pytest.mark.parametrize(
    "query",
    [
        "topik=tidak-ada",
        "kecamatan=99.99.99",
        "jenis=gosip",
        "topik=%E2%80%AEx",
        "kecamatan=" + "9" * 500,
        "halaman=-1",
    ],
)
def test_unknown_filter_values_are_named_and_ignored(client, regions, query):
    item = make_item(title="Tetap tampil")
    response = client.get(f"/berita/?{query}")
    html = _html(response)
    assert item.title in _titles(html)
    if "halaman" not in query:
        assert 'class="errorlist' in html


def test_a_wrong_value_in_one_filter_keeps_the_others(client, regions):
    make_item(title="Berita biasa")
    announcement = make_item(title="Pengumuman penting", kind="pengumuman")
    html = _html(client.get("/berita/?jenis=pengumuman&topik=tidak-ada"))
    assert _titles(html) == [announcement.title]


def test_pagination_keeps_the_filters(client, regions):
    bulk_items(21, title="Pengumuman", kind="pengumuman")
    html = _html(client.get("/berita/?jenis=pengumuman"))
    assert len(_titles(html)) == 20
    assert 'href="?jenis=pengumuman&amp;halaman=2"' in html
    second = _html(client.get("/berita/?jenis=pengumuman&halaman=2"))
    assert _titles(second) == ["Pengumuman 20"]


def test_titles_and_summaries_are_escaped(client, regions):
    item = make_item(title="<script>alert(1)</script> Rapat", summary="<img src=x onerror=alert(1)> ringkas")
    for url in ("/berita/", item.get_absolute_url(), "/"):
        html = _html(client.get(url))
        assert "<script>alert(1)" not in html
        assert "<img src=x" not in html


# --- The article --------------------------------------------------------------------------------------


def test_the_article_shows_everything_about_the_item(client, regions):
    health = make_topic("Kesehatan")
    agency_item = make_item(
        title="Posyandu dibuka lagi",
        topics=[health],
        village=Village.objects.get(code=VILLAGE_CODE),
        sources="Dinas Kesehatan, 1 Desember 2026\nPuskesmas Bukit Intan",
        body="Posyandu **dibuka** lagi.",
    )
    from tests.factories import make_agency

    Item.objects.filter(pk=agency_item.pk).update(agency=make_agency())
    html = _html(client.get(agency_item.get_absolute_url(), headers={"accept-language": "id"}))
    assert "<h1>Posyandu dibuka lagi</h1>" in html
    assert "<strong>dibuka</strong>" in html
    assert "Dinas Uji" in html
    assert 'href="/berita/?topik=kesehatan"' in html
    assert "<li>Dinas Kesehatan, 1 Desember 2026</li>" in html and "<li>Puskesmas Bukit Intan</li>" in html
    assert "<dd>Kelurahan Bukit Besar</dd>" in html


def test_the_article_image_is_a_picture_with_webp_and_a_described_jpeg(client, regions):
    item = make_item(image=image_upload(), image_alt="Alat berat memperbaiki jalan di depan pasar.")
    html = _html(client.get(item.get_absolute_url()))
    picture = re.search(r'<figure class="article-image"><picture>.*?</picture>', html, re.S).group(0)
    assert '<source type="image/webp" srcset="' in picture
    img = re.search(r"<img [^>]+>", picture).group(0)
    assert 'alt="Alat berat memperbaiki jalan di depan pasar."' in img
    assert 'srcset="' in img and 'sizes="' in img and 'decoding="async"' in img
    assert 'width="1024" height="683"' in img
    assert 'fetchpriority="high"' in img  # the hero image loads at once (largest contentful paint)


def test_an_infographic_shows_its_text_version_below_the_image(client, regions):
    text = "Jumlah posyandu aktif naik dari 80 menjadi 95 pada tahun 2026 di seluruh kota."
    item = make_item(kind="infografis", image=image_upload(), image_alt=text)
    html = _html(client.get(item.get_absolute_url()))
    details = re.search(r'<details class="text-version">.*?</details>', html, re.S).group(0)
    assert "<summary>" in details and text in details


def test_an_agenda_says_when_and_where(client, regions):
    starts = datetime.datetime(2026, 12, 5, 1, 0, tzinfo=datetime.UTC)  # 08.00 WIB
    item = make_item(
        kind="agenda",
        event_starts_at=starts,
        event_ends_at=starts + datetime.timedelta(hours=3),
        event_place="Aula Kantor Lurah Bukit Intan",
    )
    html = _html(client.get(item.get_absolute_url(), headers={"accept-language": "id"}))
    assert "Sabtu, 5 Desember 2026 08.00 WIB" in html
    assert "Sabtu, 5 Desember 2026 11.00 WIB" in html
    assert "Aula Kantor Lurah Bukit Intan" in html


def test_community_news_credits_the_kim_and_republished_news_its_origin(client, regions):
    admin = make_staff(Role.ADMIN)
    kim = make_kim(status="aktif", admin=admin)
    author = make_staff(Role.EDITOR)
    from tests.factories import item_data

    item = services.item_create(
        actor=author, regency_code="19.71", data=item_data(title="Lomba kebersihan"), kim=kim,
        origin_name="Portal Berita Provinsi", origin_url="https://babelprov.go.id/berita/1",
    )  # fmt: skip
    services.item_submit(actor=author, item=item)
    services.item_publish(
        actor=make_staff(Role.EDITOR), item=item, check_sources=True, check_facts=True, check_plain_language=True
    )
    html = _html(client.get(item.get_absolute_url()))
    assert f'<a href="/kim/{kim.slug}/">{kim.name}</a>' in html
    assert '<a href="https://babelprov.go.id/berita/1" rel="noopener">Portal Berita Provinsi</a>' in html


def test_an_origin_address_that_is_not_a_web_address_is_not_linked(client, regions):
    author = make_staff(Role.EDITOR)
    from tests.factories import item_data

    item = services.item_create(
        actor=author, regency_code="19.71", data=item_data(), origin_name="Sumber", origin_url="javascript:alert(1)"
    )
    services.item_submit(actor=author, item=item)
    services.item_publish(
        actor=make_staff(Role.EDITOR), item=item, check_sources=True, check_facts=True, check_plain_language=True
    )
    html = _html(client.get(item.get_absolute_url()))
    assert "javascript:" not in html
    assert "Sumber" in html


def test_corrections_are_dated_notices_at_the_top(client, regions):
    item = make_item(title="Jadwal vaksinasi")
    services.item_add_correction(actor=make_staff(Role.EDITOR), item=item, text="Tanggal yang benar 3 Desember.")
    html = _html(client.get(item.get_absolute_url(), headers={"accept-language": "id"}))
    notice = re.search(r'<div class="notice correction">.*?</div>', html, re.S).group(0)
    today = timezone.localdate()
    assert str(today.year) in notice and "Tanggal yang benar 3 Desember." in notice
    assert html.index("notice correction") < html.index('class="lead"')


def test_archived_and_expired_items_stay_reachable_with_a_notice(client, regions):
    archived = make_item(status="diarsipkan")
    assert "notice" in _html(client.get(archived.get_absolute_url()))
    expired = make_item(expires_at=timezone.now() + datetime.timedelta(hours=1))
    Item.objects.filter(pk=expired.pk).update(expires_at=timezone.now() - datetime.timedelta(minutes=1))
    assert 'class="notice"' in _html(client.get(expired.get_absolute_url()))


@pytest.mark.parametrize("status", ["draf", "ditinjau"])
def test_drafts_and_items_in_review_are_not_found(client, regions, status):
    item = make_item(status=status)
    assert client.get(item.get_absolute_url()).status_code == 404


def test_a_scheduled_item_is_not_found_before_its_time(client, regions):
    item = make_item()
    Item.objects.filter(pk=item.pk).update(published_at=timezone.now() + datetime.timedelta(hours=2))
    assert client.get(item.get_absolute_url()).status_code == 404
    assert client.get("/berita/tidak-ada-sama-sekali/").status_code == 404


def test_the_article_keeps_the_share_hook(regions):
    from pathlib import Path

    import jembatan.newsroom

    template = Path(jembatan.newsroom.__file__).parent / "templates/newsroom/public_detail.html"
    assert '{% include "newsroom/_share_hook.html" %}' in template.read_text()


# --- Open Graph ---------------------------------------------------------------------------------------


def _meta(html: str, key: str) -> list[str]:
    return re.findall(rf'<meta (?:property|name)="{re.escape(key)}" content="([^"]*)">', html)


def test_the_article_carries_open_graph_and_twitter_tags(client, regions, settings):
    settings.PUBLIC_BASE_URL = BASE
    topic = make_topic("Infrastruktur")
    item = make_item(title="Jalan & jembatan", image=image_upload(), image_alt="Jembatan baru.", topics=[topic])
    html = _html(client.get(item.get_absolute_url()))
    url = f"{BASE}/berita/{item.slug}/"
    assert f'<link rel="canonical" href="{url}">' in html
    assert _meta(html, "og:title") == ["Jalan &amp; jembatan"]
    assert _meta(html, "og:description") == [item.summary]
    assert _meta(html, "og:type") == ["article"]
    assert _meta(html, "og:url") == [url]
    jpeg_1024 = next(jpeg for width, _webp, jpeg in item.image_renditions["sizes"] if width == 1024)
    assert _meta(html, "og:image") == [f"{BASE}/berita/gambar/{item.pk}/{jpeg_1024}"]
    assert _meta(html, "og:image:alt") == ["Jembatan baru."]
    assert _meta(html, "og:image:width") == ["1024"]
    assert _meta(html, "og:locale") == ["id_ID"]
    assert _meta(html, "og:site_name") == ["Jembatan"]
    assert _meta(html, "article:published_time")[0].startswith(str(timezone.localdate().year))
    assert _meta(html, "article:tag") == ["Infrastruktur"]
    assert _meta(html, "twitter:card") == ["summary_large_image"]
    assert _meta(html, "twitter:image") == _meta(html, "og:image")


def test_a_small_image_shares_its_largest_rendition(client, regions, settings):
    settings.PUBLIC_BASE_URL = BASE
    item = make_item(image=image_upload((500, 300)), image_alt="Foto kecil.")
    largest = max(item.image_renditions["sizes"])[2]
    html = _html(client.get(item.get_absolute_url()))
    assert _meta(html, "og:image") == [f"{BASE}/berita/gambar/{item.pk}/{largest}"]


def test_an_article_without_an_image_has_a_summary_card(client, regions):
    html = _html(client.get(make_item().get_absolute_url()))
    assert _meta(html, "twitter:card") == ["summary"]
    assert _meta(html, "og:image") == []


def test_every_page_names_the_site_for_open_graph(client, regions):
    assert _meta(_html(client.get("/kim/")), "og:site_name") == ["Jembatan"]


# --- Images -------------------------------------------------------------------------------------------


def test_renditions_are_served_with_their_type_and_a_long_cache(client, regions):
    item = make_item(image=image_upload(), image_alt="Foto.")
    for _width, webp, jpeg in item.image_renditions["sizes"]:
        for name, mime in ((webp, "image/webp"), (jpeg, "image/jpeg")):
            response = client.get(f"/berita/gambar/{item.pk}/{name}")
            assert response.status_code == 200
            assert response["Content-Type"] == mime
            assert response["Cache-Control"] == "public, max-age=31536000, immutable"
            body = b"".join(response.streaming_content)
            assert Image.open(io.BytesIO(body)).format == ("WEBP" if mime == "image/webp" else "JPEG")


def test_renditions_carry_no_exif_or_location(regions):
    item = make_item(image=image_upload(), image_alt="Foto.")
    for _width, webp, jpeg in item.image_renditions["sizes"]:
        for name in (webp, jpeg):
            with default_storage.open(f"newsroom/r/{item.pk}/{name}") as handle:
                data = handle.read()
            image = Image.open(io.BytesIO(data))
            exif = image.getexif()
            assert not exif.get_ifd(ExifTags.IFD.GPSInfo)
            assert ExifTags.Base.Make not in exif and ExifTags.Base.Model not in exif
            assert b"KameraUji" not in data and b"Ponsel" not in data


def test_only_listed_renditions_of_public_items_are_served(client, regions):
    item = make_item(image=image_upload(), image_alt="Foto.")
    other = make_item(image=image_upload(), image_alt="Foto lain.")
    name = item.image_renditions["sizes"][0][2]
    assert client.get(f"/berita/gambar/{other.pk}/{name}").status_code == 404  # another item's file
    assert client.get(f"/berita/gambar/{item.pk}/tidak-ada.jpg").status_code == 404
    assert client.get(f"/berita/gambar/{item.pk}/..%2F..%2Fsettings.py").status_code == 404
    assert client.get(f"/berita/gambar/999999/{name}").status_code == 404
    draft = make_item(status="draf", image=image_upload(), image_alt="Foto draf.")
    assert client.get(f"/berita/gambar/{draft.pk}/{draft.image_renditions['sizes'][0][2]}").status_code == 404
    Item.objects.filter(pk=item.pk).update(published_at=timezone.now() + datetime.timedelta(days=1))
    assert client.get(f"/berita/gambar/{item.pk}/{name}").status_code == 404  # scheduled


def test_an_archived_items_image_is_still_served(client, regions):
    item = make_item(status="diarsipkan", image=image_upload(), image_alt="Foto arsip.")
    assert client.get(f"/berita/gambar/{item.pk}/{item.image_renditions['sizes'][0][1]}").status_code == 200


def test_a_rendition_missing_from_storage_is_not_found(client, regions):
    item = make_item(image=image_upload(), image_alt="Foto.")
    name = item.image_renditions["sizes"][0][2]
    default_storage.delete(f"newsroom/r/{item.pk}/{name}")
    assert client.get(f"/berita/gambar/{item.pk}/{name}").status_code == 404


# --- The kelurahan home and the home page -------------------------------------------------------------


def test_the_kelurahan_home_shows_what_matters_there(client, regions):
    village = Village.objects.select_related("district").get(code=VILLAGE_CODE)
    sibling = Village.objects.filter(district=village.district).exclude(code=VILLAGE_CODE).first()
    make_item(title="Untuk kelurahan ini", village=village)
    make_item(title="Untuk kecamatannya", district=village.district)
    make_item(title="Untuk seluruh kota")
    make_item(title="Untuk kelurahan tetangga", village=sibling)
    make_item(title="Untuk kecamatan lain", district=other_district())
    soon = timezone.now() + datetime.timedelta(days=3)
    make_item(title="Rapat warga", kind="agenda", village=village, event_starts_at=soon, event_place="Balai warga")
    past = make_item(
        title="Agenda yang sudah lewat", kind="agenda", event_starts_at=timezone.now() + datetime.timedelta(hours=1)
    )
    Item.objects.filter(pk=past.pk).update(event_starts_at=timezone.now() - datetime.timedelta(days=2))
    admin = make_staff(Role.ADMIN)
    kim = make_kim(status="aktif", admin=admin, village_code=VILLAGE_CODE)
    elsewhere = make_kim(status="aktif", admin=admin, village_code="19.71.01.1006")

    html = _html(client.get(f"/kelurahan/{VILLAGE_CODE}/"))
    titles = _titles(html)
    assert {"Untuk kelurahan ini", "Untuk kecamatannya", "Untuk seluruh kota", "Rapat warga"} <= set(titles)
    assert "Untuk kelurahan tetangga" not in titles and "Untuk kecamatan lain" not in titles
    agendas = re.search(r'<ul class="agenda-list">.*?</ul>', html, re.S).group(0)
    assert "Rapat warga" in agendas and "Balai warga" in agendas and "sudah lewat" not in agendas
    assert kim.name in html and elsewhere.name not in html
    assert 'href="/aspirasi/kirim/?kelurahan=' in html  # the form opens with this kelurahan chosen
    assert 'href="/feeds/kecamatan/19.71.07.rss"' in html


def test_the_kelurahan_home_shows_at_most_ten_items(client, regions):
    bulk_items(12, title="Kota")
    titles = _titles(_html(client.get(f"/kelurahan/{VILLAGE_CODE}/")))
    assert titles == [f"Kota {i}" for i in range(10)]


def test_choosing_a_kelurahan_goes_to_its_home(client, regions):
    response = client.get(f"/kelurahan/?kode={VILLAGE_CODE}")
    assert response.status_code == 302
    assert response["Location"] == f"/kelurahan/{VILLAGE_CODE}/"


@pytest.mark.parametrize("code", ["", "99.99.99.9999", "<script>", "19.71.07"])
def test_an_unknown_kelurahan_gets_a_clear_message(client, regions, code):
    response = client.get("/kelurahan/", {"kode": code})
    html = _html(response)
    assert 'class="errorlist' in html
    assert "<script>" not in html.split("<main", 1)[1]


def test_an_unknown_kelurahan_address_is_not_found(client, regions):
    assert client.get("/kelurahan/99.99.99.9999/").status_code == 404
    assert client.get("/kelurahan/x/").status_code == 404


def test_the_home_page_shows_the_latest_news_and_the_kelurahan_picker(client, regions):
    for i in range(6):
        make_item(title=f"Kabar {i}")
    html = _html(client.get("/"))
    assert _titles(html) == [f"Kabar {i}" for i in (5, 4, 3, 2, 1)]
    form = re.search(r'<form method="get" action="/kelurahan/".*?</form>', html, re.S).group(0)
    assert '<label for="id_kode">' in form
    assert form.count("<optgroup") == District.objects.filter(regency_id="19.71").count()
    assert f'<option value="{VILLAGE_CODE}">' in form
    assert 'rel="alternate" type="application/rss+xml"' in html


def test_the_list_announces_its_feeds(client, regions):
    make_topic("Kesehatan")
    html = _html(client.get("/berita/?topik=kesehatan&kecamatan=19.71.07"))
    for href in ("/feeds/berita.rss", "/feeds/berita.atom", "/feeds/berita.json", "/feeds/topik/kesehatan.rss",
                 "/feeds/kecamatan/19.71.07.atom"):  # fmt: skip
        assert f'href="{href}"' in html.split("</head>")[0]


# --- Sitemap and robots.txt ---------------------------------------------------------------------------


def test_the_sitemap_index_points_to_its_sections_on_the_public_host(client, regions, settings):
    settings.PUBLIC_BASE_URL = BASE
    make_item()
    xml = _html(client.get("/sitemap.xml"))
    for section in ("halaman", "berita", "kim", "kelurahan"):
        assert f"<loc>{BASE}/sitemap-{section}.xml</loc>" in xml


def test_the_sitemap_lists_public_pages_visible_items_and_public_kims(client, regions, settings):
    settings.PUBLIC_BASE_URL = BASE
    visible = make_item(title="Terlihat")
    draft = make_item(title="Draf", status="draf")
    admin = make_staff(Role.ADMIN)
    active = make_kim(status="aktif", admin=admin)
    applied = make_kim(village_code="19.71.01.1006")
    news = _html(client.get("/sitemap-berita.xml"))
    assert f"<loc>{BASE}/berita/{visible.slug}/</loc>" in news and "<lastmod>" in news
    assert draft.slug not in news
    kims = _html(client.get("/sitemap-kim.xml"))
    assert f"<loc>{BASE}/kim/{active.slug}/</loc>" in kims and applied.slug not in kims
    pages = _html(client.get("/sitemap-halaman.xml"))
    assert f"<loc>{BASE}/berita/</loc>" in pages and f"<loc>{BASE}/</loc>" in pages
    assert f"<loc>{BASE}/kelurahan/{VILLAGE_CODE}/</loc>" in _html(client.get("/sitemap-kelurahan.xml"))
    assert client.get("/sitemap-tidak-ada.xml").status_code == 404
    assert client.get("/sitemap-berita.xml?p=99").status_code == 404


def test_robots_txt_points_to_the_sitemap_and_keeps_private_areas_out(client, regions, settings):
    settings.PUBLIC_BASE_URL = BASE
    response = client.get("/robots.txt")
    assert response["Content-Type"].startswith("text/plain")
    text = response.content.decode()
    for path in ("/staf/", "/akun/", "/admin/"):
        assert f"Disallow: {path}\n" in text
    assert f"Sitemap: {BASE}/sitemap.xml" in text
