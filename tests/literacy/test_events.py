"""Events and registration: places first come, first served under a lock, places reserved for KIM officers,
a waiting list promoted in order when a place frees (and the promoted person told), cancellation by the
registrant's own link, the window and bad input refused with nothing written, and the public pages,
JSON-LD and calendars."""

from __future__ import annotations

import datetime
import json
import re

import pytest
from django.utils import timezone

from jembatan.accounts.roles import Role
from jembatan.core.errors import DomainError
from jembatan.literacy import services
from jembatan.literacy.models import LiteracyEvent, Registration
from jembatan.regions.models import Village
from tests.factories import make_kim, make_staff, signed_in
from tests.notifications import fake_mail

BINTANG = "19.71.04.1002"


@pytest.fixture(autouse=True)
def mail(settings):
    settings.EMAIL_BACKEND = "tests.notifications.fake_mail.Backend"
    fake_mail.SENT.clear()


def _event(*, capacity: int = 2, reserved: int = 0, **overrides) -> LiteracyEvent:
    now = timezone.now()
    data = services.EventData(
        title="Pelatihan cek fakta", kind="pelatihan", description="Mengenali hoaks di grup WhatsApp.",
        audience="Pengurus KIM dan warga", starts_at=now + datetime.timedelta(days=7),
        ends_at=now + datetime.timedelta(days=7, hours=3), capacity=capacity, reserved_for_officers=reserved,
        registration_opens_at=now - datetime.timedelta(days=1), registration_closes_at=now + datetime.timedelta(days=6),
        village=Village.objects.get(code=BINTANG), address="Balai Kelurahan Bintang",
    )  # fmt: skip
    for name, value in overrides.items():
        setattr(data, name, value)
    return services.event_save(actor=None, regency_code="19.71", data=data, publish=True)


def _register(event, n: int, **overrides) -> Registration:
    data = services.RegistrationData(name=f"Warga {n}", email=f"warga{n}@contoh.id", consent=True)
    for name, value in overrides.items():
        setattr(data, name, value)
    return services.registration_create(event=event, data=data)


def test_the_third_waits_and_is_promoted_and_told_when_a_place_frees(db, django_capture_on_commit_callbacks):
    from jembatan.notifications import outbox

    event = _event(capacity=2)
    with django_capture_on_commit_callbacks(execute=True):
        first, second, third = (_register(event, n) for n in (1, 2, 3))
    assert [r.status for r in (first, second, third)] == ["terdaftar", "terdaftar", "menunggu"]
    assert re.fullmatch(r"[A-HJ-NP-Z2-9]{7}", first.code)  # no 0/O, 1/I
    assert _register(event, 1).pk == first.pk  # the same email registers once
    assert services.registration_cancel(token=second.token).status == "batal"
    third.refresh_from_db()
    assert third.status == "terdaftar" and third.promoted_at is not None
    assert services.registration_cancel(token=second.token).status == "batal"  # again: nothing more moves
    while outbox.dispatch_once():
        pass
    told = [m for m in fake_mail.SENT if m.to == ["warga3@contoh.id"]]
    assert [m.subject.split(":")[0] for m in told] == ["Daftar tunggu", "Tempat untuk Anda"]
    assert third.code in told[-1].body and f"/kegiatan/pendaftaran/{third.token}/" in told[-1].body


def test_places_reserved_for_officers_go_to_officers(db):
    kim = make_kim(status="aktif")
    event = _event(capacity=3, reserved=1)
    citizens = [_register(event, n) for n in (1, 2, 3)]
    assert [r.status for r in citizens] == ["terdaftar", "terdaftar", "menunggu"]  # the third place is reserved
    officer = _register(event, 4, kim=kim, officer=True)
    assert officer.status == "terdaftar"
    # A citizen's place frees: the waiting citizen takes it (the officer already holds the reserved one).
    services.registration_cancel(token=citizens[0].token)
    citizens[2].refresh_from_db()
    assert citizens[2].status == "terdaftar"


def test_the_window_consent_and_contact_are_checked_and_nothing_is_written(db):
    event = _event()
    now = timezone.now()
    for moment, message in (
        (now - datetime.timedelta(days=2), "dibuka"),
        (now + datetime.timedelta(days=6, hours=1), "ditutup"),
    ):
        with pytest.raises(DomainError, match=message):
            services.registration_create(
                event=event, data=services.RegistrationData(name="Warga", email="w@contoh.id", consent=True), now=moment
            )
    with pytest.raises(DomainError, match="Centang"):
        services.registration_create(event=event, data=services.RegistrationData(name="Warga", email="w@contoh.id"))
    with pytest.raises(DomainError, match="telepon atau alamat email"):
        services.registration_create(event=event, data=services.RegistrationData(name="Warga", consent=True))
    assert not Registration.objects.exists()
    with pytest.raises(DomainError, match="berakhir setelah"):
        _event(ends_at=now)


def test_the_public_pages_the_form_json_ld_and_calendars(client, db):
    event = _event(capacity=1)
    listing = client.get("/kegiatan/").content.decode()
    assert event.title in listing and "/kegiatan/kalender.ics" in listing
    page = client.get(f"/kegiatan/{event.slug}/").content.decode()
    ld = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S).group(1))
    assert ld["@type"] == "Event" and ld["name"] == event.title and ld["location"]["@type"] == "Place"
    bad = client.post(f"/kegiatan/{event.slug}/daftar/", {"name": "Warga", "consent": "on"})
    assert bad.status_code == 400 and not Registration.objects.exists()
    done = client.post(f"/kegiatan/{event.slug}/daftar/", {"name": "Warga Satu", "phone": "0812 3456 7890",
                                                            "village": BINTANG, "consent": "on"})  # fmt: skip
    registration = Registration.objects.get()
    assert done.headers["Location"] == f"/kegiatan/pendaftaran/{registration.token}/"
    mine = client.get(done.headers["Location"]).content.decode()
    assert registration.code in mine and "Batalkan pendaftaran saya" in mine
    svg = re.search(r"<svg[^>]*>", mine).group(0)
    assert "viewBox" in svg and "width=" not in svg  # CSS scales the whole code, never clips it
    full = client.get(f"/kegiatan/{event.slug}/").content.decode()
    assert "daftar tunggu" in full.lower()
    client.post(done.headers["Location"], {"action": "cancel"})
    registration.refresh_from_db()
    assert registration.status == "batal"
    ics = client.get(f"/kegiatan/{event.slug}.ics")
    assert ics["Content-Type"].startswith("text/calendar") and b"BEGIN:VEVENT" in ics.content
    assert event.title.encode() in client.get("/kegiatan/kalender.ics").content
    assert client.get("/kegiatan/pendaftaran/tidak-ada/").status_code == 404


def test_staff_create_publish_and_see_registrations(client, db):
    editor = make_staff(Role.EDITOR)
    signed_in(client, editor)
    assert 'id="q-events"' in client.get("/staf/").content.decode()
    now = timezone.localtime() + datetime.timedelta(days=3)
    form = {"title": "Sosialisasi keamanan digital", "kind": "sosialisasi", "description": "Kata sandi dan OTP.",
            "audience": "Warga", "starts_at": now.strftime("%Y-%m-%dT09:00"), "ends_at": now.strftime("%Y-%m-%dT12:00"),
            "online": "on", "online_url": "https://meet.example.id/keamanan", "organiser": "diskominfo", "capacity": "30",
            "reserved_for_officers": "5", "registration_opens_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
            "registration_closes_at": now.strftime("%Y-%m-%dT08:00"), "publish": "on"}  # fmt: skip
    response = client.post("/staf/kegiatan/baru/", form)
    event = LiteracyEvent.objects.get()
    assert response.headers["Location"] == f"/staf/kegiatan/{event.pk}/" and event.status == "terbit"
    _register(event, 1)
    edit = client.get(f"/staf/kegiatan/{event.pk}/ubah/").content.decode()
    assert f'value="{now.strftime("%Y-%m-%dT09:00")}"' in edit  # the datetime inputs come filled in
    listed = client.get(f"/staf/kegiatan/{event.pk}/").content.decode()
    assert "Warga 1" in listed
    csv = client.get(f"/staf/kegiatan/{event.pk}/?format=csv").content.decode()
    assert "Warga 1" in csv and "warga1@contoh.id" not in csv
    assert (
        client.post("/staf/kegiatan/baru/", {**form, "capacity": "2", "reserved_for_officers": "5"}).status_code == 200
    )
    assert LiteracyEvent.objects.count() == 1
    signed_in(client, make_staff(Role.PPID))
    assert client.get("/staf/kegiatan/").status_code == 403


def test_the_demo_events_are_seeded_once(client, db):
    from jembatan.literacy.demo import seed_literacy

    assert seed_literacy("19.71") == 2 and seed_literacy("19.71") == 0
    listing = client.get("/kegiatan/").content.decode()
    assert listing.count('data-testid="event"') == 2 and "Daring" in listing
