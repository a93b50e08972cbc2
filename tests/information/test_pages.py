"""The citizen's pages: the request form (number and due date at once, with how the date was computed),
clear Indonesian errors with nothing stored, and the public register without any requester."""

from __future__ import annotations

import datetime
import io

import time_machine
from pypdf import PdfReader

from jembatan.information import services
from jembatan.information.models import InformationRequest
from tests.factories import make_staff
from tests.information.test_requests_and_clocks import NIK, _data

FORM = {
    "requester_kind": "perorangan", "name": "Rina Lestari", "nik": NIK, "address": "Jl. Merdeka 1, Pangkalpinang",
    "occupation": "Wiraswasta", "email": "rina@contoh.id", "phone": "0812 3456 7890",
    "information": "Dokumen RKA Dinas PUPR 2026.", "purpose": "Memantau pembangunan jalan.",
    "obtain": "salinan_softcopy", "delivery": "email", "consent": "on", "idempotency_key": "abc123",
}  # fmt: skip


@time_machine.travel(datetime.datetime(2026, 3, 16, 2, 0, tzinfo=datetime.UTC), tick=False)
def test_asking_on_the_web_gives_the_number_and_the_due_date_with_how_it_was_computed(client, db, regions):
    assert client.get("/informasi/minta/").status_code == 200
    response = client.post("/informasi/minta/", FORM, follow=True)
    page = response.content.decode()
    item = InformationRequest.objects.get()
    assert item.code in page and "7 April 2026" in page
    assert "Nyepi" in page  # a day that does not count, named
    receipt = client.get("/informasi/minta/terkirim/bukti.pdf")
    assert receipt["Content-Type"] == "application/pdf"
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(receipt.content)).pages)
    assert item.code in text and "7 April 2026" in text and "Rina Lestari" in text
    from django.test import Client

    assert Client().get("/informasi/minta/terkirim/bukti.pdf").status_code == 404  # another browser: nothing
    again = client.post("/informasi/minta/", FORM, follow=True)  # a double click: the same request
    assert again.status_code == 200 and InformationRequest.objects.count() == 1


def test_a_wrong_nik_or_a_missing_contact_is_explained_and_nothing_is_stored(client, db, regions):
    page = client.post("/informasi/minta/", {**FORM, "nik": "19710145019000"}).content.decode()
    assert "16 angka" in page
    page = client.post("/informasi/minta/", {**FORM, "email": "", "phone": "", "delivery": "pos"}).content.decode()
    assert "nomor telepon atau alamat email" in page
    page = client.post("/informasi/minta/", {**FORM, "consent": ""}).content.decode()
    assert "Centang" in page or "centang" in page
    assert InformationRequest.objects.count() == 0


def test_the_register_shows_requests_without_their_requesters_and_a_paused_clock(client, db, regions):
    ppid = make_staff("admin")
    item, _created = services.information_request_submit(data=_data())
    services.clarification_ask(actor=ppid, request=item, question="Tahun anggaran berapa, Bu Rina?")
    listing = client.get("/informasi/permohonan/").content.decode()
    entry = client.get(f"/informasi/permohonan/{item.code}/").content.decode()
    for page in (listing, entry):
        assert item.code in page
        for secret in ("Rina", NIK, "Merdeka", "rina@contoh.id", "Tahun anggaran", "PUPR"):
            assert secret not in page
    assert 'data-testid="paused"' in entry
    assert client.get("/informasi/permohonan/PPID-2026-999999/").status_code == 404
