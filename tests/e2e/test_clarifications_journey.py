"""An editor writes a clarification and a second editor publishes it; a citizen on a phone checks a forwarded
message and finds it, reads the clarification and its share text; axe-core checks every page."""

from __future__ import annotations

import pytest

from jembatan.clarifications.models import Claim
from tests.e2e.test_staff_journeys import DESKTOP, PHONE, _sign_in_staff
from tests.factories import make_staff

pytestmark = [pytest.mark.e2e, pytest.mark.filterwarnings("ignore:No directory at:UserWarning")]

MESSAGE = ("Pemerintah membagikan bantuan tunai Rp2,5 juta untuk setiap kepala keluarga, daftar lewat tautan ini dan "
           "isi NIK serta kode OTP sebelum kuota habis.")  # fmt: skip


def test_write_review_publish_and_check_a_message(site, new_page, audit):
    from jembatan.clarifications.vocabulary import ensure_default_verdicts

    ensure_default_verdicts()  # the live server's database is emptied between tests, migrations' rows too
    writer = make_staff("editor", email="penulis@kominfo.contoh.go.id", full_name="Penulis")
    reviewer = make_staff("editor", email="pemeriksa@kominfo.contoh.go.id", full_name="Pemeriksa")
    desk = new_page(**DESKTOP)
    _sign_in_staff(desk, site, audit, writer, label="writer")
    desk.goto(f"{site}/staf/cek-fakta/baru/")
    audit.check(desk, "new clarification form")
    desk.fill("#id_title", "Bantuan tunai lewat tautan WhatsApp")
    desk.fill("#id_circulated_text", MESSAGE)
    desk.fill("#id_seen_where", "Grup WhatsApp warga")
    desk.fill("#id_first_seen", "2026-11-30")
    desk.select_option("#id_verdict", label="HOAKS")
    desk.fill("#id_explanation", "Pemerintah tidak pernah meminta kode OTP. Tautan itu mencuri akun WhatsApp.")
    desk.fill("#id_sources", "https://example.go.id/siaran | Siaran pers | https://web.archive.org/siaran")
    with desk.expect_navigation():
        desk.locator("main form.stack button[type='submit']").click()
    claim = Claim.objects.get()
    with desk.expect_navigation():
        desk.locator("main form[action$='/ajukan/'] button").click()
    audit.check(desk, "in review")

    second = new_page(**DESKTOP)
    _sign_in_staff(second, site, audit, reviewer, label="reviewer")
    second.goto(f"{site}/staf/cek-fakta/{claim.pk}/")
    with second.expect_navigation():
        second.locator("main form[action$='/terbitkan/'] button").click()
    assert "Terbit" in second.locator("[data-testid='status']").inner_text()

    citizen = new_page(**PHONE)
    citizen.goto(f"{site}/cek-fakta/cek/")
    audit.check(citizen, "check form")
    citizen.fill("#id_text", "Diteruskan\n⚠️ " + MESSAGE.replace("yang", "yg") + " 🙏 https://bit.ly/x")
    with citizen.expect_navigation():
        citizen.locator("main form button[type='submit']").click()
    assert citizen.locator("[data-testid='check-result']").get_attribute("data-decision") == "answer"
    audit.check(citizen, "check answered")
    with citizen.expect_navigation():
        citizen.locator("[data-testid='check-result'] a").first.click()
    assert citizen.locator("[data-testid='verdict']").inner_text() == "HOAKS"
    assert "[HOAKS] Bantuan tunai" in citizen.locator("#share-text").input_value()
    audit.check(citizen, "clarification page")
    citizen.goto(f"{site}/cek-fakta/")
    audit.check(citizen, "library")
