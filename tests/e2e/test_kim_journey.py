"""A KIM from a citizen's application to an active, counted KIM, in a real browser.

Elements are found by ids, names and URLs, never by visible text: the interface is Indonesian by
default and its catalogue may still be incomplete.
"""

from __future__ import annotations

import base64
import re

import pytest
from django.core import mail
from django_otp.oath import totp

from jembatan.communities.models import Kim, KimStatus
from tests.factories import MINIMAL_PDF, make_kim, make_staff

pytestmark = [
    pytest.mark.e2e,
    # WhiteNoise warns that STATIC_ROOT (var/static) is missing; the live server serves static files itself.
    pytest.mark.filterwarnings("ignore:No directory at:UserWarning"),
]

VILLAGE = "19.71.07.1003"  # Kelurahan Bukit Besar
DISTRICT = "19.71.07"  # Kecamatan Girimaya
KIM_NAME = "KIM Bukit Besar Bersatu"
CITIZEN_EMAIL = "ketua.bukitbesar@contoh.id"
CITIZEN_PASSWORD = "sungai-rangkui-pagi-2026"
ADMIN_EMAIL = "admin.kim@kominfo.contoh.go.id"
ADMIN_PASSWORD = "menara-timah-senja-2026"
NEW_ADDRESS = "Jl. Girimaya Raya No. 12, RT 03"


def _submit(page, form_selector: str = "main form[method='post']") -> None:
    """Submit a form with its own submit button and wait for the next page."""
    with page.expect_navigation():
        page.locator(f"{form_selector} button[type='submit']").click()


def _totp_code(secret: str) -> str:
    key = base64.b32decode(secret + "=" * (-len(secret) % 8))
    return f"{totp(key, step=30, t0=0, digits=6, drift=0):06d}"


def _secret_from_rendered_qr(page) -> str:
    """Screenshot the QR code as rendered (CSS applied), decode it and return the secret it carries."""
    import io
    from urllib.parse import parse_qs, urlparse

    import zxingcpp
    from PIL import Image

    box = page.locator(".qr svg")
    width = box.bounding_box()["width"]
    assert width >= 150, f"the QR code is drawn only {width} px wide"
    picture = Image.open(io.BytesIO(box.screenshot()))
    # Only QR codes are looked for: with every format on, a random secret's modules now and then also
    # read as a stray linear barcode inside the square, which says nothing about the QR code.
    found = zxingcpp.read_barcodes(picture, formats=zxingcpp.BarcodeFormat.QRCode)
    texts = {barcode.text for barcode in found}
    assert len(texts) == 1, f"the rendered QR code cannot be decoded (clipped or squeezed?): {texts}"
    (text,) = texts
    url = urlparse(text)
    assert url.scheme == "otpauth" and url.netloc == "totp", text
    assert page.get_by_test_id("otpauth-link").get_attribute("href") == text
    return parse_qs(url.query)["secret"][0]


def _active_kim_in(page, district: str) -> str:
    """The 'active KIMs' cell of a kecamatan's row in the coverage table."""
    row = page.locator("tbody tr").filter(has=page.locator(f"a[href$='?kecamatan={district}']"))
    return row.locator("td.num").first.inner_text().strip()


def test_citizen_applies_and_admin_legalises_kim(site, new_page, audit):
    make_staff("admin", with_totp=False, email=ADMIN_EMAIL, password=ADMIN_PASSWORD, full_name="Admin KIM")

    # 0. A visitor looks at the coverage first; the anonymous page is now in the public page cache.
    early_visitor = new_page()
    early_visitor.goto(f"{site}/cakupan/")
    audit.check(early_visitor, "coverage before")
    assert _active_kim_in(early_visitor, DISTRICT) == "0"
    early_visitor.goto(f"{site}/kim/")
    audit.check(early_visitor, "directory before")
    assert early_visitor.locator(".card").count() == 0

    # 1. A citizen who is not signed in applies.
    citizen = new_page(width=390, height=844)
    citizen.goto(f"{site}/kim/daftar/")
    audit.check(citizen, "apply form")
    assert citizen.locator(f"#id_village optgroup option[value='{VILLAGE}']").count() == 1
    assert citizen.locator("#id_village optgroup").count() == 7  # one group per kecamatan of Pangkalpinang
    citizen.fill("#id_name", KIM_NAME)
    citizen.select_option("#id_village", VILLAGE)
    citizen.fill("#id_address", "Jl. Merdeka 1")
    citizen.fill("#id_phone", "0812-7100-0001")
    citizen.fill("#id_description", "Menyebarkan informasi kelurahan lewat grup WhatsApp warga.")
    citizen.fill("#id_ketua_name", "Siti Aminah")
    citizen.fill("#id_ketua_phone", "0812-7100-0002")
    citizen.fill("#id_sekretaris_name", "Budi Santoso")
    citizen.fill("#id_sekretaris_phone", "0812-7100-0003")
    citizen.fill("#id_bendahara_name", "Rina Wati")
    citizen.fill("[name='members_text']", "Ahmad Fauzi, 0812-7100-0004\nDewi Lestari, 0812-7100-0005\nYusuf Hamdani")
    citizen.fill("#id_account_email", CITIZEN_EMAIL)
    citizen.fill("#id_account_password", CITIZEN_PASSWORD)
    citizen.fill("#id_account_password2", CITIZEN_PASSWORD)
    citizen.check("#id_consent")
    _submit(citizen)
    assert citizen.url == f"{site}/kim/daftar/terkirim/", citizen.locator(".error-summary").all_inner_texts()
    audit.check(citizen, "application sent")
    kim = Kim.objects.get(name=KIM_NAME)
    assert kim.status == KimStatus.DIAJUKAN
    assert kim.members.count() == 6

    # 2. The citizen confirms the email address with the link from the email.
    assert {tuple(m.to) for m in mail.outbox} == {(CITIZEN_EMAIL,)}, [(m.to, m.subject) for m in mail.outbox]
    links = [link for m in mail.outbox for link in re.findall(r"https?://\S+/akun/konfirmasi/\S+/", m.body)]
    assert len(links) == 1, [m.body for m in mail.outbox]
    link = links[0]
    sent_so_far = len(mail.outbox)
    assert link.startswith(site), link
    citizen.goto(link)
    assert citizen.url.startswith(f"{site}/akun/masuk/")
    assert citizen.locator(".message-success").count() == 1
    audit.check(citizen, "email confirmed")

    # 3. An administrator signs in and sets up the second factor.
    staff = new_page()
    staff.goto(f"{site}/akun/masuk/")
    audit.check(staff, "staff sign in")
    staff.fill("#id_email", ADMIN_EMAIL)
    staff.fill("#id_password", ADMIN_PASSWORD)
    _submit(staff)
    assert staff.url.startswith(f"{site}/akun/2fa/siapkan/")
    audit.check(staff, "two-factor setup")
    typed_secret = staff.get_by_test_id("totp-secret").inner_text().strip()
    assert re.fullmatch(r"[A-Z2-7]+", typed_secret), typed_secret
    # The QR code as the phone's camera sees it: the rendered element, whole, decoded by ZXing.
    secret = _secret_from_rendered_qr(staff)
    assert secret == typed_secret
    assert staff.get_by_test_id("otpauth-link").get_attribute("href").startswith("otpauth://totp/")
    staff.fill("#id_token", _totp_code(secret))
    _submit(staff)
    assert staff.locator("ul.codes li").count() == 10
    audit.check(staff, "recovery codes")
    with staff.expect_navigation():
        staff.locator("main a.button[href='/staf/']").click()
    assert staff.url == f"{site}/staf/"
    audit.check(staff, "workspace")

    # 4. The administrator opens the application from the queue and asks for a correction.
    with staff.expect_navigation():
        staff.locator(f"section[aria-labelledby='q-verify'] a[href='/staf/kim/{kim.slug}/']").click()
    audit.check(staff, "application detail")
    staff.fill("form[action$='/aksi/request_correction/'] [name='notes']", "Lengkapi alamat sekretariat (RT/RW).")
    _submit(staff, "form[action$='/aksi/request_correction/']")
    assert staff.locator(".badge-perlu_perbaikan").count() == 1
    audit.check(staff, "correction requested")
    kim.refresh_from_db()
    assert kim.status == KimStatus.PERLU_PERBAIKAN
    assert [m.to for m in mail.outbox[sent_so_far:]] == [[CITIZEN_EMAIL]]  # the applicant is told

    # 5. The citizen signs in, reads the correction and resubmits.
    citizen.fill("#id_email", CITIZEN_EMAIL)
    citizen.fill("#id_password", CITIZEN_PASSWORD)
    _submit(citizen)
    assert citizen.url == f"{site}/akun/"
    assert "Lengkapi alamat sekretariat" in citizen.locator(".card .notice").inner_text()
    assert citizen.locator(".card .badge-perlu_perbaikan").count() == 1
    audit.check(citizen, "account with correction")
    with citizen.expect_navigation():
        citizen.locator(f"a[href='/kim/{kim.slug}/perbaiki/']").click()
    audit.check(citizen, "correction form")
    assert citizen.input_value("#id_name") == KIM_NAME
    assert citizen.locator("#id_village").input_value() == VILLAGE
    citizen.fill("#id_address", NEW_ADDRESS)
    _submit(citizen)
    assert citizen.url == f"{site}/akun/", citizen.locator(".error-summary").all_inner_texts()
    assert citizen.locator(".card .badge-diajukan").count() == 1
    assert citizen.locator(".message-success").count() == 1
    audit.check(citizen, "account after resubmitting")
    kim.refresh_from_db()
    assert (kim.status, kim.address) == (KimStatus.DIAJUKAN, NEW_ADDRESS)
    assert kim.members.count() == 6

    # 6. The administrator verifies, records the decree (SK) and activates.
    staff.goto(f"{site}/staf/")
    audit.check(staff, "workspace with resubmitted application")
    with staff.expect_navigation():
        staff.locator(f"section[aria-labelledby='q-verify'] a[href='/staf/kim/{kim.slug}/']").click()
    audit.check(staff, "resubmitted application")
    _submit(staff, "form[action$='/aksi/verify/']")
    assert staff.locator(".badge-diverifikasi").count() == 1
    audit.check(staff, "verified")
    staff.fill("#legalise-sk_number", "400.14/12/KEL-BB/2025")
    staff.fill("#legalise-sk_date", "2025-10-01")
    staff.fill("#legalise-sk_issuer", "Lurah Bukit Besar")
    staff.set_input_files(
        "#legalise-sk_scan", {"name": "sk-kim.pdf", "mimeType": "application/pdf", "buffer": MINIMAL_PDF}
    )
    _submit(staff, "form[action$='/aksi/legalise/']")
    assert staff.locator(".message-error").count() == 0, staff.locator(".message-error").all_inner_texts()
    assert staff.locator(".badge-dikukuhkan").count() == 1
    assert staff.locator(f"a[href='/staf/kim/{kim.slug}/sk/']").count() == 1
    audit.check(staff, "legalised")
    _submit(staff, "form[action$='/aksi/activate/']")
    assert staff.locator(".badge-aktif").count() == 1
    audit.check(staff, "active")
    kim.refresh_from_db()
    assert kim.status == KimStatus.AKTIF
    assert kim.sk_scan.read().startswith(b"%PDF-")

    # 7. Anyone can now find the KIM in the directory, and it counts towards coverage (the cached
    #    anonymous pages from step 0 were invalidated when the status changed).
    visitor = new_page()
    visitor.goto(f"{site}/kim/")
    audit.check(visitor, "directory")
    card = visitor.locator(".card").filter(has=visitor.locator(f"a[href='/kim/{kim.slug}/']"))
    assert card.locator(".badge-aktif").count() == 1
    with visitor.expect_navigation():
        card.locator(f"a[href='/kim/{kim.slug}/']").click()
    assert visitor.locator(".badge-aktif").count() == 1
    assert NEW_ADDRESS in visitor.locator(".facts").inner_text()
    audit.check(visitor, "public profile")
    visitor.goto(f"{site}/cakupan/")
    audit.check(visitor, "coverage")
    assert _active_kim_in(visitor, DISTRICT) == "1"
    district_row = f"a[href$='?kecamatan={DISTRICT}']"
    row = visitor.locator("tbody tr").filter(has=visitor.locator(district_row))
    assert row.locator(".badge-aktif").count() == 1  # the target (one active KIM) is met
    other_rows = visitor.locator("tbody tr").filter(has_not=visitor.locator(district_row))
    assert other_rows.locator(".badge-aktif").count() == 0
    assert visitor.locator("tfoot td.num").first.inner_text().strip() == "1"

    audit.assert_clean()


PUBLIC_PAGES = {
    "home": "/",
    "directory": "/kim/",
    "apply": "/kim/daftar/",
    "coverage": "/cakupan/",
    "sign-in": "/akun/masuk/",
}


def test_public_pages_at_phone_and_desktop_widths(site, new_page, audit, screenshots):
    """Each public page at a phone's and a desktop's width: axe, no sideways scrolling, a screenshot."""
    kim = make_kim(
        status="aktif", admin=make_staff("admin"), name="KIM Batu Intan Mandiri", village_code="19.71.07.1002"
    )
    pages = {**PUBLIC_PAGES, "kim-profile": f"/kim/{kim.slug}/"}
    audit.screenshot_dir = None  # saved below under stable names instead
    for width, height in ((390, 844), (1280, 900)):
        page = new_page(width=width, height=height)
        for name, path in pages.items():
            page.goto(f"{site}{path}")
            assert page.url == f"{site}{path}"
            audit.check(page, f"{name} {width}px")
            page.screenshot(path=str(screenshots / f"{name}-{width}.png"), full_page=True)
    audit.assert_clean()
