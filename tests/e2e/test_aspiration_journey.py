"""An aspiration from a citizen's phone to an agency's answer and back, in a real browser.

A citizen sends a complaint with a photo and keeps the tracking code and the private link; an
administrator verifies it (redacting the public title) and passes it to the agency; the agency's
officer answers; the citizen reads the answer through the private link, accepts it and rates it;
anyone sees the answer publicly, never the reporter's identity. Along the way a second citizen is
told that the problem is already reported and follows the existing report instead.

Like the other journeys, every page is checked with axe-core by the ``audit`` fixture, and elements
are found by ids, names, attributes and URLs, never by visible text.
"""

from __future__ import annotations

import re

import pytest
from django.core import mail
from PIL import ExifTags, Image

from jembatan.aspirations.models import Aspiration, AspirationStatus, Attachment
from jembatan.aspirations.services import aspiration_secret
from jembatan.notifications.api import recipient_hash
from jembatan.notifications.models import Subscription
from tests.factories import (
    PASSWORD,
    make_agency,
    make_aspiration,
    make_category,
    make_staff,
    photo_with_location,
    totp_token,
)

pytestmark = [
    pytest.mark.e2e,
    # WhiteNoise warns that STATIC_ROOT (var/static) is missing; the live server serves static files itself.
    pytest.mark.filterwarnings("ignore:No directory at:UserWarning"),
]

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
VILLAGE = "19.71.07.1003"  # Kelurahan Bukit Besar
REPORTER_NAME = "Sulastri Wulandari"
REPORTER_EMAIL = "sulastri.wulandari@contoh.id"
REPORTER_PHONE = "0812-7788-9911"
TITLE = "Jalan berlubang besar depan rumah Pak Darto di Jalan Sudirman"
PUBLIC_TITLE = "Jalan berlubang besar di Jalan Sudirman"
DESCRIPTION = "Lubang selebar satu meter di depan rumah nomor 14 sudah dua minggu. Dua motor jatuh malam kemarin."
ANSWER = "Tim Dinas PUPR sudah menambal lubang pada hari Kamis. Terima kasih atas laporannya."


def _submit(page, form_selector: str = "main form[method='post']") -> None:
    """Submit a form with its own submit button and wait for the next page."""
    with page.expect_navigation():
        page.locator(f"{form_selector} button[type='submit']").click()


def _follow(page, selector: str) -> None:
    """Click a link and wait for the page it leads to."""
    with page.expect_navigation():
        page.locator(selector).click()


def _sign_in_staff(page, site: str, audit, user, *, label: str) -> None:
    """Password, then the authenticator code (the factories give staff a confirmed TOTP device)."""
    page.goto(f"{site}/akun/masuk/")
    audit.check(page, f"{label} sign in")
    page.fill("#id_email", user.email)
    page.fill("#id_password", PASSWORD)
    _submit(page)
    assert page.url.startswith(f"{site}/akun/2fa/"), page.url
    audit.check(page, f"{label} second step")
    page.fill("#id_token", totp_token(user))
    _submit(page)
    assert page.url == f"{site}/staf/", page.locator(".error-summary").all_inner_texts()


def _fill_report(page, *, title: str, description: str, category_pk: int, email: str, name: str = "") -> None:
    page.check("input[name='kind'][value='pengaduan']")
    page.fill("#id_title", title)
    page.fill("#id_description", description)
    page.select_option("#id_category", str(category_pk))
    page.select_option("#id_village", VILLAGE)
    if name:
        page.fill("#id_reporter_name", name)
    page.fill("#id_reporter_email", email)
    page.check("#id_consent")


def test_citizen_submits_and_tracks_aspiration(site, new_page, audit):
    agency = make_agency(short_name="PUPR")
    category = make_category(code="jalan", agency=agency)
    admin = make_staff("admin", email="admin.aspirasi@kominfo.contoh.go.id", full_name="Admin Aspirasi")
    officer = make_staff("petugas_opd", agency=agency, email="petugas.pupr@pupr.contoh.go.id", full_name="Petugas PUPR")

    # 1. A citizen on a phone sends a complaint with a photo. Privacy is anonymous by default.
    citizen = new_page(**PHONE)
    citizen.goto(f"{site}/aspirasi/kirim/")
    audit.check(citizen, "submit form")
    assert citizen.locator("input[name='privacy'][value='anonim']").is_checked()
    _fill_report(
        citizen, title=TITLE, description=DESCRIPTION, category_pk=category.pk, email=REPORTER_EMAIL, name=REPORTER_NAME
    )
    citizen.fill("#id_reporter_phone", REPORTER_PHONE)
    citizen.set_input_files(
        "#id_attachments",
        {"name": "IMG_20260310.jpg", "mimeType": "image/jpeg", "buffer": photo_with_location((800, 600))},
    )
    _submit(citizen)
    assert citizen.url == f"{site}/aspirasi/terkirim/", citizen.locator(".error-summary").all_inner_texts()
    audit.check(citizen, "submitted")
    code = citizen.get_by_test_id("tracking-code").inner_text().strip()
    assert re.fullmatch(r"ASP-\d{4}-\d{6}", code), code
    private_link = citizen.get_by_test_id("private-link").get_attribute("href")
    assert private_link.startswith(f"{site}/aspirasi/lacak/{code}/"), private_link
    aspiration = Aspiration.objects.get(code=code)
    assert (aspiration.status, aspiration.privacy, aspiration.kind) == ("baru", "anonim", "pengaduan")
    assert (aspiration.reporter_name, aspiration.reporter_email) == (REPORTER_NAME, REPORTER_EMAIL)
    assert aspiration.reporter_phone == "+6281277889911"
    assert aspiration.consent_text and aspiration.consent_at
    # The stored photo was re-encoded: no camera, no location.
    attachment = Attachment.objects.get(aspiration=aspiration)
    assert attachment.content_type == "image/jpeg"
    with attachment.file.open("rb") as stored, Image.open(stored) as image:
        assert image.format == "JPEG"
        exif = image.getexif()
        assert not exif.get_ifd(ExifTags.IFD.GPSInfo)
        assert dict(exif) == {}
    # The confirmation email carries the private link.
    assert [m.to for m in mail.outbox] == [[REPORTER_EMAIL]]
    assert private_link in mail.outbox[0].body

    # The private link works at once; the code alone shows only that the report is not yet public.
    citizen.goto(private_link)
    audit.check(citizen, "private tracking, new")
    assert citizen.locator(".badge-asp-baru").count() == 1
    citizen.goto(f"{site}/aspirasi/lacak/")
    audit.check(citizen, "track form")
    citizen.fill("#id_code", code)
    _follow(citizen, "main form button[type='submit']")
    assert citizen.url == f"{site}/aspirasi/lacak/{code}/"
    assert TITLE not in citizen.content()
    audit.check(citizen, "public tracking, not yet public")

    # 2. An administrator verifies the report, removing a neighbour's name from the public title.
    staff = new_page(**DESKTOP)
    _sign_in_staff(staff, site, audit, admin, label="admin")
    audit.check(staff, "admin workspace")
    _follow(staff, "main a[href='/staf/aspirasi/?status=baru']")
    audit.check(staff, "admin queue")
    _follow(staff, f"main tbody a[href='/staf/aspirasi/{code}/']")
    audit.check(staff, "staff detail, new")
    assert REPORTER_NAME in staff.locator(".facts").inner_text()  # the administrator sees who reported
    assert staff.locator(f"a[href='/staf/aspirasi/{code}/lampiran/{attachment.pk}/']").count() == 1
    verify = "form[action$='/aksi/verify/']"
    assert staff.input_value(f"{verify} [name='public_title']") == TITLE
    staff.fill(f"{verify} [name='public_title']", PUBLIC_TITLE)
    _submit(staff, verify)
    assert staff.locator(".message-success").count() == 1, staff.locator(".message-error").all_inner_texts()
    assert staff.locator(".badge-asp-terverifikasi").count() == 1
    audit.check(staff, "staff detail, verified")
    aspiration.refresh_from_db()
    assert (aspiration.status, aspiration.public_title) == (AspirationStatus.TERVERIFIKASI, PUBLIC_TITLE)

    # 3. A neighbour reports the same hole: the form first asks whether it is already reported,
    #    and the neighbour follows the existing report instead.
    neighbour = new_page(**PHONE)
    neighbour.goto(f"{site}/aspirasi/kirim/")
    audit.check(neighbour, "second submit form")
    _fill_report(
        neighbour,
        title="Lubang besar di Jalan Sudirman",
        description="Lubangnya dalam dan berbahaya untuk pengendara motor.",
        category_pk=category.pk,
        email="tetangga@contoh.id",
    )
    _submit(neighbour)
    assert neighbour.url == f"{site}/aspirasi/kirim/"
    notice = neighbour.get_by_test_id("duplicates")
    assert notice.locator(f"a[href='/aspirasi/{code}/']").count() == 1
    assert Aspiration.objects.count() == 1  # nothing stored yet
    audit.check(neighbour, "duplicate suggestion")
    _follow(neighbour, f"[data-testid='duplicates'] a[href='/aspirasi/{code}/']")
    audit.check(neighbour, "public detail, verified")
    follow = f"form[action='/aspirasi/{code}/ikuti/']"
    neighbour.fill(f"{follow} [name='email']", "tetangga@contoh.id")
    neighbour.check(f"{follow} [name='consent']")
    _submit(neighbour, follow)
    assert neighbour.url == f"{site}/aspirasi/{code}/"
    assert neighbour.locator(".message-success").count() == 1
    audit.check(neighbour, "followed")
    assert Subscription.objects.filter(
        subject=f"aspirasi:{code}", address_hash=recipient_hash("email", "tetangga@contoh.id")
    ).exists()

    # 4. The administrator passes the report to the agency the category proposes.
    dispose = "form[action$='/aksi/dispose/']"
    assert staff.input_value(f"{dispose} [name='agency']") == str(agency.pk)
    _submit(staff, dispose)
    assert staff.locator(".badge-asp-didisposisikan").count() == 1, staff.locator(".message-error").all_inner_texts()
    audit.check(staff, "staff detail, with the agency")

    # 5. The agency's officer signs in, finds the report in the queue and answers it.
    opd = new_page(**DESKTOP)
    _sign_in_staff(opd, site, audit, officer, label="officer")
    audit.check(opd, "officer workspace")
    _follow(opd, "main a[href='/staf/aspirasi/?status=didisposisikan']")
    assert opd.locator("main tbody tr").count() == 1
    audit.check(opd, "officer queue")
    _follow(opd, f"main tbody a[href='/staf/aspirasi/{code}/']")
    audit.check(opd, "officer detail")
    assert REPORTER_NAME not in opd.locator("main").inner_text()  # the agency does not need the name
    assert opd.locator("form[action$='/aksi/verify/']").count() == 0
    opd.fill("form[action$='/aksi/answer/'] [name='answer']", ANSWER)
    _submit(opd, "form[action$='/aksi/answer/']")
    assert opd.locator(".message-success").count() == 1, opd.locator(".message-error").all_inner_texts()
    assert opd.locator(".badge-asp-ditindaklanjuti").count() == 1
    audit.check(opd, "officer detail, answered")

    # 6. The citizen opens the private link, reads the answer, accepts it and rates it 4.
    citizen.goto(private_link)
    assert ANSWER in citizen.locator(".answer").inner_text()
    audit.check(citizen, "private tracking, answered")
    accept = "form:has(input[name='action'][value='accept'])"
    citizen.select_option(f"{accept} [name='rating']", "4")
    _submit(citizen, accept)
    assert citizen.url == private_link
    assert citizen.locator(".message-success").count() == 1
    assert citizen.locator(".badge-asp-selesai").count() == 1
    audit.check(citizen, "private tracking, closed")
    aspiration.refresh_from_db()
    assert (aspiration.status, aspiration.rating) == (AspirationStatus.SELESAI, 4)

    # 7. Anyone sees the report and its official answer, never the reporter's identity.
    visitor = new_page(**PHONE)
    visitor.goto(f"{site}/aspirasi/")
    audit.check(visitor, "public list")
    card = visitor.locator(".card").filter(has=visitor.locator(f"a[href='/aspirasi/{code}/']"))
    assert card.locator(".badge-asp-selesai").count() == 1
    assert PUBLIC_TITLE in card.inner_text()
    pages = [visitor.content()]
    _follow(visitor, f"main .card a[href='/aspirasi/{code}/']")
    audit.check(visitor, "public detail")
    assert ANSWER in visitor.locator(".answer").inner_text()
    pages.append(visitor.content())
    visitor.goto(f"{site}/aspirasi/lacak/{code}/")
    audit.check(visitor, "public tracking")
    pages.append(visitor.content())
    for html in pages:
        # Digit groups, not a lone "7788": timestamps in datetime attributes carry microseconds.
        for secret in (
            REPORTER_NAME,
            "Sulastri",
            REPORTER_EMAIL,
            "+6281277889911",
            "7788-9911",
            "77889911",
            "Pak Darto",
        ):
            assert secret not in html

    audit.assert_clean()


def test_aspiration_pages_at_phone_and_desktop_widths(site, new_page, audit, screenshots):
    """Every aspiration page at a phone's and a desktop's width, with a form error and a duplicate
    notice too: axe, no sideways scrolling, a screenshot under a stable name."""
    agency = make_agency(short_name="PUPR")
    category = make_category(code="jalan", agency=agency)
    officer = make_staff("petugas_opd", agency=agency)
    first_admin = make_staff("admin")
    closed = make_aspiration(status="selesai", admin=first_admin, officer=officer, category=category)
    answered = make_aspiration(
        status="ditindaklanjuti",
        admin=first_admin,
        officer=officer,
        category=category,
        title="Drainase tersumbat di Jalan Sudirman dekat pasar",
        village_code=VILLAGE,
    )
    new = make_aspiration(
        category=category, title="Pohon tumbang menutup separuh jalan di Gang Kenanga", village_code=VILLAGE
    )
    private = f"/aspirasi/lacak/{answered.code}/{aspiration_secret(answered)}/"
    public_pages = {
        "asp-list": "/aspirasi/",
        "asp-track-form": "/aspirasi/lacak/",
        "asp-track-code": f"/aspirasi/lacak/{closed.code}/",
        "asp-detail": f"/aspirasi/{closed.code}/",
        "asp-figures": "/aspirasi/kinerja/",
        "asp-private-answered": private,
        "asp-submit": "/aspirasi/kirim/",  # last: the form is sent below
    }
    audit.screenshot_dir = None  # saved below under stable names instead
    for width, height in ((390, 844), (1280, 900)):
        page = new_page(width=width, height=height)

        def shot(name: str) -> None:
            audit.check(page, f"{name} {width}px")  # noqa: B023 - used within the iteration
            page.screenshot(path=str(screenshots / f"{name}-{width}.png"), full_page=True)  # noqa: B023

        for name, path in public_pages.items():
            page.goto(f"{site}{path}")
            assert page.url == f"{site}{path}"
            shot(name)

        # An empty form: the error summary and the fields' errors.
        _submit(page)
        assert page.locator(".error-summary").count() == 1
        shot("asp-submit-errors")
        # A likely duplicate, then the report is sent anyway.
        _fill_report(
            page,
            title="Drainase tersumbat lagi di Jalan Sudirman",
            description="Air meluap ke jalan setiap hujan deras.",
            category_pk=category.pk,
            email=f"warga{width}@contoh.id",
        )
        _submit(page)
        assert page.get_by_test_id("duplicates").count() == 1
        shot("asp-submit-duplicates")
        page.check("#id_consent")
        _submit(page)
        assert page.url == f"{site}/aspirasi/terkirim/", page.locator(".error-summary").all_inner_texts()
        shot("asp-submitted")
        _follow(page, "main a[data-testid='private-link']")
        shot("asp-private-new")

        # Staff pages, signed in as an administrator (one per width: an authenticator code is used once).
        staff = make_staff("admin")
        _sign_in_staff(page, site, audit, staff, label=f"admin {width}px")
        audit.check(page, f"workspace {width}px")
        for name, path in {
            "asp-staff-queue": "/staf/aspirasi/",
            "asp-staff-detail-new": f"/staf/aspirasi/{new.code}/",
            "asp-staff-detail-answered": f"/staf/aspirasi/{answered.code}/",
        }.items():
            page.goto(f"{site}{path}")
            shot(name)
    audit.assert_clean()
