"""The information-request API: 201 with number, received and due; a retry gets the same request and
clock; bad input a clear 422 with nothing stored; the register entry carries no personal data."""

from __future__ import annotations

import datetime
import json

import time_machine

from jembatan.information.models import InformationRequest
from tests.notifications import fake_mail

URL = "/api/v1/information-requests"
BODY = {
    "name": "Rina Lestari", "nik": "1971014501900003", "address": "Jl. Merdeka 1, Pangkalpinang",
    "occupation": "Wiraswasta", "email": "rina@contoh.id", "phone": "+6281234567890",
    "information": "Dokumen RKA Dinas PUPR 2026 milik Rina di Jl. Merdeka 1.", "purpose": "Memantau pembangunan jalan.",
    "obtain": "salinan_softcopy", "delivery": "email", "consent": True,
}  # fmt: skip


def _post(client, body=None, key="kunci-permohonan-1"):
    return client.post(URL, json.dumps(body or BODY), content_type="application/json", HTTP_IDEMPOTENCY_KEY=key)


@time_machine.travel(datetime.datetime(2026, 11, 2, 2, 0, tzinfo=datetime.UTC), tick=False)
def test_a_request_is_registered_with_its_number_and_due_date_and_a_retry_gets_the_same(
    client, db, regions, settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "tests.notifications.fake_mail.Backend"
    fake_mail.SENT.clear()
    with django_capture_on_commit_callbacks(execute=True):
        first = _post(client)
    assert first.status_code == 201, first.content
    body = first.json()
    assert body["number"].startswith("PPID-2026-") and body["received"] == "2026-11-02" and body["due"] == "2026-11-16"
    again = _post(client)
    assert again.status_code == 200 and again.json() == body
    assert InformationRequest.objects.count() == 1
    [confirmation] = fake_mail.SENT
    assert body["number"] in confirmation.body and "16 November 2026" in confirmation.body
    changed = _post(client, {**BODY, "purpose": "Lain."})
    assert changed.status_code == 422


def test_bad_input_gets_a_clear_indonesian_422_and_nothing_is_stored(client, db, regions):
    short = _post(client, {**BODY, "nik": "197101450190000"}, key="kunci-nik-pendek")
    assert short.status_code == 422
    assert "16 angka" in short.json()["detail"][0]["msg"]
    no_consent = _post(client, {**BODY, "consent": False}, key="kunci-tanpa-izin")
    assert no_consent.status_code == 422 and "UU 27/2022" in no_consent.json()["detail"][0]["msg"]
    wrong_choice = _post(client, {**BODY, "delivery": "merpati"}, key="kunci-merpati")
    assert wrong_choice.status_code == 422
    no_key = client.post(URL, json.dumps(BODY), content_type="application/json")
    assert no_key.status_code == 422
    assert InformationRequest.objects.count() == 0


def test_the_register_entry_carries_no_personal_data(client, db, regions):
    number = _post(client).json()["number"]
    entry = client.get(f"{URL}/{number}")
    assert entry.status_code == 200
    text = entry.content.decode()
    for secret in ("Rina", "1971014501900003", "Merdeka", "rina@contoh.id", "6281234567890", "Wiraswasta", "RKA"):
        assert secret not in text
    assert entry.json()["number"] == number and entry.json()["due"]
    assert client.get(f"{URL}/PPID-2026-999999").status_code == 404
    assert client.get(f"{URL}/bukan-nomor").status_code in (404, 422)


def test_the_openapi_document_describes_both_operations(client, db):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert "post" in paths["/api/v1/information-requests"]
    assert "get" in paths["/api/v1/information-requests/{number}"]
