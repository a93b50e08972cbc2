"""Broadcasts: the right people once each, quiet hours, pause, resume and cancel, and the staff pages."""

from __future__ import annotations

import datetime

import pytest

from jembatan.accounts.roles import Role
from jembatan.core.errors import DomainError
from jembatan.notifications import broadcasts, outbox, subscriptions
from jembatan.notifications.models import Broadcast, Message
from jembatan.notifications.statuses import MessageStatus as S
from jembatan.regions.models import Village
from tests.factories import make_staff, signed_in
from tools.fake_provider import FakeProvider

BINTANG = "19.71.04.1002"


@pytest.fixture
def provider(settings):
    fake = FakeProvider(receipts=False).start()
    settings.WHATSAPP_BASE_URL, settings.WHATSAPP_TOKEN, settings.WHATSAPP_PHONE_NUMBER_ID = (
        fake.url + "/v21.0",
        "t",
        "1",
    )
    settings.TELEGRAM_BASE_URL, settings.TELEGRAM_BOT_TOKEN = fake.url, "bot"
    settings.SMS_GATEWAY_URL = fake.url + "/sms"
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.NOTIFICATIONS_QUIET_HOURS = (0, 0)  # no quiet hours unless a test sets them
    yield fake
    fake.stop()


def _people():
    bintang = Village.objects.get(code=BINTANG)
    other_village = Village.objects.exclude(district_id=bintang.district_id).first()
    subscriptions.subscribe(channel="whatsapp", address="+6281200000001", village=bintang, source="web")
    # The same person also follows the whole kecamatan: one message, not two.
    subscriptions.subscribe(channel="whatsapp", address="+6281200000001", district=bintang.district, source="web")
    subscriptions.subscribe(channel="telegram", address="5550002", district=bintang.district, source="telegram")
    subscriptions.subscribe(channel="sms", address="+6281200000003", source="sms")  # the whole regency
    subscriptions.subscribe(channel="whatsapp", address="+6281200000004", village=other_village, source="web")
    subscriptions.subscribe(channel="whatsapp", address="+6281200000005", village=bintang, source="web")
    subscriptions.stop_all(channel="whatsapp", address="+6281200000005", source="whatsapp")  # stopped


def _start(**kwargs) -> Broadcast:
    values = {"actor": None, "regency_code": "19.71", "title": "Vaksinasi gratis", "summary": "Sabtu pukul 08.00.",
              "link": "https://kim.example.go.id/berita/vaksinasi/", "channels_": ["whatsapp", "telegram", "sms"],
              "village_code": BINTANG, **kwargs}  # fmt: skip
    return broadcasts.broadcast_start(**values)


def test_a_kelurahan_broadcast_reaches_its_kelurahan_kecamatan_and_regency_subscribers_once_each(db, provider):
    _people()
    assert broadcasts.counts(regency_code="19.71", channels_=["whatsapp", "telegram", "sms"], village_code=BINTANG) == {
        "whatsapp": 1, "telegram": 1, "sms": 1,
    }  # fmt: skip
    broadcast = _start()
    assert broadcast.recipients == 3
    assert broadcasts.fan_out(broadcast.pk) == 3
    assert broadcasts.fan_out(broadcast.pk) == 0  # done once: nothing more
    Broadcast.objects.filter(pk=broadcast.pk).update(fanned_out=False)
    assert broadcasts.fan_out(broadcast.pk) == 0  # even forced again: one row per (broadcast, recipient, channel)
    messages = Message.objects.filter(broadcast=broadcast)
    assert sorted(m.recipient for m in messages) == ["+6281200000001", "+6281200000003", "5550002"]
    assert {m.lane for m in messages} == {1} and all("Vaksinasi gratis" in m.body for m in messages)
    while outbox.dispatch_once():
        pass
    assert sorted(sent["to"] for sent in provider.sent) == ["+6281200000003", "5550002", "6281200000001"]
    assert provider.sent[0]["channel"] in {"whatsapp", "telegram", "sms"}
    broadcast.refresh_from_db()
    progress = broadcasts.progress(broadcast)
    assert progress["done"] == 3 and progress["finished"] and progress["percent"] == 100


def test_fan_out_works_in_chunks(db, provider):
    bintang = Village.objects.get(code=BINTANG)
    for n in range(25):
        subscriptions.subscribe(channel="whatsapp", address=f"+62812000010{n:02d}", village=bintang, source="web")
    broadcast = _start(channels_=["whatsapp"])
    assert broadcasts.fan_out(broadcast.pk, chunk=7) == 25
    assert Message.objects.filter(broadcast=broadcast).values("recipient_hash").distinct().count() == 25


def test_bulk_messages_written_in_the_quiet_hours_wait_for_six_unless_an_emergency(db, provider, settings):
    settings.NOTIFICATIONS_QUIET_HOURS = (21, 6)
    late = datetime.datetime(2026, 12, 5, 15, 30, tzinfo=datetime.UTC)  # 22:30 WIB
    assert broadcasts.quiet_until(late) == datetime.datetime(2026, 12, 5, 23, 0, tzinfo=datetime.UTC)  # 06:00 WIB
    early = datetime.datetime(2026, 12, 5, 21, 0, tzinfo=datetime.UTC)  # 04:00 WIB the next day
    assert broadcasts.quiet_until(early) == datetime.datetime(2026, 12, 5, 23, 0, tzinfo=datetime.UTC)
    day = datetime.datetime(2026, 12, 5, 3, 0, tzinfo=datetime.UTC)  # 10:00 WIB
    assert broadcasts.quiet_until(day) == day


def test_pause_resume_and_cancel(db, provider):
    _people()
    broadcast = _start()
    broadcasts.fan_out(broadcast.pk)
    broadcast = broadcasts.broadcast_pause(actor=None, broadcast=broadcast)
    assert outbox.dispatch_once() == 0  # nothing goes while paused
    with pytest.raises(DomainError):
        broadcasts.broadcast_pause(actor=None, broadcast=broadcast)
    broadcast = broadcasts.broadcast_resume(actor=None, broadcast=broadcast)
    [first] = outbox.claim(limit=1)
    outbox.dispatch([first])
    broadcast = broadcasts.broadcast_cancel(actor=None, broadcast=broadcast)
    assert outbox.dispatch_once() == 0
    statuses = sorted(Message.objects.filter(broadcast=broadcast).values_list("status", flat=True))
    assert statuses.count(S.CANCELLED) == 2 and len(provider.sent) == 1


def test_what_cannot_be_sent_is_refused(db, provider, settings):
    with pytest.raises(DomainError, match="saluran"):
        _start(channels_=[])
    settings.TELEGRAM_BOT_TOKEN = ""
    with pytest.raises(DomainError, match="telegram"):
        _start(channels_=["telegram"])
    with pytest.raises(DomainError, match="terlalu panjang untuk SMS"):
        _start(channels_=["sms"], summary="kata " * 110)
    assert not Broadcast.objects.exists()


def test_an_editor_counts_sends_and_watches_a_broadcast(client, db, provider, django_capture_on_commit_callbacks):
    _people()
    editor = make_staff(Role.EDITOR)
    signed_in(client, editor)
    page = client.get(
        "/staf/pesan/siaran/baru/?judul=Vaksinasi&ringkasan=Sabtu+pagi&tautan=https://kim.example.go.id/b/"
    )
    assert 'value="Vaksinasi"' in page.content.decode()
    form = {"title": "Vaksinasi", "summary": "Sabtu pagi.", "link": "https://kim.example.go.id/b/",
            "district": "", "village": BINTANG, "channels": ["whatsapp", "sms"]}  # fmt: skip
    checked = client.post("/staf/pesan/siaran/baru/", {**form, "action": "check"}).content.decode()
    assert "2 penerima" in checked and not Broadcast.objects.exists()
    sent = client.post("/staf/pesan/siaran/baru/", {**form, "action": "send"})
    broadcast = Broadcast.objects.get()
    assert sent.headers["Location"] == f"/staf/pesan/siaran/{broadcast.pk}/"
    broadcasts.fan_out(broadcast.pk)
    while outbox.dispatch_once():
        pass
    detail = client.get(f"/staf/pesan/siaran/{broadcast.pk}/").content.decode()
    assert "Selesai" in detail and "WhatsApp" in detail and 'value="100"' in detail
    assert client.get("/staf/pesan/siaran/").status_code == 200
    admin = make_staff(Role.ADMIN)
    signed_in(client, admin)
    listed = client.get(f"/staf/pesan/?siaran={broadcast.pk}").content.decode()
    assert listed.count("Kabar untuk pelanggan") >= 2  # its two messages (the filter's own option aside)
    assert client.get(f"/staf/pesan/?siaran={broadcast.pk + 1}").content.decode().count("Kabar untuk pelanggan") == 1
    assert client.post(f"/staf/pesan/siaran/{broadcast.pk}/terbang/").status_code == 404


def test_a_pengurus_cannot_broadcast(client, db):
    from tests.factories import make_kim

    kim = make_kim(status="aktif")
    pengurus = make_staff(Role.PENGURUS_KIM, kim=kim, with_totp=False)
    assert signed_in(client, pengurus).get("/staf/pesan/siaran/baru/").status_code == 403
