"""The screens added for corrections through review, photos of the work, downloads and sign-in waits,
each checked with axe-core at the width its users have (editors and administrators at a desk, officers
and citizens on a phone); elements are found by ids, names and URLs."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from jembatan.accounts.roles import Role
from tests.e2e.test_staff_journeys import DESKTOP, PHONE, _follow, _sign_in, _sign_in_staff, _submit
from tests.factories import make_aspiration, make_item, make_staff, make_user

pytestmark = [pytest.mark.e2e, pytest.mark.filterwarnings("ignore:No directory at:UserWarning")]

RIGHT = "Kerja bakti dimulai pukul 07.30 di Balai Kelurahan Bukit Intan."


def test_a_correction_through_review_reaches_readers_with_its_comparison(site, new_page, audit):
    author, reviewer = make_staff(Role.EDITOR), make_staff(Role.EDITOR)
    item = make_item(author=author, body="Kerja bakti dimulai pukul 08.00 di Balai Kelurahan Bukit Intan.")

    page = new_page(**DESKTOP)
    _sign_in_staff(page, site, audit, author, label="author")
    audit.check(page, "author workspace")
    page.goto(f"{site}/staf/berita/{item.pk}/")
    audit.check(page, "published item")
    _follow(page, f"a[href='/staf/berita/{item.pk}/koreksi/']")
    audit.check(page, "correct the text")
    page.fill("#id_note", "Jam mulai yang benar adalah 07.30, bukan 08.00.")
    page.fill("#id_body", RIGHT)
    _submit(page)
    audit.check(page, "correction waiting")
    assert page.locator("form[action*='/koreksi/'][action$='/terbitkan/']").count() == 0  # the proposer

    other = new_page(**DESKTOP)
    _sign_in_staff(other, site, audit, reviewer, label="reviewer")
    audit.check(other, "reviewer workspace")
    other.goto(f"{site}/staf/berita/{item.pk}/")
    audit.check(other, "review the correction")
    _submit(other, "form[action$='/terbitkan/']")
    audit.check(other, "correction published")

    reader = new_page(**PHONE)
    reader.goto(f"{site}{item.get_absolute_url()}")
    audit.check(reader, "item with the correction note")
    assert "07.30" in reader.locator("main .article-body, main article").last.inner_text().split("Sumber")[0]
    assert "pukul 08.00 di" not in reader.locator("main").inner_text()
    _follow(reader, f"a[href^='/berita/{item.slug}/koreksi/']")
    audit.check(reader, "what the correction changed")
    assert reader.locator("ins").count() > 0 and reader.locator("del").count() > 0
    audit.assert_clean()


def test_an_officer_sends_progress_with_a_photo_and_the_public_sees_it(site, new_page, audit, tmp_path, settings):
    settings.MEDIA_ROOT = str(tmp_path)
    admin = make_staff(Role.ADMIN)
    report = make_aspiration(status="didisposisikan", admin=admin)
    officer = make_staff(Role.PETUGAS_OPD, agency=report.agency)
    buffer = io.BytesIO()
    Image.new("RGB", (1600, 1200), (80, 120, 90)).save(buffer, "JPEG")

    page = new_page(**PHONE)
    _sign_in_staff(page, site, audit, officer, label="officer")
    audit.check(page, "officer workspace")
    page.goto(f"{site}/staf/aspirasi/{report.code}/")
    audit.check(page, "report for the agency")
    form = "form[action$='/aksi/progress/']"
    page.fill(f"{form} [name='note']", "Saluran sudah dibersihkan sebagian; sisanya dijadwalkan Senin.")
    page.set_input_files(
        f"{form} [name='photos']", {"name": "saluran.jpg", "mimeType": "image/jpeg", "buffer": buffer.getvalue()}
    )
    page.fill(f"{form} [name='photo_alt']", "Saluran air yang sudah dibersihkan")
    _submit(page, form)
    audit.check(page, "progress sent")

    citizen = new_page(**PHONE)
    citizen.goto(f"{site}/aspirasi/{report.code}/")
    audit.check(citizen, "public report with a photo")
    photo = citizen.locator("main img[alt='Saluran air yang sudah dibersihkan']")
    assert photo.count() == 1
    assert citizen.evaluate("img => img.complete && img.naturalWidth > 0", photo.element_handle())
    audit.assert_clean()


def test_downloads_and_the_sign_in_wait(site, new_page, audit, settings):
    settings.LOGIN_FREE_FAILURES = 1
    admin = make_staff(Role.ADMIN)
    page = new_page(**DESKTOP)
    _sign_in_staff(page, site, audit, admin, label="admin")
    audit.check(page, "admin workspace")
    _follow(page, "a[href='/staf/unduhan/']")
    audit.check(page, "downloads")
    assert page.locator("a[href='/staf/unduhan/kim.xlsx']").count() == 1

    make_user(email="warga.lupa@contoh.id")
    visitor = new_page(**PHONE)
    for _attempt in range(2):
        visitor.goto(f"{site}/akun/masuk/")
        audit.check(visitor, "sign in")
        visitor.fill("#id_email", "warga.lupa@contoh.id")
        visitor.fill("#id_password", "bukan-sandinya-123")
        _submit(visitor)
        audit.check(visitor, "wrong password")
    with audit.expect_status(429):
        _sign_in(visitor, site, audit, "warga.lupa@contoh.id", label="waiting")
        audit.check(visitor, "wait before trying again")
    assert visitor.locator("main a[href='/akun/sandi/lupa/']").count() == 1
    audit.assert_clean()
