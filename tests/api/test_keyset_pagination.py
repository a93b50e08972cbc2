"""API lists page by keyset: the next link, ties on the ordering value, and cursors that are not ours."""

from __future__ import annotations

import base64
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from jembatan.newsroom.models import Item
from tests.factories import make_item

pytestmark = pytest.mark.django_db
URL = "/api/v1/news"


def _walk(client, url: str) -> tuple[list[str], int]:
    slugs, pages = [], 0
    while url:
        response = client.get(url)
        assert response.status_code == 200, response.content
        data = response.json()
        slugs += [row["slug"] for row in data["items"]]
        url, pages = data["next"], pages + 1
        assert pages < 20
    return slugs, pages


def test_every_row_once_in_order_even_when_rows_share_the_ordering_value(client, regions):
    items = [make_item(title=f"Kabar warga nomor {n}") for n in range(7)]
    same = timezone.now().replace(microsecond=0)
    Item.objects.filter(pk__in=[item.pk for item in items]).update(published_at=same)  # a tie on every row
    everything = [row["slug"] for row in client.get(URL, {"limit": 100}).json()["items"]]
    assert everything == [item.slug for item in sorted(items, key=lambda item: item.pk, reverse=True)]
    slugs, pages = _walk(client, f"{URL}?limit=3")
    assert slugs == everything and pages == 3


def test_the_next_link_keeps_the_filters_and_points_at_this_server(client, regions):
    for n in range(3):
        make_item(title=f"Pengumuman ke-{n}", kind="pengumuman")
    make_item(title="Berita biasa")
    first = client.get(URL, {"jenis": "pengumuman", "limit": 2}, HTTP_HOST="127.0.0.1:8765").json()
    assert first["next"].startswith("http://127.0.0.1:8765/api/v1/news?")
    assert "jenis=pengumuman" in first["next"] and "limit=2" in first["next"]
    second = client.get(first["next"]).json()
    assert len(second["items"]) == 1 and second["next"] is None


def test_a_page_far_down_costs_the_queries_of_the_first(client, regions):
    for n in range(6):
        make_item(title=f"Berita ke-{n}")
    first = client.get(URL, {"limit": 2}).json()
    with CaptureQueriesContext(connection) as on_first:
        client.get(URL, {"limit": 2, "x": "1"})  # another address: not from the page cache
    with CaptureQueriesContext(connection) as on_second:
        client.get(first["next"])
    assert len(on_second) == len(on_first)
    assert "OFFSET" not in on_second.captured_queries[-1]["sql"].upper()


@pytest.mark.parametrize(
    "cursor",
    [
        "!!!",  # not base64
        base64.urlsafe_b64encode(b"not json").decode(),
        base64.urlsafe_b64encode(json.dumps({"a": 1}).encode()).decode(),
        base64.urlsafe_b64encode(json.dumps(["2026-01-01T00:00:00+07:00"]).encode()).decode(),  # one key short
        base64.urlsafe_b64encode(json.dumps(["kemarin", 5]).encode()).decode(),  # not a date
        base64.urlsafe_b64encode(json.dumps(["2026-01-01T00:00:00+07:00", "lima"]).encode()).decode(),
        base64.urlsafe_b64encode(json.dumps([None, 5]).encode()).decode(),
        "A" * 600,  # too long
    ],
)
def test_a_cursor_that_is_not_ours_gets_a_clear_message(client, regions, cursor):
    make_item()
    response = client.get(URL, {"cursor": cursor})
    assert response.status_code == 422
    body = response.content.decode()
    assert "halaman sebelumnya" in body or "karakter" in body.lower(), body


def test_offset_paging_is_refused_with_the_way_to_page(client, regions):
    make_item()
    response = client.get(URL, {"offset": 20})
    assert response.status_code == 422
    assert "next" in response.json()["detail"]
    assert client.get(URL, {"offset": 0}).status_code == 200
