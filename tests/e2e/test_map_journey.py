"""A citizen places a report on the map (or by the location of the phone) and finds it on the public map."""

from __future__ import annotations

from decimal import Decimal

from jembatan.aspirations.models import Aspiration
from tests.factories import make_aspiration, make_category, make_staff

PHONE = {"width": 390, "height": 844}


def test_citizen_places_a_report_on_the_map_and_sees_public_reports_on_a_map(site, new_page, audit, settings):
    # Tiles come from this server in the tests (settings.test.MAP_TILE_URL): the machine has no network.
    make_category()
    page = new_page(**PHONE)
    page.goto(f"{site}/aspirasi/kirim/?kelurahan=19.71.05.1001")
    page.wait_for_selector("#report-map .leaflet-tile-loaded")
    audit.check(page, "form with map")
    assert page.input_value("#id_village") == "19.71.05.1001"
    assert page.is_visible("#report-map")
    assert page.input_value("#id_latitude") == ""
    page.locator("#report-map").scroll_into_view_if_needed()
    box = page.locator("#report-map").bounding_box()
    page.mouse.click(box["x"] + box["width"] / 2 + 30, box["y"] + box["height"] / 2 - 20)
    latitude, longitude = float(page.input_value("#id_latitude")), float(page.input_value("#id_longitude"))
    assert -2.2 < latitude < -2.0 and 106.0 < longitude < 106.2, (latitude, longitude)
    assert page.locator("#report-map .leaflet-marker-icon").count() == 1
    assert "Titik sudah dipasang" in page.inner_text("#map-status")

    # "Use my location": the phone's position (granted) fills the same fields.
    context = page.context
    context.grant_permissions(["geolocation"], origin=site)
    context.set_geolocation({"latitude": -2.1175, "longitude": 106.1042})
    page.click("#use-my-location")
    from playwright.sync_api import expect

    expect(page.locator("#id_latitude")).to_have_value("-2.117500")
    assert page.input_value("#id_longitude") == "106.104200"

    # The map of public reports shows verified public reports that have a place.
    admin = make_staff("admin")
    public = make_aspiration(status="terverifikasi", admin=admin, title="Lampu jalan padam di simpang")
    Aspiration.objects.filter(pk=public.pk).update(latitude=Decimal("-2.1291"), longitude=Decimal("106.1133"))
    visitor = new_page()
    visitor.goto(f"{site}/aspirasi/peta/")
    visitor.wait_for_selector("#reports-map .leaflet-marker-icon")
    audit.check(visitor, "map of public reports")
    assert visitor.locator("#reports-map .leaflet-marker-icon").count() == 1
    visitor.locator("#reports-map .leaflet-marker-icon").click()
    link = visitor.locator(".leaflet-popup-content a")
    assert link.get_attribute("href") == f"/aspirasi/{public.code}/"
    assert "Lampu jalan padam di simpang" in link.inner_text()
    audit.assert_clean()


def test_a_large_phone_photo_is_reduced_in_the_browser_before_it_is_sent(site, new_page, audit, tmp_path):
    import io

    from PIL import Image

    make_category()
    photo = tmp_path / "IMG_2041.jpg"
    buffer = io.BytesIO()
    Image.effect_noise((4000, 3000), 60).convert("RGB").save(buffer, format="JPEG", quality=95)
    photo.write_bytes(buffer.getvalue())
    assert photo.stat().st_size > 2_000_000
    page = new_page(**PHONE)
    page.goto(f"{site}/aspirasi/kirim/")
    audit.check(page, "form before the photo")
    page.set_input_files("#id_attachments", str(photo))
    page.wait_for_selector("#id_attachments[data-resized='true']")
    size, name, kind = page.eval_on_selector(
        "#id_attachments", "input => [input.files[0].size, input.files[0].name, input.files[0].type]"
    )
    assert kind == "image/jpeg" and name == "IMG_2041.jpg"
    assert size < photo.stat().st_size / 2, size
    audit.assert_clean()
