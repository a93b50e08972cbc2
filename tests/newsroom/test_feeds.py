"""Feeds out: RSS 2.0, Atom and JSON Feed 1.1 for the city, a topic and a kecamatan, parsed the way
feed readers parse them (feedparser)."""

from __future__ import annotations

import datetime
import json

import feedparser
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from jembatan.accounts.roles import Role
from jembatan.newsroom.models import Item
from jembatan.regions.models import District, Village
from tests.factories import make_agency, make_item, make_kim, make_staff
from tests.newsroom.test_public import BASE, VILLAGE_CODE, bulk_items, image_upload, make_topic, other_district

pytestmark = pytest.mark.django_db

TRICKY_TITLE = 'Rapat RT & RW: "Jalan <Gang> Ké-3" diperbaiki, warga gotong-royong — Sabtu'
XML_FEEDS = [
    "/feeds/berita.rss",
    "/feeds/berita.atom",
    "/feeds/topik/kesehatan.rss",
    "/feeds/topik/kesehatan.atom",
    "/feeds/kecamatan/19.71.07.rss",
    "/feeds/kecamatan/19.71.07.atom",
]
JSON_FEEDS = ["/feeds/berita.json", "/feeds/topik/kesehatan.json", "/feeds/kecamatan/19.71.07.json"]


@pytest.fixture
def newsroom(regions, settings):
    settings.PUBLIC_BASE_URL = BASE
    health = make_topic("Kesehatan")
    agency = make_agency()
    city = make_item(title=TRICKY_TITLE, topics=[health], image=image_upload(), image_alt="Warga bekerja bakti.")
    Item.objects.filter(pk=city.pk).update(agency=agency)
    kim = make_kim(status="aktif", admin=make_staff(Role.ADMIN))
    village = make_item(
        title="Posyandu Bukit Besar", village=Village.objects.get(code=VILLAGE_CODE), topics=[health], kim=kim
    )
    elsewhere = make_item(title="Pasar kecamatan lain", district=other_district())
    Item.objects.filter(pk=village.pk).update(published_at=timezone.now() - datetime.timedelta(hours=1))
    Item.objects.filter(pk=elsewhere.pk).update(published_at=timezone.now() - datetime.timedelta(hours=2))
    make_item(title="Masih draf", status="draf")
    return {"city": city, "village": village, "elsewhere": elsewhere, "agency": agency, "kim": kim}


def _parse(client, url):
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return response, feedparser.parse(response.content)


@pytest.mark.parametrize("url", XML_FEEDS)
def test_every_xml_feed_parses_cleanly(client, newsroom, url):
    response, feed = _parse(client, url)
    assert not feed.bozo, (url, feed.get("bozo_exception"))
    expected_type = "application/rss+xml" if url.endswith(".rss") else "application/atom+xml"
    assert response["Content-Type"].startswith(expected_type)
    assert feed.feed.title.startswith("Jembatan")
    assert feed.feed.link.startswith(BASE + "/berita/")
    titles = [entry.title for entry in feed.entries]
    assert "Masih draf" not in titles
    for entry in feed.entries:
        item = Item.objects.get(title=entry.title)
        url_of_item = f"{BASE}/berita/{item.slug}/"
        assert entry.link == url_of_item
        assert entry.id == url_of_item  # stable: the article's absolute address
        published = datetime.datetime(*entry.published_parsed[:6], tzinfo=datetime.UTC)
        assert abs(published - item.published_at) < datetime.timedelta(seconds=1)


def test_the_city_feed_lists_visible_items_newest_first_with_their_details(client, newsroom):
    _response, feed = _parse(client, "/feeds/berita.rss")
    assert [e.title for e in feed.entries] == [TRICKY_TITLE, "Posyandu Bukit Besar", "Pasar kecamatan lain"]
    first = feed.entries[0]
    assert first.title == TRICKY_TITLE  # & < " and Indonesian characters survive
    assert [tag.term for tag in first.tags] == ["Kesehatan"]
    assert first.author == newsroom["agency"].name
    assert "Perbaikan jalan dimulai hari Senin." in first.content[0].value  # the full article
    assert first.summary == newsroom["city"].summary
    enclosure = first.enclosures[0]
    assert enclosure.type == "image/jpeg"
    assert enclosure.href.startswith(f"{BASE}/berita/gambar/{newsroom['city'].pk}/")
    assert feed.entries[1].author == newsroom["kim"].name


def test_the_atom_feed_carries_content_authors_and_enclosures(client, newsroom):
    _response, feed = _parse(client, "/feeds/berita.atom")
    first = feed.entries[0]
    assert first.title == TRICKY_TITLE
    assert first.content[0].type == "text/html"
    assert "Perbaikan jalan dimulai hari Senin." in first.content[0].value
    assert any(link.rel == "enclosure" for link in first.links)
    kim_entry = feed.entries[1]
    assert kim_entry.author_detail.href == f"{BASE}/kim/{newsroom['kim'].slug}/"


def test_a_topic_feed_carries_only_that_topic(client, newsroom):
    _response, feed = _parse(client, "/feeds/topik/kesehatan.atom")
    assert [e.title for e in feed.entries] == [TRICKY_TITLE, "Posyandu Bukit Besar"]


def test_a_kecamatan_feed_carries_whole_city_items_too(client, newsroom):
    _response, feed = _parse(client, "/feeds/kecamatan/19.71.07.rss")
    assert [e.title for e in feed.entries] == [TRICKY_TITLE, "Posyandu Bukit Besar"]
    district = other_district()
    _response, other = _parse(client, f"/feeds/kecamatan/{district.code}.rss")
    assert [e.title for e in other.entries] == [TRICKY_TITLE, "Pasar kecamatan lain"]


@pytest.mark.parametrize(
    "url", ["/feeds/topik/tidak-ada.rss", "/feeds/kecamatan/99.99.99.atom", "/feeds/kecamatan/x.json"]
)
def test_an_unknown_topic_or_kecamatan_feed_is_not_found(client, newsroom, url):
    assert client.get(url).status_code == 404


@pytest.mark.parametrize("url", JSON_FEEDS)
def test_the_json_feeds_follow_json_feed_1_1(client, newsroom, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/feed+json")
    document = json.loads(response.content)
    assert document["version"] == "https://jsonfeed.org/version/1.1"
    assert document["feed_url"] == BASE + url
    assert document["home_page_url"].startswith(BASE + "/berita/")
    assert document["items"]
    for entry in document["items"]:
        item = Item.objects.get(title=entry["title"])
        assert entry["id"] == entry["url"] == f"{BASE}/berita/{item.slug}/"
        assert datetime.datetime.fromisoformat(entry["date_published"]) == item.published_at
        assert entry["content_html"] and entry["authors"][0]["name"]


def test_the_json_feed_keeps_tricky_titles_and_images(client, newsroom):
    document = json.loads(client.get("/feeds/berita.json").content)
    first = document["items"][0]
    assert first["title"] == TRICKY_TITLE
    assert first["tags"] == ["Kesehatan"]
    assert first["image"].startswith(f"{BASE}/berita/gambar/{newsroom['city'].pk}/")
    assert first["image"].endswith(".jpg")


def test_feeds_carry_the_latest_fifty_items(client, regions):
    bulk_items(55, title="Kabar")
    _response, feed = _parse(client, "/feeds/berita.atom")
    assert len(feed.entries) == 50
    assert feed.entries[0].title == "Kabar 0" and feed.entries[-1].title == "Kabar 49"
    assert len(json.loads(client.get("/feeds/berita.json").content)["items"]) == 50


def test_an_infographic_feed_entry_carries_its_text_version(client, regions):
    text = "Angka stunting turun dari 12 persen menjadi 9 persen pada tahun 2026."
    make_item(kind="infografis", image=image_upload(), image_alt=text)
    _response, feed = _parse(client, "/feeds/berita.rss")
    assert text in feed.entries[0].content[0].value


def test_feeds_are_served_from_the_public_cache(client, newsroom):
    for url in ["/feeds/berita.rss", "/feeds/berita.json", "/feeds/kecamatan/19.71.07.atom"]:
        first = client.get(url)
        with CaptureQueriesContext(connection) as queries:
            second = client.get(url)
        assert len(queries) == 0
        assert second.content == first.content


def test_a_new_item_shows_in_the_feed_once_published(client, newsroom):
    _response, before = _parse(client, "/feeds/berita.rss")
    make_item(title="Baru saja terbit")
    _response, after = _parse(client, "/feeds/berita.rss")
    assert after.entries[0].title == "Baru saja terbit"
    assert len(after.entries) == len(before.entries) + 1


def test_district_feed_titles_name_the_kecamatan(client, newsroom):
    district = District.objects.get(code="19.71.07")
    _response, feed = _parse(client, "/feeds/kecamatan/19.71.07.rss")
    assert str(district) in feed.feed.title


def test_the_feeds_page_explains_feeds_and_lists_every_one(client, db):
    from jembatan.newsroom.models import Topic

    Topic.objects.create(regency_id="19.71", slug="kesehatan", name="Kesehatan")
    response = client.get("/feeds/")
    assert response.status_code == 200
    body = response.content.decode()
    assert "Feed adalah daftar" in body
    for path in (
        "/feeds/berita.rss",
        "/feeds/berita.atom",
        "/feeds/berita.json",
        "/feeds/topik/kesehatan.rss",
        "/feeds/kecamatan/19.71.05.atom",
    ):
        assert f'href="{path}"' in body, path
    assert 'href="/feeds/"' in client.get("/berita/").content.decode()
