"""A citizen asks for a budget document; the PPID asks for a clarification (the clock pauses, visible to
both); the citizen answers; the PPID extends with a reason, then grants in part with a refusal basis; the
citizen objects; the atasan PPID decides; the citizen takes it to the Komisi Informasi; the PPID records
the KI's decision. axe-core checks every page."""

from __future__ import annotations

import pytest
from django.utils import timezone

from jembatan.information.models import InformationRequest, Objection
from tests.e2e.test_staff_journeys import DESKTOP, PHONE, _sign_in_staff
from tests.factories import make_staff

pytestmark = [pytest.mark.e2e, pytest.mark.filterwarnings("ignore:No directory at:UserWarning")]


def _post(page, action: str) -> None:
    """Submit the form that posts to ``…/<action>/`` (staff page) and wait for the next page."""
    with page.expect_navigation():
        page.locator(f"main form[action$='/{action}/'] button[type='submit']").click()


def _send(page, action: str) -> None:
    """Submit the requester's form carrying ``action``."""
    with page.expect_navigation():
        page.locator(f"main form:has(input[name='action'][value='{action}']) button[type='submit']").click()


def test_request_clarify_extend_answer_object_decide_and_the_komisi_informasi(site, new_page, audit):
    ppid = make_staff("ppid", email="ppid.utama@kominfo.contoh.go.id", full_name="PPID Utama")
    atasan = make_staff("atasan_ppid", email="atasan.ppid@kominfo.contoh.go.id", full_name="Atasan PPID")

    # 1. The citizen asks, on a phone.
    citizen = new_page(**PHONE)
    citizen.goto(f"{site}/informasi/minta/")
    audit.check(citizen, "request form")
    citizen.fill("#id_name", "Rina Lestari")
    citizen.fill("#id_nik", "1971014501900003")
    citizen.fill("#id_address", "Jl. Merdeka 1, Pangkalpinang")
    citizen.fill("#id_email", "rina@contoh.id")
    citizen.fill("#id_information", "Dokumen Rencana Kerja dan Anggaran Dinas PUPR tahun 2026.")
    citizen.fill("#id_purpose", "Memantau pembangunan jalan di kelurahan kami.")
    citizen.check("input[name='obtain'][value='salinan_softcopy']")
    citizen.check("input[name='delivery'][value='email']")
    citizen.check("#id_consent")
    with citizen.expect_navigation():
        citizen.locator("main form button[type='submit']").click()
    audit.check(citizen, "request received")
    number = citizen.locator("[data-testid='registration-number']").inner_text()
    private = citizen.locator("[data-testid='private-link']").get_attribute("href")
    item = InformationRequest.objects.get(code=number)
    assert item.answer_due is not None

    # 2. The PPID words the subject and asks for a clarification: the clock pauses.
    officer = new_page(**DESKTOP)
    _sign_in_staff(officer, site, audit, ppid, label="ppid")
    officer.goto(f"{site}/staf/informasi/")
    audit.check(officer, "ppid queue")
    officer.goto(f"{site}/staf/informasi/{number}/")
    audit.check(officer, "ppid request")
    officer.fill("#id_subject-subject", "Dokumen RKA Dinas PUPR 2026")
    _post(officer, "subject")
    officer.fill("#id_clarify-text", "Apakah yang dimaksud RKA murni atau perubahan?")
    _post(officer, "clarify")
    assert "Menunggu klarifikasi" in officer.locator("[data-testid='status']").inner_text()
    audit.check(officer, "ppid request paused")

    # 3. The citizen sees the pause and answers.
    citizen.goto(private)
    assert citizen.locator("[data-testid='paused']").is_visible()
    audit.check(citizen, "requester page paused")
    citizen.fill("#id_answer", "RKA murni tahun 2026.")
    _send(citizen, "clarify")
    assert citizen.locator("[data-testid='due']").is_visible()
    audit.check(citizen, "requester page running again")

    # 4. The PPID extends with a reason, then grants in part with a refusal basis.
    officer.goto(f"{site}/staf/informasi/{number}/")
    officer.fill("#id_extend-text", "Dokumen perlu dipisahkan dari lampiran yang dikecualikan.")
    _post(officer, "extend")
    officer.select_option("#id_answer-decision", "sebagian")
    officer.fill("#id_answer-answer_text", "Kami berikan RKA tanpa lampiran daftar rekanan.")
    officer.fill("#id_answer-exemption_ground", "Pasal 17 huruf b UU 14/2008")
    officer.fill("#id_answer-consequence_test", "Uji konsekuensi PPID Nomor 3 Tahun 2026.")
    _post(officer, "answer")
    audit.check(officer, "ppid request answered")
    item.refresh_from_db()
    assert (item.status, item.decision, item.extension_days) == ("dijawab", "sebagian", 7)

    # 5. The citizen objects on ground (a).
    citizen.goto(private)
    audit.check(citizen, "requester page answered")
    citizen.check("input[name='grounds'][value='a']")
    citizen.fill("#id_reason", "Daftar rekanan bukan informasi yang dikecualikan.")
    _send(citizen, "object")
    assert "Diajukan kepada atasan PPID" in citizen.locator("[data-testid='objection-status']").inner_text()
    audit.check(citizen, "requester objection filed")

    # 6. The atasan PPID decides.
    boss = new_page(**DESKTOP)
    _sign_in_staff(boss, site, audit, atasan, label="atasan")
    boss.goto(f"{site}/staf/informasi/{number}/")
    audit.check(boss, "atasan request")
    boss.select_option("#id_decide-decision", "ditolak")
    boss.fill("#id_decide-text", "Jawaban PPID sudah sesuai uji konsekuensi.")
    _post(boss, "decide")
    audit.check(boss, "atasan decided")

    # 7. The citizen takes it to the Komisi Informasi.
    citizen.goto(private)
    _send(citizen, "ki")
    assert "Komisi Informasi" in citizen.locator("[data-testid='objection-status']").inner_text()
    audit.check(citizen, "requester went to the ki")

    # 8. The PPID records the KI's decision.
    officer.goto(f"{site}/staf/informasi/{number}/")
    officer.select_option("#id_ki-step", "ki_decided_on")
    officer.fill("#id_ki-on", timezone.localdate().isoformat())
    officer.fill("#id_ki-decision", "Sengketa diselesaikan melalui mediasi; daftar rekanan diberikan.")
    _post(officer, "ki")
    audit.check(officer, "ppid ki decision")
    objection = Objection.objects.get()
    assert objection.status == "selesai" and objection.ki_decided_on == timezone.localdate()

    # The public register shows the request without the requester.
    citizen.goto(f"{site}/informasi/permohonan/{number}/")
    audit.check(citizen, "public register entry")
    text = citizen.locator("main").inner_text()
    assert "Dokumen RKA Dinas PUPR 2026" in text and "Rina" not in text
