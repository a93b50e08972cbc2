"""The PPID's workspace: open requests by due date with the overdue in red, the requester's identity for
PPID roles only, and the steps (subject, clarification, extension, answer) with their refusals shown."""

from __future__ import annotations

import datetime

import time_machine

from jembatan.information import services
from jembatan.information.models import InformationRequest, RequestStatus
from tests.factories import make_staff, signed_in
from tests.information.test_requests_and_clocks import NIK, _at, _data


def test_ppid_sees_the_queue_with_the_overdue_in_red_and_the_identity(client, db, regions):
    with _at(datetime.date(2026, 11, 2)):
        late, _created = services.information_request_submit(data=_data(information="Dokumen A lama."))
    with _at(datetime.date(2026, 11, 20)):
        fresh, _created = services.information_request_submit(data=_data(information="Dokumen B baru."))
    signed_in(client, make_staff("ppid"))
    with time_machine.travel(datetime.datetime(2026, 11, 20, 3, 0, tzinfo=datetime.UTC), tick=False):
        queue = client.get("/staf/informasi/").content.decode()
        workspace = client.get("/staf/").content.decode()
        detail = client.get(f"/staf/informasi/{late.code}/").content.decode()
    assert queue.index(late.code) < queue.index(fresh.code)  # the nearest deadline first
    assert 'class="overdue"' in queue.split(fresh.code)[0]
    assert 'id="q-ppid"' in workspace
    assert NIK in detail and "Rina Lestari" in detail


def test_other_staff_may_not_open_it(client, db, regions):
    item, _created = services.information_request_submit(data=_data())
    signed_in(client, make_staff("editor"))
    assert client.get("/staf/informasi/").status_code == 403
    assert client.get(f"/staf/informasi/{item.code}/").status_code == 403


def test_the_ppid_words_the_subject_asks_for_a_clarification_and_answers(client, db, regions):
    item, _created = services.information_request_submit(data=_data())
    signed_in(client, make_staff("ppid"))
    base = f"/staf/informasi/{item.code}"
    client.post(f"{base}/subject/", {"subject-subject": "Dokumen RKA Dinas PUPR 2026"})
    client.post(f"{base}/clarify/", {"clarify-text": "Tahun anggaran yang mana?"})
    item.refresh_from_db()
    assert (item.subject, item.status) == ("Dokumen RKA Dinas PUPR 2026", RequestStatus.KLARIFIKASI)
    client.post(f"{base}/clarified/", {"clarified-text": "Tahun 2026."})
    refused = client.post(f"{base}/answer/", {"answer-decision": "ditolak", "answer-answer_text": "Ditolak.",
                                             "answer-fee": "0"}, follow=True).content.decode()  # fmt: skip
    assert "uji konsekuensi" in refused  # the refusal needs its ground and test: said, nothing stored
    assert InformationRequest.objects.get(pk=item.pk).status == RequestStatus.DITERIMA
    client.post(f"{base}/answer/", {"answer-decision": "dikabulkan", "answer-answer_text": "Terlampir.",
                                   "answer-fee": "0"})  # fmt: skip
    item.refresh_from_db()
    assert (item.status, item.decision) == (RequestStatus.DIJAWAB, "dikabulkan")


def test_a_subject_too_long_is_refused_and_nothing_changes(client, db, regions):
    item, _created = services.information_request_submit(data=_data())
    signed_in(client, make_staff("ppid"))
    page = client.post(f"/staf/informasi/{item.code}/subject/", {"subject-subject": "x" * 201}, follow=True)
    assert "200" in page.content.decode()
    assert InformationRequest.objects.get(pk=item.pk).subject == ""
