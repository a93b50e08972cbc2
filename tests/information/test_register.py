"""The Daftar Informasi Publik: the DIP fields and four categories, searchable; an exempt entry with its
consequence test and never a document; periodic information due again within 6 months, with a warning
in the PPID's workspace; uploads checked like every upload (a PDF with JavaScript is refused)."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile

from jembatan.core.errors import DomainError
from jembatan.information import register
from jembatan.information.models import RegisterEntry
from tests.factories import MINIMAL_PDF, build_pdf, make_staff, signed_in

SCRIPTED_PDF = build_pdf(
    b"<</Type/Catalog/Pages 2 0 R/OpenAction<</S/JavaScript/JS(app.alert(1))>>>>",
    b"<</Type/Pages/Kids[3 0 R]/Count 1>>",
    b"<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>",
)


def _data(**overrides) -> register.EntryData:
    values = {"number": "DIP-001", "title": "Laporan keuangan Diskominfo 2025", "summary": "Neraca dan realisasi anggaran.",
              "holder": "Sekretariat Diskominfo", "responsible": "Kepala Subbagian Keuangan", "made": "Januari 2026, Pangkalpinang",
              "form": "Elektronik (PDF)", "retention": "10 tahun", "category": "berkala",
              "published_on": datetime.date(2026, 6, 30)}  # fmt: skip
    return register.EntryData(**{**values, **overrides})


def test_periodic_information_is_due_again_within_six_months_and_warned_of(client, db, regions):
    ppid = make_staff("ppid")
    entry = register.entry_save(actor=ppid, regency_code="19.71", data=_data(),
                                document=SimpleUploadedFile("laporan.pdf", MINIMAL_PDF, "application/pdf"))  # fmt: skip
    assert entry.next_due == datetime.date(2026, 12, 30)
    assert register.six_months_after(datetime.date(2026, 8, 31)) == datetime.date(2027, 2, 28)
    signed_in(client, ppid)
    with time_machine.travel(datetime.datetime(2026, 12, 5, 3, 0, tzinfo=datetime.UTC), tick=False):
        workspace = client.get("/staf/").content.decode()
        entries = client.get("/staf/informasi/daftar/").content.decode()
    assert 'data-testid="lapsing"' in entries and "DIP-001" in entries
    assert "overdue" in workspace.split('id="q-ppid"')[1].split("</section>")[0]
    public = client.get("/informasi/?q=keuangan").content.decode()
    assert "Laporan keuangan Diskominfo 2025" in public and "30 Desember 2026" in public
    # Any case and spacing; the number too; a word it lacks finds nothing.
    assert "Laporan keuangan Diskominfo" in client.get("/informasi/?q=KEUANGAN++diskominfo").content.decode()
    assert "Laporan keuangan Diskominfo" in client.get("/informasi/?q=dip-001").content.decode()
    assert "Laporan keuangan Diskominfo" not in client.get("/informasi/?q=posyandu").content.decode()
    entry.title = "Laporan kinerja"  # a change made elsewhere through the model still updates the search
    entry.save(update_fields=["title"])
    assert "Laporan kinerja" in client.get("/informasi/?q=kinerja").content.decode()
    document = client.get(f"/informasi/dokumen/{entry.pk}/")
    assert document.status_code == 200 and document["Content-Security-Policy"] == "sandbox"


def test_exempt_information_needs_its_consequence_test_and_never_shows_a_document(client, db, regions):
    ppid = make_staff("ppid")
    with pytest.raises(DomainError, match="uji konsekuensi"):
        register.entry_save(actor=ppid, regency_code="19.71", data=_data(category="dikecualikan"))
    with pytest.raises(DomainError):
        register.entry_save(actor=ppid, regency_code="19.71",
                            data=_data(category="dikecualikan", consequence_test="Pasal 17 huruf a: membahayakan penyidikan."),
                            document=SimpleUploadedFile("x.pdf", MINIMAL_PDF, "application/pdf"))  # fmt: skip
    entry = register.entry_save(actor=ppid, regency_code="19.71",
                                data=_data(number="DIP-099", category="dikecualikan",
                                           consequence_test="Pasal 17 huruf a: membahayakan penyidikan."))  # fmt: skip
    page = client.get("/informasi/?kategori=dikecualikan").content.decode()
    assert "membahayakan penyidikan" in page and f"/informasi/dokumen/{entry.pk}/" not in page
    assert client.get(f"/informasi/dokumen/{entry.pk}/").status_code == 404
    assert entry.next_due is None


def test_bad_input_is_refused_and_nothing_is_stored(db, regions):
    ppid = make_staff("ppid")
    with pytest.raises(DomainError):  # a PDF that runs JavaScript when opened
        register.entry_save(actor=ppid, regency_code="19.71", data=_data(),
                            document=SimpleUploadedFile("jahat.pdf", SCRIPTED_PDF, "application/pdf"))  # fmt: skip
    with pytest.raises(DomainError):  # a date in the future
        register.entry_save(actor=ppid, regency_code="19.71", data=_data(published_on=datetime.date(2099, 1, 1)))
    register.entry_save(actor=ppid, regency_code="19.71", data=_data())
    with pytest.raises(DomainError):  # the number is taken
        register.entry_save(actor=ppid, regency_code="19.71", data=_data(title="Lain"))
    assert RegisterEntry.objects.count() == 1


def test_the_ppid_adds_an_entry_on_the_staff_page(client, db, regions):
    signed_in(client, make_staff("ppid"))
    response = client.post("/staf/informasi/daftar/baru/", {
        "number": "DIP-010", "title": "Profil Diskominfo", "summary": "Tugas dan fungsi.", "category": "setiap_saat",
        "holder": "Sekretariat", "responsible": "Sekretaris", "made": "2026, Pangkalpinang", "form": "Elektronik",
        "retention": "Permanen", "published_on": "2026-11-02",
    })  # fmt: skip
    assert response.status_code == 302
    assert RegisterEntry.objects.get().title == "Profil Diskominfo"
