"""WhatsApp, Telegram and SMS through the stand-in provider on 127.0.0.1: what is sent, how each
answer is classed, and the limits of each channel."""

from __future__ import annotations

import json

import pytest
from django.utils import timezone

from jembatan.notifications import outbox
from jembatan.notifications.api import send
from jembatan.notifications.catalogue import TemplateError
from jembatan.notifications.channels import sms
from jembatan.notifications.models import Contact, Message
from jembatan.notifications.statuses import MessageStatus as S
from tools.fake_provider import FakeProvider

VALUES = {"name": "Siti", "site": "Jembatan"}


@pytest.fixture
def provider(settings):
    fake = FakeProvider(receipts=False).start()
    settings.WHATSAPP_BASE_URL = fake.url + "/v21.0"
    settings.WHATSAPP_TOKEN, settings.WHATSAPP_PHONE_NUMBER_ID = "token", "1234"
    settings.WHATSAPP_APP_SECRET, settings.WHATSAPP_VERIFY_TOKEN = "s", "verifikasi"
    settings.TELEGRAM_BASE_URL, settings.TELEGRAM_BOT_TOKEN, settings.TELEGRAM_WEBHOOK_SECRET = fake.url, "bot1", "s"
    settings.SMS_GATEWAY_URL, settings.SMS_GATEWAY_TOKEN, settings.SMS_WEBHOOK_SECRET = fake.url + "/sms", "t", "s"
    settings.SMS_SENDER_NAME = "KOMINFO PGK"
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    yield fake
    fake.stop()


def _sent(message: Message) -> Message:
    outbox.dispatch(outbox.claim(limit=10, only=[message.pk]))
    message.refresh_from_db()
    return message


def test_whatsapp_outside_the_window_sends_the_approved_template_with_its_parameters(db, provider):
    message = _sent(send("notifications.test", channel="whatsapp", to="0812-3456-7890", values=VALUES))
    assert message.status == S.SENDING and message.provider_id.startswith("wamid.")
    [sent] = provider.sent
    assert sent["to"] == "6281234567890"
    template = sent["payload"]["template"]
    assert template["name"] == "notifications_test" and template["language"] == {"code": "id"}
    assert [p["text"] for p in template["components"][0]["parameters"]] == ["Siti", "Jembatan"]


def test_whatsapp_inside_the_24_hour_window_sends_free_text(db, provider):
    from jembatan.notifications.api import recipient_hash

    Contact.objects.create(channel="whatsapp", address="+6281234567890", last_inbound_at=timezone.now(),
                           address_hash=recipient_hash("whatsapp", "+6281234567890"))  # fmt: skip
    _sent(send("notifications.test", channel="whatsapp", to="+6281234567890", values=VALUES))
    [sent] = provider.sent
    assert sent["payload"]["type"] == "text" and sent["text"].startswith("Halo Siti")


@pytest.mark.parametrize(
    ("channel", "to", "status", "retry"),
    [
        ("whatsapp", "+6281234559001", S.SENDING, True),  # 429: again after Retry-After
        ("whatsapp", "+6281234559002", S.SENDING, True),  # 500: again later
        ("whatsapp", "+6281234559003", S.PERMANENT_FAILURE, False),  # 131026 undeliverable
        ("telegram", "7779001", S.SENDING, True),  # 429 with retry_after
        ("telegram", "7779003", S.PERMANENT_FAILURE, False),  # the bot was blocked
        ("sms", "+6281234559001", S.SENDING, True),
        ("sms", "+6281234559003", S.PERMANENT_FAILURE, False),
    ],
)
def test_each_refusal_is_retried_or_ended(db, provider, channel, to, status, retry):
    message = _sent(send("notifications.test", channel=channel, to=to, values=VALUES))
    assert message.status == status and message.sent_at is None and provider.sent == []
    assert (message.next_attempt_at is not None) == retry
    if retry:
        assert (message.next_attempt_at - timezone.now()).total_seconds() >= 0.9


def test_telegram_and_sms_accept_and_telegram_counts_as_delivered(db, provider):
    telegram = _sent(send("notifications.test", channel="telegram", to="5551234", values=VALUES))
    text = _sent(send("notifications.test", channel="sms", to="081234567890", values=VALUES))
    assert telegram.status == S.DELIVERED and telegram.provider_id.startswith("5551234:")
    assert text.status == S.SENDING and text.provider_id.startswith("sms-")
    assert provider.sent[1]["text"].startswith("KOMINFO PGK: Halo Siti")


def test_sms_is_gsm7_only_and_at_most_three_segments():
    assert sms.to_gsm7("Jalan “rusak” — Ñ é ✓") == 'Jalan "rusak" - Ñ é v'
    assert sms.segments("a" * 160) == 1 and sms.segments("a" * 161) == 2 and sms.segments("a" * 459) == 3
    assert sms.segments("€" * 80) == 1 and sms.segments("€" * 81) == 2  # the extension table counts twice


def test_an_sms_over_three_segments_or_a_wrong_number_is_refused_with_nothing_written(db, provider):
    with pytest.raises(TemplateError, match="terlalu panjang untuk SMS"):
        send("notifications.chat_reply", channel="sms", to="081234567890", values={"text": "kata " * 120})
    with pytest.raises(TemplateError, match="nomor telepon"):
        send("notifications.test", channel="whatsapp", to="12345", values=VALUES)
    with pytest.raises(TemplateError, match="Telegram"):
        send("notifications.test", channel="telegram", to="@warga", values=VALUES)
    assert not Message.objects.exists() and provider.sent == []


def test_a_bulk_message_without_consent_is_suppressed_and_never_sent(db, provider):
    from jembatan.notifications import subscriptions

    values = {"title": "Vaksinasi", "summary": "Sabtu pagi.", "link": "http://127.0.0.1:8000/berita/v/"}
    stranger = send("notifications.news", channel="whatsapp", to="081234567890", values=values)
    assert (stranger.status, stranger.next_attempt_at) == (S.SUPPRESSED, None)
    assert "Tidak ada persetujuan" in stranger.events.get().detail
    from jembatan.regions.models import Village

    subscriptions.subscribe(channel="whatsapp", address="+6281234567891", village=Village.objects.get(code="19.71.04.1002"),
                            source="web")  # fmt: skip
    subscriber = send("notifications.news", channel="whatsapp", to="081234567891", values=values)
    assert subscriber.status == S.CREATED
    assert outbox.dispatch_once() == 1
    assert [m["to"] for m in provider.sent] == ["6281234567891"]
    assert json.loads(json.dumps(provider.sent[0]["payload"]))["template"]["name"] == "notifications_news"


def _in_session(channel: str, address: str) -> None:
    from jembatan.notifications.api import recipient_hash

    Contact.objects.create(channel=channel, address=address, last_inbound_at=timezone.now(),
                           address_hash=recipient_hash(channel, address))  # fmt: skip


def test_a_reply_with_choices_becomes_buttons_a_list_or_an_inline_keyboard(db, provider):
    """Up to 3 choices: WhatsApp reply buttons (titles cut to 20); up to 10: a list (rows cut to 24, the
    whole title as description); Telegram: an inline keyboard whose callback data is the choice id."""
    _in_session("whatsapp", "+6281234567890")
    few = [("1", "Pengaduan"), ("2", "Aspirasi yang sangat panjang sekali namanya")]
    many = [(str(n), f"Topik nomor {n} dengan nama yang agak panjang") for n in range(1, 8)]
    for choices in (few, many):
        _sent(send("notifications.chat_reply", channel="whatsapp", to="+6281234567890", values={"text": "Pilih:"},
                   choices=choices))  # fmt: skip
    button, listed = (sent["payload"] for sent in provider.sent)
    assert button["type"] == "interactive" and button["interactive"]["type"] == "button"
    assert [b["reply"]["id"] for b in button["interactive"]["action"]["buttons"]] == ["1", "2"]
    assert all(len(b["reply"]["title"]) <= 20 for b in button["interactive"]["action"]["buttons"])
    rows = listed["interactive"]["action"]["sections"][0]["rows"]
    assert listed["interactive"]["type"] == "list" and [r["id"] for r in rows] == [str(n) for n in range(1, 8)]
    assert all(len(r["title"]) <= 24 and len(r.get("description", "")) <= 72 for r in rows)
    _sent(send("notifications.chat_reply", channel="telegram", to="5550002", values={"text": "Pilih:"}, choices=few))
    keyboard = provider.sent[-1]["payload"]["reply_markup"]["inline_keyboard"]
    assert [row[0]["callback_data"] for row in keyboard] == ["1", "2"]


def test_choices_outside_the_window_or_by_sms_stay_in_the_text(db, provider):
    _sent(send("notifications.chat_reply", channel="sms", to="+6281234567891", values={"text": "Balas 1 atau 2."},
               choices=[("1", "Satu"), ("2", "Dua")]))  # fmt: skip
    assert provider.sent[-1]["payload"].get("reply_markup") is None and "Balas 1 atau 2." in provider.sent[-1]["text"]
    _sent(send("notifications.chat_reply", channel="whatsapp", to="+6281234567892", values={"text": "Balas 1."},
               choices=[("1", "Satu")]))  # fmt: skip
    assert provider.sent[-1]["payload"]["type"] == "template"  # no conversation open: the approved template


def test_photos_are_fetched_from_both_providers_with_a_size_cap(db, provider, settings):
    from jembatan.notifications import channels
    from jembatan.notifications.channels.base import SendError

    provider.add_media("AgADfoto", b"\xff\xd8\xff foto", "image/jpeg")
    provider.add_media("1001", b"\xff\xd8\xff foto wa", "image/jpeg")
    assert channels.adapter("telegram").fetch_media({"file_id": "AgADfoto"})[0] == b"\xff\xd8\xff foto"
    assert channels.adapter("whatsapp").fetch_media({"media_id": "1001"}) == (b"\xff\xd8\xff foto wa", "image/jpeg")
    for adapter, data in (("telegram", {"file_id": "tidak-ada"}), ("whatsapp", {"media_id": "404"}),
                          ("whatsapp", {"media_id": "../../etc"}), ("sms", {"media_id": "1001"})):  # fmt: skip
        with pytest.raises(SendError):
            channels.adapter(adapter).fetch_media(data)
    settings.UPLOAD_MAX_IMAGE_BYTES = 8
    with pytest.raises(SendError, match="too large"):
        channels.adapter("whatsapp").fetch_media({"media_id": "1001"})
