"""Webhooks in: signatures checked in constant time, a forged or replayed delivery changes nothing,
receipts move statuses forward, and the chat commands subscribe and stop at once."""

from __future__ import annotations

import hashlib
import hmac
import json

import pytest

from jembatan.notifications import inbound
from jembatan.notifications.api import recipient_hash
from jembatan.notifications.models import Consent, Contact, InboundEvent, Message, Subscription
from jembatan.notifications.statuses import MessageStatus as S
from tools.fake_provider import FakeProvider

WA = "/hooks/whatsapp/"


@pytest.fixture
def channels_on(settings):
    settings.WHATSAPP_BASE_URL, settings.WHATSAPP_TOKEN, settings.WHATSAPP_PHONE_NUMBER_ID = (
        "http://127.0.0.1:9",
        "t",
        "1",
    )
    settings.WHATSAPP_APP_SECRET, settings.WHATSAPP_VERIFY_TOKEN = "rahasia-aplikasi", "verifikasi"
    settings.TELEGRAM_BOT_TOKEN, settings.TELEGRAM_WEBHOOK_SECRET = "bot", "rahasia-telegram"
    settings.SMS_GATEWAY_URL, settings.SMS_WEBHOOK_SECRET = "http://127.0.0.1:9/sms", "rahasia-sms"
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}  # handled by the worker: see below


def _signed(secret: str, payload: dict) -> tuple[bytes, str]:
    body = json.dumps(payload).encode()
    return body, "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def _wa(client, payload: dict, *, secret: str = "rahasia-aplikasi", signature: str | None = None):
    body, good = _signed(secret, payload)
    return client.post(
        WA, body, content_type="application/json", HTTP_X_HUB_SIGNATURE_256=good if signature is None else signature
    )


def _inbound(text: str, sender: str = "6281234567890") -> dict:
    return FakeProvider.whatsapp_payload({
        "contacts": [{"wa_id": sender, "profile": {"name": "Bu Rina"}}],
        "messages": [{"from": sender, "id": f"wamid.in.{abs(hash((text, sender)))}", "timestamp": "1", "type": "text",
                      "text": {"body": text}}],
    })  # fmt: skip


def test_meta_verification_answers_the_challenge_only_with_the_right_token(client, db, channels_on):
    good = client.get(WA, {"hub.mode": "subscribe", "hub.verify_token": "verifikasi", "hub.challenge": "1158201444"})
    assert (good.status_code, good.content) == (200, b"1158201444")
    bad = client.get(WA, {"hub.mode": "subscribe", "hub.verify_token": "salah", "hub.challenge": "1"})
    assert bad.status_code == 403


def test_a_forged_webhook_gets_403_and_stores_nothing(client, db, channels_on):
    assert _wa(client, _inbound("BERHENTI"), secret="bukan-rahasianya").status_code == 403
    assert _wa(client, _inbound("BERHENTI"), signature="").status_code == 403
    body, _good = _signed("rahasia-aplikasi", _inbound("BERHENTI"))
    tampered = client.post(WA, body.replace(b"BERHENTI", b"LANGGANAN"), content_type="application/json",
                           HTTP_X_HUB_SIGNATURE_256=_good)  # fmt: skip
    assert tampered.status_code == 403
    telegram = client.post("/hooks/telegram/", json.dumps({"update_id": 1, "message": {"chat": {"id": 5}, "text": "x"}}),
                           content_type="application/json", HTTP_X_TELEGRAM_BOT_API_SECRET_TOKEN="salah")  # fmt: skip
    assert telegram.status_code == 403
    sms = client.post("/hooks/sms/", b'{"event_id": "1", "from": "+6281234567890", "text": "x"}',
                      content_type="application/json", HTTP_X_SIGNATURE="00")  # fmt: skip
    assert sms.status_code == 403
    assert not InboundEvent.objects.exists()


def test_a_body_that_is_not_json_is_refused(client, db, channels_on):
    body = b"<xml/>"
    signature = "sha256=" + hmac.new(b"rahasia-aplikasi", body, hashlib.sha256).hexdigest()
    assert client.post(WA, body, content_type="application/json", HTTP_X_HUB_SIGNATURE_256=signature).status_code == 400


def test_a_replayed_webhook_stores_nothing_new(client, db, channels_on):
    first = _wa(client, _inbound("MENU"))
    again = _wa(client, _inbound("MENU"))
    assert (first.json()["stored"], again.json()["stored"]) == (1, 0)
    assert InboundEvent.objects.count() == 1


def test_receipts_move_a_message_forward_only(client, db, channels_on):
    message = Message.objects.create(
        key="k", channel="whatsapp", recipient="+6281234567890", recipient_hash="h", template_key="notifications.test",
        language="id", body="Halo", status=S.SENDING, provider_id="wamid.keluar.1",
    )  # fmt: skip
    for status in ("read", "delivered", "sent"):
        _wa(
            client,
            FakeProvider.whatsapp_payload({"statuses": [{"id": "wamid.keluar.1", "status": status, "timestamp": "1"}]}),
        )
    assert inbound.handle_pending() == 3
    message.refresh_from_db()
    assert message.status == S.READ
    assert InboundEvent.objects.filter(handled_at__isnull=True, error="").count() == 0


def _replies() -> list[str]:
    return [m.body for m in Message.objects.filter(template_key="notifications.chat_reply").order_by("id")]


def test_a_citizen_subscribes_to_a_kelurahan_and_stops_with_berhenti(client, db, channels_on):
    _wa(client, _inbound("halo"))
    _wa(client, _inbound("LANGGANAN   bintang"))
    _wa(client, _inbound("LANGGANAN Kota Antah"))
    inbound.handle_pending()
    hashed = recipient_hash("whatsapp", "+6281234567890")
    [subscription] = Subscription.objects.filter(address_hash=hashed, ended_at__isnull=True)
    assert (subscription.village_code, subscription.district_code) == ("19.71.04.1002", "19.71.04")
    consent = subscription.consent
    assert (consent.purpose, consent.source, consent.withdrawn_at) == ("news", "whatsapp", None)
    contact = Contact.objects.get(address_hash=hashed)
    assert contact.name == "Bu Rina" and contact.last_inbound_at is not None
    menu, done, unknown = _replies()
    assert "LANGGANAN" in menu and "BERHENTI" in menu
    assert "Kelurahan Bintang" in done
    assert "Kota Antah" in unknown

    _wa(client, _inbound("berhenti"))
    inbound.handle_pending()
    assert not Subscription.objects.filter(ended_at__isnull=True).exists()
    assert Consent.objects.get().withdrawn_source == "whatsapp"
    assert "1" in _replies()[-1]
    # Every reply is sent as free text: the person has just written.
    assert set(Message.objects.values_list("lane", flat=True)) == {0}


def test_telegram_start_opens_the_chat_and_gets_the_menu(client, db, channels_on):
    update = {"update_id": 77, "message": {"message_id": 1, "date": 1, "text": "/start",
                                           "chat": {"id": 5551234, "type": "private", "first_name": "Rina"}}}  # fmt: skip
    response = client.post("/hooks/telegram/", json.dumps(update), content_type="application/json",
                           HTTP_X_TELEGRAM_BOT_API_SECRET_TOKEN="rahasia-telegram")  # fmt: skip
    assert response.status_code == 200
    inbound.handle_pending()
    assert Contact.objects.get().channel == "telegram"
    [reply] = Message.objects.filter(channel="telegram")
    assert reply.recipient == "5551234" and "LANGGANAN" in reply.body


def test_an_event_that_fails_is_recorded_and_the_others_go_on(client, db, channels_on, monkeypatch):
    from jembatan.notifications import chat

    calls = []

    def fragile(channel, message):
        calls.append(message.text)
        if message.text == "rusak":
            raise ValueError("a bug")

    monkeypatch.setattr(chat, "handle", fragile)
    _wa(client, _inbound("rusak"))
    _wa(client, _inbound("MENU"))
    assert inbound.handle_pending() == 2
    assert calls == ["rusak", "MENU"]
    assert InboundEvent.objects.filter(error__startswith="ValueError").count() == 1


def test_an_sms_reply_is_cut_to_fit_three_segments(db, settings, monkeypatch):
    from jembatan.notifications import chat
    from jembatan.notifications.channels.base import Inbound
    from jembatan.notifications.channels.sms import segments, sms_text

    settings.SMS_GATEWAY_URL, settings.SMS_SENDER_NAME = "http://127.0.0.1:9/sms", "KOMINFO PANGKALPINANG"
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    monkeypatch.setattr(chat, "_menu", lambda: "Pilihan yang panjang sekali. " * 40)  # a long menu of topics
    chat.handle("sms", Inbound(event_id="1", sender="+6281234567890", text="MENU"))
    [reply] = Message.objects.filter(channel="sms")
    assert reply.body.endswith("…") and segments(sms_text(reply.body)) <= 3


def test_a_receipt_that_comes_before_its_message_is_recorded_waits_and_then_applies(client, db, channels_on):
    import datetime

    from django.utils import timezone

    message = Message.objects.create(
        key="cepat", channel="whatsapp", recipient="+6281234567890", recipient_hash="h", template_key="notifications.test",
        language="id", body="Halo", status=S.SENDING,
    )  # fmt: skip
    _wa(
        client,
        FakeProvider.whatsapp_payload({"statuses": [{"id": "wamid.cepat", "status": "delivered", "timestamp": "1"}]}),
    )
    assert inbound.handle_pending() == 0  # nothing to apply it to yet: it waits
    event = InboundEvent.objects.get()
    assert event.handled_at is None and event.retry_at is not None
    # The sending worker records the provider's id, then replays what came early.
    Message.objects.filter(pk=message.pk).update(provider_id="wamid.cepat")
    assert inbound.replay_receipts("whatsapp", "wamid.cepat") == 1
    message.refresh_from_db()
    assert message.status == S.DELIVERED
    # A receipt for a message that never appears is given up after an hour.
    _wa(
        client,
        FakeProvider.whatsapp_payload({"statuses": [{"id": "wamid.hilang", "status": "read", "timestamp": "1"}]}),
    )
    InboundEvent.objects.filter(event_id__contains="hilang").update(
        received_at=timezone.now() - datetime.timedelta(hours=2)
    )
    assert inbound.handle_pending() == 1
    assert InboundEvent.objects.get(event_id__contains="hilang").error == "no message has this provider id"


def test_a_receipt_naming_our_key_saves_a_message_whose_worker_died_before_recording_it(client, db, channels_on):
    """The worker is killed after WhatsApp accepted the message and before the outbox wrote the id: the
    receipt, which echoes our key (``biz_opaque_callback_data``), records the acceptance, so the message
    is not sent a second time when its lease runs out."""
    import datetime

    from django.conf import settings
    from django.utils import timezone

    from jembatan.notifications import channels, outbox
    from jembatan.notifications.api import send

    fake = FakeProvider(receipts=False).start()
    try:
        settings.WHATSAPP_BASE_URL = fake.url + "/v21.0"
        message = send(
            "notifications.test", channel="whatsapp", to="+6281234567890", values={"name": "Siti", "site": "J"}
        )
        [claimed] = outbox.claim(limit=1)
        accepted = channels.adapter("whatsapp").send(outbox.outgoing([claimed])[0])  # …and the worker dies here
        assert fake.sent[0]["payload"]["biz_opaque_callback_data"] == message.key
        status = {"id": accepted.provider_id, "status": "delivered", "timestamp": "1",
                  "biz_opaque_callback_data": message.key}  # fmt: skip
        _wa(client, FakeProvider.whatsapp_payload({"statuses": [status]}))
        assert inbound.handle_pending() == 1
        message.refresh_from_db()
        assert (message.status, message.provider_id, message.next_attempt_at) == (
            S.DELIVERED,
            accepted.provider_id,
            None,
        )
        after_the_lease = timezone.now() + datetime.timedelta(seconds=settings.NOTIFICATIONS_LEASE_SECONDS + 1)
        assert outbox.claim(limit=10, now=after_the_lease) == []
        assert len(fake.sent) == 1
        # A receipt with a key we never gave waits like any receipt for an unknown message.
        stray = {"id": "wamid.lain", "status": "delivered", "timestamp": "1", "biz_opaque_callback_data": "bukan-kunci"}
        _wa(client, FakeProvider.whatsapp_payload({"statuses": [stray]}))
        assert inbound.handle_pending() == 0
    finally:
        fake.stop()


def test_receipts_by_the_hundred_apply_in_one_batch_forward_only(
    client, db, channels_on, django_assert_max_num_queries
):
    """A broadcast's receipts come by the thousand: a batch applies them in a few statements, several
    for one message in their statuses' order, a failure with its own reason, and one for an unknown id
    is left to wait."""
    messages = [
        Message.objects.create(
            key=f"k{n}", channel="whatsapp", recipient=f"+62812345{n:05d}", recipient_hash=f"h{n}",
            template_key="notifications.test", language="id", body="Halo", status=S.SENDING, provider_id=f"wamid.b{n}",
        )
        for n in range(60)
    ]  # fmt: skip
    statuses = [{"id": f"wamid.b{n}", "status": "delivered", "timestamp": "1"} for n in range(60)]
    statuses += [{"id": "wamid.b0", "status": "read", "timestamp": "2"}]
    statuses += [
        {"id": "wamid.b1", "status": "failed", "timestamp": "2", "errors": [{"code": 131049, "title": "Spam"}]}
    ]
    statuses += [{"id": "wamid.belum", "status": "delivered", "timestamp": "1"}]
    _wa(client, FakeProvider.whatsapp_payload({"statuses": statuses}))
    with django_assert_max_num_queries(40):
        assert inbound.handle_pending() == 62  # the unknown one waits
    by_key = {m.key: m for m in Message.objects.filter(pk__in=[m.pk for m in messages])}
    assert by_key["k0"].status == S.READ
    assert by_key["k1"].status == S.PERMANENT_FAILURE and "131049" in by_key["k1"].last_error
    assert {m.status for key, m in by_key.items() if key not in {"k0", "k1"}} == {S.DELIVERED}
    assert InboundEvent.objects.filter(handled_at__isnull=True).count() == 1
    assert by_key["k0"].events.filter(status=S.READ).count() == 1


def test_the_menu_and_lapor_offer_buttons_and_a_tapped_button_is_read_like_typed_text(client, db, channels_on):
    _wa(client, _inbound("halo"))
    inbound.handle_pending()
    menu = Message.objects.filter(template_key="notifications.chat_reply").latest("id")
    assert {choice_id for choice_id, _title in menu.choices} == {"LAPOR", "STATUS", "BERITA", "KIM", "INFO", "CEK",
                                                                  "LANGGANAN", "BERHENTI"}  # fmt: skip
    tapped = FakeProvider.whatsapp_payload({
        "contacts": [{"wa_id": "6281234567890", "profile": {"name": "Bu Rina"}}],
        "messages": [{"from": "6281234567890", "id": "wamid.tap.1", "timestamp": "1", "type": "interactive",
                      "interactive": {"type": "list_reply", "list_reply": {"id": "LAPOR", "title": "Kirim laporan"}}}],
    })  # fmt: skip
    _wa(client, tapped)
    inbound.handle_pending()
    kind_step = Message.objects.filter(template_key="notifications.chat_reply").latest("id")
    assert [choice_id for choice_id, _title in kind_step.choices] == ["1", "2"]
    assert "1" in kind_step.body and "2" in kind_step.body  # the numbers are in the text too (SMS, old phones)


def test_a_tapped_telegram_button_is_answered_so_its_spinner_stops(client, db, channels_on, settings,
                                                                     django_capture_on_commit_callbacks):  # fmt: skip
    fake = FakeProvider(receipts=False).start()
    try:
        settings.TELEGRAM_BASE_URL = fake.url
        update = {"update_id": 78, "callback_query": {"id": "cbq-42", "data": "LAPOR", "from": {"id": 5551234},
                  "message": {"message_id": 9, "date": 1, "chat": {"id": 5551234, "type": "private"}}}}  # fmt: skip
        client.post("/hooks/telegram/", json.dumps(update), content_type="application/json",
                    HTTP_X_TELEGRAM_BOT_API_SECRET_TOKEN="rahasia-telegram")  # fmt: skip
        with django_capture_on_commit_callbacks(execute=True):
            assert inbound.handle_pending() == 1
        assert fake.acknowledged == ["cbq-42"]
        reply = Message.objects.filter(channel="telegram").latest("id")
        assert [choice_id for choice_id, _title in reply.choices] == ["1", "2"]  # LAPOR's first step, with buttons
    finally:
        fake.stop()
