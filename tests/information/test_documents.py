"""Files of a request: the KTP scan and an organisation's deed stored encrypted and shown to the PPID utama
only; documents given with the answer (PDF, images, spreadsheets) checked like every upload and downloaded
by the requester from their own page; what was given added to the public information list in one step."""

from __future__ import annotations

import io
import re
import zipfile
from urllib.parse import urlparse

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from PIL import Image

from jembatan.accounts.roles import Role
from jembatan.core.errors import DomainError
from jembatan.information import register, services
from jembatan.information.models import InformationRequest, RegisterEntry, RequestFile, RequestStatus
from tests.factories import MINIMAL_PDF, make_agency, make_staff, signed_in
from tests.information.test_requests_and_clocks import NIK, _data
from tests.notifications import fake_mail


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    settings.EMAIL_BACKEND = "tests.notifications.fake_mail.Backend"
    fake_mail.SENT.clear()


def _png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 10, 10)).save(buffer, format="PNG")
    return buffer.getvalue()


def _xlsx(*, macro: bool = False) -> bytes:
    book = openpyxl.Workbook()
    book.active.append(["Kegiatan", "Anggaran"])
    book.active.append(["Jalan lingkungan", 125000000])
    buffer = io.BytesIO()
    book.save(buffer)
    if not macro:
        return buffer.getvalue()
    out = io.BytesIO()
    with zipfile.ZipFile(buffer) as source, zipfile.ZipFile(out, "w") as target:
        for part in source.infolist():
            target.writestr(part, source.read(part))
        target.writestr("xl/vbaProject.bin", b'Attribute VB_Name = "Module1"')
    return out.getvalue()


def _upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


def _private_path(item) -> str:
    return urlparse(services.private_link(item)).path


def test_the_ktp_and_the_deed_are_stored_encrypted_and_seen_by_the_ppid_utama_only(client, db, regions):
    page = client.get("/informasi/minta/").content.decode()
    assert 'enctype="multipart/form-data"' in page and 'name="ktp"' in page and 'name="deed"' in page
    form = {"requester_kind": "organisasi", "name": "Rina Lestari", "nik": NIK, "address": "Jl. Merdeka 1",
            "organisation": "LSM Transparansi Babel", "email": "rina@contoh.id", "information": "Data anggaran 2026.",
            "purpose": "Kajian.", "obtain": "salinan_softcopy", "delivery": "email", "consent": "on",
            "idempotency_key": "k-dokumen-1"}  # fmt: skip
    missing_deed = client.post("/informasi/minta/", {**form, "ktp": _upload("ktp.png", _png())})
    assert missing_deed.status_code == 200 and "dengan aktanya" in missing_deed.content.decode()
    assert not InformationRequest.objects.exists()
    not_a_scan = client.post("/informasi/minta/", {**form, "deed": _upload("akta.pdf", b"<html>bukan pdf</html>")})
    assert not_a_scan.status_code == 200 and not InformationRequest.objects.exists()
    client.post("/informasi/minta/", {**form, "ktp": _upload("ktp.png", _png()),
                                      "deed": _upload("akta.pdf", MINIMAL_PDF)})  # fmt: skip
    item = InformationRequest.objects.get()
    ktp, deed = item.files.order_by("kind")
    assert (ktp.kind, deed.kind) == ("akta", "ktp") or (ktp.kind, deed.kind) == ("ktp", "akta")
    for stored in (ktp, deed):
        with stored.file.open("rb") as raw:
            on_disk = raw.read()
        assert stored.encrypted and not on_disk.startswith((b"\x89PNG", b"%PDF"))  # encrypted at rest
        assert stored.read().startswith((b"\x89PNG", b"%PDF"))
        assert "ktp" not in stored.file.name.split("/")[-1] and "akta" not in stored.file.name.split("/")[-1]

    signed_in(client, make_staff(Role.PPID))
    detail = client.get(f"/staf/informasi/{item.code}/").content.decode()
    assert f"/staf/informasi/{item.code}/berkas/{ktp.pk}/" in detail
    download = client.get(f"/staf/informasi/{item.code}/berkas/{ktp.pk}/")
    assert download.status_code == 200 and b"".join(download.streaming_content) == ktp.read()
    assert download["Content-Disposition"].startswith("attachment") and download["X-Content-Type-Options"] == "nosniff"

    agency = make_agency()
    services.route(actor=None, request=item, agency=agency)
    signed_in(client, make_staff(Role.PPID_PELAKSANA, agency=agency))
    assert client.get(f"/staf/informasi/{item.code}/berkas/{ktp.pk}/").status_code == 404
    client.logout()
    assert client.get(f"{_private_path(item)}dokumen/{ktp.pk}/").status_code == 404  # not even to the requester


def test_the_answer_carries_checked_documents_the_requester_downloads(client, db, regions,
                                                                     django_capture_on_commit_callbacks):  # fmt: skip
    item, _created = services.information_request_submit(data=_data())
    other, _created = services.information_request_submit(data=_data(information="Yang lain."))
    signed_in(client, make_staff(Role.PPID))
    base = f"/staf/informasi/{item.code}"
    answer = {"answer-decision": "dikabulkan", "answer-answer_text": "Terlampir datanya.", "answer-fee": "0"}
    refused = client.post(f"{base}/answer/", {**answer, "answer-documents": [
        _upload("rka.pdf", MINIMAL_PDF), _upload("anggaran.xlsm", _xlsx(macro=True)),
    ]}, follow=True).content.decode()  # fmt: skip
    assert "makro" in refused
    assert InformationRequest.objects.get(pk=item.pk).status == RequestStatus.DITERIMA
    assert not RequestFile.objects.exists()  # nothing half-written

    csv = b'Kegiatan;Anggaran\nJalan;-125000\n=HYPERLINK("http://contoh.invalid");@SUM(A1)\n'
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"{base}/answer/", {**answer, "answer-documents": [
            _upload("C:\\Users\\ppid\\RKA PUPR 2026.pdf", MINIMAL_PDF), _upload("anggaran.xlsx", _xlsx()),
            _upload("rincian.csv", csv),
        ]})  # fmt: skip
    item.refresh_from_db()
    assert item.status == RequestStatus.DIJAWAB
    names = list(item.files.values_list("name", flat=True))
    assert names == ["RKA_PUPR_2026.pdf", "anggaran.xlsx", "rincian.csv"]
    table = item.files.get(name="rincian.csv").read().decode()
    assert "'=HYPERLINK" in table and "'@SUM" in table and ";-125000" in table  # formulas disarmed, numbers kept
    mail = [m for m in fake_mail.SENT if item.code in m.subject][-1]
    assert "RKA_PUPR_2026.pdf" in mail.body

    client.logout()
    page = client.get(_private_path(item)).content.decode()
    links = re.findall(r'href="([^"]+/dokumen/\d+/)"', page)
    assert len(links) == 3
    got = client.get(links[1])
    assert got.status_code == 200 and got["Content-Disposition"].startswith("attachment")
    assert b"".join(got.streaming_content).startswith(b"PK")
    # Another request's private link does not open this one's documents.
    stolen = links[1].replace(_private_path(item), _private_path(other))
    assert client.get(stolen).status_code == 404


def test_a_workbook_that_unpacks_too_large_and_a_refusal_with_documents_are_refused(db, regions):
    ppid = make_staff(Role.PPID)
    item, _created = services.information_request_submit(data=_data())
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"0" * (60 * 1024 * 1024))
    with pytest.raises(DomainError, match="terlalu besar"):
        services.answer(actor=ppid, request=item, decision="dikabulkan", answer_text="Ada.",
                        documents=[_upload("besar.xlsx", bomb.getvalue())])  # fmt: skip
    with pytest.raises(DomainError, match="Dokumen hanya menyertai"):
        services.answer(actor=ppid, request=item, decision="tidak_dikuasai", answer_text="Tidak ada.",
                        documents=[_upload("a.pdf", MINIMAL_PDF)])  # fmt: skip
    assert (
        InformationRequest.objects.get(pk=item.pk).status == RequestStatus.DITERIMA and not RequestFile.objects.exists()
    )


def test_what_was_given_goes_into_the_public_list_in_one_step(client, db, regions):
    ppid = make_staff(Role.PPID)
    item, _created = services.information_request_submit(data=_data())
    services.subject_word(actor=ppid, request=item, subject="RKA Dinas PUPR 2026")
    item = services.answer(actor=ppid, request=item, decision="dikabulkan", answer_text="Terlampir.",
                           documents=[_upload("rka.pdf", MINIMAL_PDF)])  # fmt: skip
    document = item.files.get()
    signed_in(client, ppid)
    detail = client.get(f"/staf/informasi/{item.code}/").content.decode()
    assert 'value="DIP-' in detail and 'value="RKA Dinas PUPR 2026"' in detail  # the form comes filled in
    form = {"dip-number": f"DIP-{item.code}", "dip-title": "RKA Dinas PUPR 2026", "dip-summary": "RKA 2026.",
            "dip-category": "setiap_saat", "dip-holder": "Dinas PUPR", "dip-responsible": "PPID Dinas PUPR",
            "dip-made": "2026", "dip-form": "Elektronik", "dip-retention": "5 tahun", "dip-document": str(document.pk)}  # fmt: skip
    client.post(f"/staf/informasi/{item.code}/dip/", form)
    entry = RegisterEntry.objects.get()
    assert (entry.source_request, entry.category, entry.title) == (item, "setiap_saat", "RKA Dinas PUPR 2026")
    assert entry.document.read().startswith(b"%PDF")
    public = client.get("/informasi/?q=PUPR").content.decode()
    assert "RKA Dinas PUPR 2026" in public
    assert client.get(f"/informasi/dokumen/{entry.pk}/").status_code == 200
    assert "Tercantum sebagai" in client.get(f"/staf/informasi/{item.code}/").content.decode()

    refused, _created = services.information_request_submit(data=_data(information="Data rahasia."))
    refused = services.answer(actor=ppid, request=refused, decision="ditolak", answer_text="Dikecualikan.",
                              exemption_ground="Pasal 17 huruf a", consequence_test="Membahayakan penyidikan.")  # fmt: skip
    data = register.EntryData(number="DIP-X", title="X", summary="X", holder="X", responsible="X", made="2026",
                              form="X", retention="X", category="setiap_saat", published_on=entry.published_on)  # fmt: skip
    with pytest.raises(DomainError, match="Hanya informasi yang diberikan"):
        register.entry_from_request(actor=ppid, request=refused, data=data)
    assert RegisterEntry.objects.count() == 1


def test_key_rotation_re_encrypts_the_identity_scans(db, regions, settings):
    from cryptography.fernet import Fernet

    old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    settings.JEMBATAN_ENCRYPTION_KEYS = [old]
    item, _created = services.information_request_submit(data=_data(ktp=_upload("ktp.png", _png())))
    stored = item.files.get()
    with stored.file.open("rb") as raw:
        before = raw.read()
    settings.JEMBATAN_ENCRYPTION_KEYS = [new, old]
    call_command("rotate_encryption_keys", stdout=open("/dev/null", "w"))  # noqa: SIM115
    settings.JEMBATAN_ENCRYPTION_KEYS = [new]
    with stored.file.open("rb") as raw:
        assert raw.read() != before
    assert stored.read().startswith(b"\x89PNG")  # readable with the new key alone
