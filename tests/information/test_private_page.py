"""The requester's own page, by the private link: the PPID's question answered (the clock runs on), an
objection on grounds that fit, then the dispute taken to the Komisi Informasi. A wrong link shows nothing."""

from __future__ import annotations

import datetime
from urllib.parse import urlparse

from jembatan.information import objections, services
from jembatan.information.models import InformationRequest, Objection, RequestStatus
from tests.factories import make_staff
from tests.information.test_requests_and_clocks import _at, _data


def _path(item) -> str:
    return urlparse(services.private_link(item)).path


def test_the_requester_clarifies_objects_and_goes_to_the_ki_from_their_page(client, db, regions):
    ppid = make_staff("admin")
    with _at(datetime.date(2026, 11, 2)):
        item, _created = services.information_request_submit(data=_data())
        services.clarification_ask(actor=ppid, request=item, question="Tahun anggaran yang mana?")
        page = client.get(_path(item)).content.decode()
    assert "Tahun anggaran yang mana?" in page and 'data-testid="paused"' in page
    with _at(datetime.date(2026, 11, 3)):
        client.post(_path(item), {"action": "clarify", "answer": "Tahun 2026."})
    item.refresh_from_db()
    assert item.status == RequestStatus.DITERIMA and item.answer_due == datetime.date(2026, 11, 17)
    with _at(datetime.date(2026, 11, 6)):
        services.answer(actor=ppid, request=item, decision="sebagian", answer_text="Sebagian.",
                        exemption_ground="Pasal 17 huruf b", consequence_test="Uji 3/2026")  # fmt: skip
    with _at(datetime.date(2026, 11, 9)):
        wrong = client.post(
            _path(item), {"action": "object", "grounds": ["c"], "reason": "Tidak dijawab."}, follow=True
        )
        assert Objection.objects.count() == 0 and "(c)" in wrong.content.decode()
        client.post(_path(item), {"action": "object", "grounds": ["a"], "reason": "Penolakan tidak berdasar."})
    objection = Objection.objects.get()
    with _at(datetime.date(2026, 11, 20)):
        objections.objection_decide(actor=make_staff("atasan_ppid", email="atasan@kominfo.contoh.go.id"),
                                    objection=objection, decision="ditolak", text="Tetap.")  # fmt: skip
        page = client.get(_path(item)).content.decode()
        assert "10 Desember 2026" in page  # the last day to go to the KI
        client.post(_path(item), {"action": "ki"})
    objection.refresh_from_db()
    assert objection.status == "sengketa"


def test_a_wrong_secret_shows_nothing(client, db, regions):
    item, _created = services.information_request_submit(data=_data())
    assert client.get(f"/informasi/permohonan/{item.code}/bukan-rahasia-yang-benar/").status_code == 404
    assert client.post(f"/informasi/permohonan/{item.code}/salah/", {"action": "ki"}).status_code == 404
    assert InformationRequest.objects.get().status == RequestStatus.DITERIMA
