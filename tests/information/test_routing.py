"""Routing inside the regency: the PPID utama passes a request to an agency's PPID (PPID pelaksana), who
sees only the requests of their agency, without the NIK, answers them on the same clock, or gives them
back; reminders go to whoever holds the request."""

from __future__ import annotations

import datetime

from jembatan.accounts.roles import Role
from jembatan.core.models import AuditLog
from jembatan.information import services
from jembatan.information.models import InformationRequest, RequestStatus
from tests.factories import make_agency, make_staff, signed_in
from tests.information.test_requests_and_clocks import NIK, _at, _data
from tests.notifications import fake_mail


def _routed(client, settings, django_capture_on_commit_callbacks):
    settings.EMAIL_BACKEND = "tests.notifications.fake_mail.Backend"
    fake_mail.SENT.clear()
    health, roads = make_agency(short_name="DINKES"), make_agency(short_name="PUPR")
    pelaksana = make_staff(Role.PPID_PELAKSANA, agency=health, email="ppid@dinkes.contoh.go.id")
    other = make_staff(Role.PPID_PELAKSANA, agency=roads, email="ppid@pupr.contoh.go.id")
    with _at(datetime.date(2026, 11, 2)):
        item, _created = services.information_request_submit(data=_data(information="Data imunisasi 2025."))
    due = item.answer_due
    signed_in(client, make_staff(Role.PPID))
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/staf/informasi/{item.code}/route/", {"route-agency": str(health.pk)})
    item.refresh_from_db()
    assert (item.agency, item.answer_due) == (health, due)  # the clock runs on
    return item, pelaksana, other, roads


def test_the_ppid_utama_routes_and_only_that_agencys_ppid_sees_it(client, db, regions, settings,
                                                                  django_capture_on_commit_callbacks):  # fmt: skip
    item, pelaksana, other, _roads = _routed(client, settings, django_capture_on_commit_callbacks)
    assert [m.to for m in fake_mail.SENT if item.code in m.subject] == [["ppid@dinkes.contoh.go.id"]]
    assert AuditLog.objects.filter(verb="information.routed").count() == 1

    signed_in(client, other)
    assert item.code not in client.get("/staf/informasi/").content.decode()
    assert client.get(f"/staf/informasi/{item.code}/").status_code == 404

    signed_in(client, pelaksana)
    queue = client.get("/staf/informasi/").content.decode()
    assert item.code in queue and "DINKES" in queue
    assert "Daftar informasi publik" not in queue  # the DIP and the report are the PPID utama's
    assert client.get("/staf/informasi/daftar/").status_code == 403
    detail = client.get(f"/staf/informasi/{item.code}/").content.decode()
    assert "Rina Lestari" in detail and NIK not in detail  # what delivery needs, not the NIK
    assert 'id="q-ppid"' in client.get("/staf/").content.decode()
    # Not theirs to pass on: only back to the PPID utama.
    assert client.post(f"/staf/informasi/{item.code}/route/", {"route-agency": ""}).status_code == 404
    client.post(f"/staf/informasi/{item.code}/answer/", {"answer-decision": "dikabulkan",
                "answer-answer_text": "Data terlampir.", "answer-fee": "0"})  # fmt: skip
    item.refresh_from_db()
    assert (item.status, item.decision) == (RequestStatus.DIJAWAB, "dikabulkan")


def test_the_agency_gives_it_back_with_a_reason(client, db, regions, settings, django_capture_on_commit_callbacks):
    item, pelaksana, _other, _roads = _routed(client, settings, django_capture_on_commit_callbacks)
    signed_in(client, pelaksana)
    refused = client.post(f"/staf/informasi/{item.code}/return/", {"return-reason": " "}, follow=True)
    assert "Tuliskan alasan" in refused.content.decode()
    assert InformationRequest.objects.get(pk=item.pk).agency_id is not None
    response = client.post(f"/staf/informasi/{item.code}/return/", {"return-reason": "Data ada di Dinas Sosial."})
    assert response.headers["Location"] == "/staf/informasi/"
    item.refresh_from_db()
    assert item.agency is None
    assert client.get(f"/staf/informasi/{item.code}/").status_code == 404
    event = item.events.order_by("-id").first()
    assert "Dinas Sosial" in event.note and not event.public  # the steps inside the regency are not published


def test_routing_is_refused_to_an_inactive_or_foreign_agency_and_after_the_answer(db, regions):
    from jembatan.core.errors import DomainError
    from jembatan.regions.models import Regency

    ppid = make_staff(Role.PPID)
    item, _created = services.information_request_submit(data=_data())
    closed = make_agency(short_name="TUTUP")
    closed.is_active = False
    closed.save()
    Regency.objects.get_or_create(code="19.01", defaults={"province_id": "19", "name": "KABUPATEN BANGKA"})
    for agency in (closed, make_agency(short_name="LUAR", regency="19.01")):
        try:
            services.route(actor=ppid, request=item, agency=agency)
        except DomainError as exc:
            assert "instansi aktif" in exc.message
        else:
            raise AssertionError("routed to an agency that cannot take it")
    services.answer(actor=ppid, request=item, decision="tidak_dikuasai", answer_text="Tidak kami kuasai.")
    item.refresh_from_db()
    try:
        services.route(actor=ppid, request=item, agency=make_agency())
    except DomainError:
        pass
    else:
        raise AssertionError("routed after the answer")
    assert InformationRequest.objects.get(pk=item.pk).agency is None


def test_reminders_go_to_the_agencys_ppid_once_routed(client, db, regions, settings,
                                                     django_capture_on_commit_callbacks):  # fmt: skip
    item, _pelaksana, _other, _roads = _routed(client, settings, django_capture_on_commit_callbacks)
    make_staff(Role.PPID, email="ppid.utama@kominfo.contoh.go.id")
    fake_mail.SENT.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert services.remind_and_escalate(today=datetime.date(2026, 11, 11))["reminded"] == 1
    assert [m.to for m in fake_mail.SENT] == [["ppid@dinkes.contoh.go.id"]]
