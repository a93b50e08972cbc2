"""Diskominfo creates a training with two places; three people register on their phones (the third
waits); the second cancels from their own page and the third is promoted and told; staff see the list.
axe-core checks every page."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from jembatan.literacy.models import LiteracyEvent, Registration
from jembatan.notifications.models import Message
from tests.e2e.test_staff_journeys import DESKTOP, PHONE, _sign_in_staff
from tests.factories import make_staff

DECODE_QR = """async (svg) => {
  const image = new Image();
  // As a file, an SVG with only a viewBox is 300 x 150: give it a square size to draw.
  svg = svg.replace("<svg", '<svg xmlns="http://www.w3.org/2000/svg" width="300" height="300"');
  image.src = "data:image/svg+xml;charset=utf-8," + encodeURIComponent(svg);
  await image.decode();
  const canvas = document.createElement("canvas");
  canvas.width = canvas.height = 300;
  const context = canvas.getContext("2d");
  context.drawImage(image, 0, 0, 300, 300);
  const data = context.getImageData(0, 0, 300, 300);
  const found = window.jsQR(data.data, 300, 300);
  return found ? found.data : null;
}"""

pytestmark = [pytest.mark.e2e, pytest.mark.filterwarnings("ignore:No directory at:UserWarning")]


def _register(new_page, site, audit, slug: str, n: int, *, check: bool = False):
    page = new_page(**PHONE)
    page.goto(f"{site}/kegiatan/{slug}/")
    if check:
        audit.check(page, "event page")
    page.fill("#id_name", f"Warga Ke{n}")
    page.fill("#id_email", f"warga{n}@contoh.id")
    page.check("#id_consent")
    with page.expect_navigation():
        page.locator("main form[action$='/daftar/'] button[type='submit']").click()
    return page


def test_create_register_waitlist_cancel_and_promote(site, new_page, audit):
    editor = make_staff("editor", email="editor@kominfo.contoh.go.id", full_name="Editor Kominfo")
    staff = new_page(**DESKTOP)
    _sign_in_staff(staff, site, audit, editor, label="editor")
    staff.goto(f"{site}/staf/kegiatan/baru/")
    audit.check(staff, "new event form")
    # It has just begun (people register until the last hour, and certificates can be issued at the end).
    now = timezone.localtime()
    fmt = "%Y-%m-%dT%H:%M"
    staff.fill("#id_title", "Pelatihan cek fakta")
    staff.select_option("#id_kind", "pelatihan")
    staff.fill("#id_description", "Mengenali hoaks di grup WhatsApp.")
    staff.fill("#id_audience", "Pengurus KIM dan warga")
    staff.fill("#id_starts_at", (now - datetime.timedelta(minutes=30)).strftime(fmt))
    staff.fill("#id_ends_at", (now + datetime.timedelta(hours=3)).strftime(fmt))
    staff.check("#id_online")
    staff.fill("#id_online_url", "https://meet.example.id/cek-fakta")
    staff.fill("#id_capacity", "2")
    staff.fill("#id_reserved_for_officers", "0")
    staff.fill(
        "#id_registration_opens_at", (timezone.localtime() - datetime.timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M")
    )
    staff.fill("#id_registration_closes_at", (now + datetime.timedelta(hours=2)).strftime(fmt))
    staff.check("#id_publish")
    with staff.expect_navigation():
        staff.locator("main form button[type='submit']").click()
    event = LiteracyEvent.objects.get()
    assert event.status == "terbit"
    audit.check(staff, "event registrations, empty")

    listing = new_page(**PHONE)
    listing.goto(f"{site}/kegiatan/")
    audit.check(listing, "events list")
    first = _register(new_page, site, audit, event.slug, 1, check=True)
    audit.check(first, "registered")
    assert first.locator("[data-testid='registration-status']").inner_text() == "Terdaftar"
    assert first.locator("figure.qr svg").bounding_box()["width"] > 100  # the QR is drawn whole
    second = _register(new_page, site, audit, event.slug, 2)
    third = _register(new_page, site, audit, event.slug, 3)
    assert third.locator("[data-testid='registration-status']").inner_text() == "Dalam daftar tunggu"
    audit.check(third, "waitlisted")

    with second.expect_navigation():
        second.locator("main form:has(input[name='action'][value='cancel']) button[type='submit']").click()
    assert second.locator("[data-testid='registration-status']").inner_text() == "Dibatalkan"
    audit.check(second, "cancelled")
    third.reload()
    assert third.locator("[data-testid='registration-status']").inner_text() == "Terdaftar"
    promoted = Registration.objects.get(code=third.locator("[data-testid='registration-code']").inner_text())
    assert promoted.promoted_at is not None
    assert Message.objects.filter(template_key="literacy.promoted").count() == 1

    staff.goto(f"{site}/staf/kegiatan/{event.pk}/")
    assert "Warga Ke3" in staff.content() and staff.locator("[data-testid='places-left']").inner_text().startswith("0")
    audit.check(staff, "event registrations")

    # At the door, on a phone: one code typed, one sent while the network is cut and delivered when it is back.
    staff.set_viewport_size(PHONE)
    staff.goto(f"{site}/staf/kegiatan/{event.pk}/hadir/")
    audit.check(staff, "check-in page")
    assert not staff.locator("#camera").is_visible()  # until the camera is asked for
    first_code = first.locator("[data-testid='registration-code']").inner_text()
    # The QR on the registrant's page decodes, with the page's own decoder, to their code.
    svg = first.locator("figure.qr svg").evaluate("e => e.outerHTML")
    decoded = staff.evaluate(DECODE_QR, svg)
    assert decoded == first_code
    staff.fill("#code", first_code.lower())
    staff.locator("#check-in button[type='submit']").click()
    staff.locator("#results li.ok").first.wait_for()
    staff.context.set_offline(True)
    staff.fill("#code", promoted.code)
    staff.locator("#check-in button[type='submit']").click()
    staff.locator("[data-testid='waiting']").filter(has_text="Tidak ada sambungan").wait_for()
    assert Registration.objects.get(pk=promoted.pk).checked_in_at is None
    staff.context.set_offline(False)
    staff.evaluate("window.dispatchEvent(new Event('online'))")
    staff.locator("#results li.ok", has_text=promoted.code).wait_for()
    assert Registration.objects.filter(checked_in_at__isnull=False).count() == 2
    audit.check(staff, "check-in done")

    # Certificates for both; the QR page says valid, and revoked once staff revoke one.
    staff.set_viewport_size(DESKTOP)
    staff.goto(f"{site}/staf/kegiatan/{event.pk}/")
    with staff.expect_navigation():
        staff.locator("main form[action$='/sertifikat/']:not(.inline-form) button[type='submit']").click()
    audit.check(staff, "certificates issued")
    first.reload()
    with first.expect_download() as download:
        first.locator("a[href$='/sertifikat.pdf']").click()
    assert download.value.path().read_bytes().startswith(b"%PDF")
    certificate = Registration.objects.get(pk=promoted.pk).certificate
    checker = new_page(**PHONE)
    checker.goto(f"{site}/verifikasi/{certificate.token}/")
    assert checker.locator("[data-testid='verdict']").inner_text().startswith("Sah")
    audit.check(checker, "certificate valid")
    row = staff.locator("tr", has_text=promoted.code)
    row.locator("input[name='reason']").fill("Tidak mengikuti sampai selesai.")
    with staff.expect_navigation():
        row.locator("button[type='submit']").click()
    checker.reload()
    assert checker.locator("[data-testid='verdict']").inner_text().startswith("Dicabut")
    audit.check(checker, "certificate revoked")
