"""Check-in at the door: by code (any case and spacing), once however often it is sent, refused for a code
of another event, a waiting or a cancelled registration; walk-ins; the attendance list as CSV and XLSX."""

from __future__ import annotations

import io
import json

import openpyxl
import pytest

from jembatan.accounts.roles import Role
from jembatan.core.errors import DomainError
from jembatan.literacy import services
from jembatan.literacy.models import Registration
from tests.factories import make_staff, signed_in
from tests.literacy.test_events import _event, _register, mail  # noqa: F401


def test_a_code_checks_in_once_and_others_are_refused(db):
    event, other = _event(capacity=1), _event(capacity=1, title="Lomba video hoaks")
    here, waiting = _register(event, 1), _register(event, 2)
    there = _register(other, 3)
    spaced = f" {here.code[:3].lower()}-{here.code[3:]} "
    first = services.check_in(actor=None, event=event, code=spaced)
    assert not first.already and first.registration.checked_in_at is not None
    assert services.check_in(actor=None, event=event, code=here.code).already
    for code, message in ((there.code, "kegiatan lain"), (waiting.code, "daftar tunggu"), ("ZZZZZZZ", "Tidak ada")):
        with pytest.raises(DomainError, match=message):
            services.check_in(actor=None, event=event, code=code)
    services.registration_cancel(token=there.token)
    with pytest.raises(DomainError, match="dibatalkan"):
        services.check_in(actor=None, event=other, code=there.code)
    assert Registration.objects.filter(checked_in_at__isnull=False).count() == 1


def test_walk_ins_are_present_at_once_and_a_registrant_is_only_checked_in(db):
    event = _event(capacity=1)
    registered = _register(event, 1)
    walked = services.walk_in(actor=None, event=event, name="Tamu Datang", phone="0812 1111 2222")
    assert walked.walk_in and walked.status == "terdaftar" and walked.checked_in_at is not None
    again = services.walk_in(actor=None, event=event, name="Warga 1", email="WARGA1@contoh.id")
    assert again.pk == registered.pk and again.checked_in_at is not None and not again.walk_in
    with pytest.raises(DomainError):
        services.walk_in(actor=None, event=event, name="Tanpa kontak")


def test_the_door_page_its_json_queue_endpoint_and_the_attendance_list(client, db):
    event = _event(capacity=2)
    first, second = _register(event, 1), _register(event, 2)
    signed_in(client, make_staff(Role.EDITOR))
    page = client.get(f"/staf/kegiatan/{event.pk}/hadir/").content.decode()
    assert "jsQR.js" in page and "check-in.js" in page and "0 hadir dari 2 terdaftar" in page
    api = f"/staf/kegiatan/{event.pk}/hadir/catat/"
    answer = client.post(api, json.dumps({"code": first.code}), content_type="application/json").json()
    assert answer["ok"] and not answer["already"] and "Warga 1" in answer["message"]
    assert client.post(api, json.dumps({"code": first.code}), content_type="application/json").json()["already"]
    refused = client.post(api, json.dumps({"code": "nope"}), content_type="application/json")
    assert refused.status_code == 200 and refused.json()["ok"] is False  # an answer: the queue drops it
    assert client.post(api, b"{not json", content_type="application/json").json()["ok"] is False
    client.post(f"/staf/kegiatan/{event.pk}/hadir/", {"code": second.code})  # without JavaScript
    assert Registration.objects.filter(checked_in_at__isnull=False).count() == 2
    book = openpyxl.load_workbook(io.BytesIO(client.get(f"/staf/kegiatan/{event.pk}/?format=xlsx").content))
    rows = list(book.active.values)
    assert rows[0][7] == "Hadir" and all(row[7] for row in rows[1:]) and len(rows) == 3
    signed_in(client, make_staff(Role.PPID))
    assert client.post(api, json.dumps({"code": first.code}), content_type="application/json").status_code == 403


def test_a_phone_written_two_ways_is_one_person(db):
    event = _event(capacity=2)
    first = services.registration_create(event=event, data=services.RegistrationData(
        name="Warga Satu", phone="0812 3456 7890", consent=True))  # fmt: skip
    again = services.registration_create(event=event, data=services.RegistrationData(
        name="Warga Satu", phone="+6281234567890", consent=True))  # fmt: skip
    assert again.pk == first.pk and first.phone == "+6281234567890"
    at_the_door = services.walk_in(actor=None, event=event, name="Warga Satu", phone="62 812-3456-7890")
    assert at_the_door.pk == first.pk and at_the_door.checked_in_at is not None and not at_the_door.walk_in
    with pytest.raises(DomainError, match="telepon"):
        services.walk_in(actor=None, event=event, name="Tamu", phone="12")
