"""Placing a report on a map, the map of public reports, and a kelurahan page that pre-selects itself."""

from __future__ import annotations

from decimal import Decimal

from jembatan.aspirations.models import Aspiration
from tests.factories import make_aspiration, make_category, make_staff


def test_the_form_offers_a_map_that_fills_the_coordinates_and_the_tile_server_is_allowed(client, db, settings):
    settings.MAP_TILE_URL = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
    page = client.get("/aspirasi/kirim/")
    body = page.content.decode()
    assert 'data-map data-tile-url="https://tile.openstreetmap.org/{z}/{x}/{y}.png"' in body
    assert 'data-pick-lat="#id_latitude"' in body and 'data-pick-lng="#id_longitude"' in body
    assert "/static/vendor/leaflet-1.9.4/leaflet.js" in body  # vendored, not from a CDN
    assert "unpkg" not in body and "cdn" not in body.lower()
    assert "img-src 'self' data: https://tile.openstreetmap.org" in page["Content-Security-Policy"]
    # The coordinates stay as plain fields: the form works without JavaScript.
    assert 'name="latitude"' in body and 'name="longitude"' in body


def test_coordinates_outside_indonesia_get_a_message_that_says_what_to_do(client, db):
    make_category()
    response = client.post("/aspirasi/kirim/", {"latitude": "48.85", "longitude": "2.35"})
    body = response.content.decode()
    assert "Tempat harus di Indonesia: lintang antara -11 dan 6." in body
    assert "bujur antara 94 dan 142" in body
    assert "Pastikan nilai ini" not in body


def test_a_kelurahan_page_sends_the_visitor_to_the_form_with_the_kelurahan_chosen(client, db):
    village = client.get("/kelurahan/19.71.05.1001/").content.decode()
    assert 'href="/aspirasi/kirim/?kelurahan=19.71.05.1001"' in village
    form = client.get("/aspirasi/kirim/?kelurahan=19.71.05.1001").content.decode()
    assert '<option value="19.71.05.1001" selected>' in form
    # An unknown code is simply not chosen.
    assert (
        " selected>"
        not in client.get("/aspirasi/kirim/?kelurahan=99.99")
        .content.decode()
        .split('id="id_village"')[1]
        .split("</select>")[0]
    )


def test_the_map_of_public_reports_shows_only_public_points_rounded(client, db):
    admin = make_staff("admin")
    category = make_category()
    public = make_aspiration(status="terverifikasi", admin=admin, category=category, title="Jalan berlubang")
    secret = make_aspiration(status="terverifikasi", admin=admin, category=category, title="Laporan rahasia")
    unverified = make_aspiration(category=category, title="Belum diperiksa")
    Aspiration.objects.filter(pk__in=[public.pk, secret.pk, unverified.pk]).update(
        latitude=Decimal("-2.123456"), longitude=Decimal("106.117891")
    )
    Aspiration.objects.filter(pk=secret.pk).update(privacy="rahasia")
    page = client.get("/aspirasi/peta/")
    assert page.status_code == 200
    assert 'data-geojson="/aspirasi/peta.geojson"' in page.content.decode()
    data = client.get("/aspirasi/peta.geojson")
    assert data["Content-Type"] == "application/geo+json"
    features = data.json()["features"]
    assert [f["properties"]["code"] for f in features] == [public.code]
    assert features[0]["geometry"]["coordinates"] == [106.118, -2.123]
    assert features[0]["properties"]["url"] == f"/aspirasi/{public.code}/"


def test_maps_can_be_switched_off(client, db, settings):
    settings.MAP_TILE_URL = ""
    body = client.get("/aspirasi/kirim/").content.decode()
    assert "data-tile-url" not in body
