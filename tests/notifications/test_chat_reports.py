"""A chat journey on WhatsApp through the stand-in provider: file a report in four replies, get its code,
ask its status (only from the reporter's own number), and receive the agency's answer in the chat."""

from __future__ import annotations

from decimal import Decimal

import pytest

from jembatan.accounts.roles import Role
from jembatan.aspirations import services as asp
from jembatan.aspirations.models import Aspiration
from jembatan.notifications import inbound, outbox
from jembatan.notifications.models import Contact, Message
from tests.factories import make_category, make_staff, submission
from tests.notifications.test_webhooks_and_chat import _wa
from tools.fake_provider import FakeProvider

CITIZEN = "6281234567890"


@pytest.fixture
def whatsapp(settings):
    fake = FakeProvider(receipts=False).start()
    settings.WHATSAPP_BASE_URL, settings.WHATSAPP_TOKEN, settings.WHATSAPP_PHONE_NUMBER_ID = (
        fake.url + "/v21.0",
        "t",
        "1",
    )
    settings.WHATSAPP_APP_SECRET, settings.WHATSAPP_VERIFY_TOKEN = "rahasia-aplikasi", "v"
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    yield fake
    fake.stop()


def _say(client, fake, text: str, sender: str = CITIZEN, *, location: tuple[float, float] | None = None,
         media_id: str = "") -> str:  # fmt: skip
    """Write (or share a location or a photo) from ``sender``, let the worker handle and send, and return the
    chat's answer."""
    before = len(fake.sent)
    if media_id:
        content = {"type": "image", "image": {"id": media_id, "mime_type": "image/jpeg"}}
    elif location:
        content = {"type": "location", "location": {"latitude": location[0], "longitude": location[1]}}
    else:
        content = {"type": "text", "text": {"body": text}}
    payload = FakeProvider.whatsapp_payload({
        "contacts": [{"wa_id": sender, "profile": {"name": "Pak Darto"}}],
        "messages": [{"from": sender, "id": f"wamid.in.{Message.objects.count()}.{len(fake.sent)}.{text}{location}{media_id}",
                      "timestamp": "1", **content}],
    })  # fmt: skip
    assert _wa(client, payload).status_code == 200
    inbound.handle_pending()
    while outbox.dispatch_once():
        pass
    answers = fake.sent[before:]
    assert answers and all(a["to"] == sender for a in answers)
    # Inside the 24-hour window: free text, or an interactive message when the answer offers choices.
    assert all(a["payload"]["type"] in ("text", "interactive") for a in answers)
    return "\n".join(a["text"] for a in answers)


def test_a_report_by_whatsapp_from_first_message_to_the_agencys_answer(client, db, whatsapp):
    category = make_category(code="jalan")
    assert "LAPOR" in _say(client, whatsapp, "halo")
    assert "1" in _say(client, whatsapp, "LAPOR")
    topics = _say(client, whatsapp, "1")
    assert f"1. {category.name}" in topics
    assert "nomor topik" in _say(client, whatsapp, "9")  # an unknown number asks again
    assert "Bintang" in _say(client, whatsapp, "1")
    assert "20 karakter" in _say(client, whatsapp, "bintang")
    assert "20 karakter" in _say(client, whatsapp, "lampu mati")
    assert "KIRIM" in _say(
        client, whatsapp, "Lampu jalan di depan Masjid Al-Ikhlas padam sejak seminggu, gelap sekali."
    )
    assert "bukan di Indonesia" in _say(client, whatsapp, "", location=(51.5, -0.12))  # a point in London
    assert "Lokasi diterima" in _say(client, whatsapp, "", location=(-2.1291, 106.1133))
    done = _say(client, whatsapp, "kirim")
    report = Aspiration.objects.get()
    assert report.code in done
    assert (report.latitude, report.longitude) == (Decimal("-2.129100"), Decimal("106.113300"))
    assert (report.kind, report.village_id, report.category_id) == ("pengaduan", "19.71.04.1002", category.pk)
    assert (report.reporter_channel, report.reporter_chat, report.reporter_phone) == (
        "whatsapp",
        "+" + CITIZEN,
        "+" + CITIZEN,
    )
    assert Contact.objects.get().state == {}
    # The confirmation with the private link also came by WhatsApp (outside any template: inside the window).
    confirmation = [m for m in whatsapp.sent if report.code in m["text"] and "/aspirasi/" in m["text"]]
    assert confirmation

    status = _say(client, whatsapp, f"STATUS {report.code.lower()}")
    assert report.code in status and "Baru" in status
    stranger = _say(client, whatsapp, f"STATUS {report.code}", sender="6281299990000")
    nobody = _say(client, whatsapp, "STATUS ASP-2026-999999", sender="6281299990000")
    assert "hanya kami sampaikan kepada nomor" in stranger and stranger.replace(report.code, "X") == nobody.replace(
        "ASP-2026-999999", "X"
    )

    admin, officer = make_staff(Role.ADMIN), make_staff(Role.PETUGAS_OPD, agency=category.agency)
    report = asp.aspiration_verify(actor=admin, aspiration=report)
    report = asp.aspiration_dispose(actor=admin, aspiration=report, agency=category.agency)
    asp.aspiration_answer(actor=officer, aspiration=report, answer="Lampu sudah diganti oleh petugas PJU tadi pagi.")
    sent_before = len(whatsapp.sent)
    while outbox.dispatch_once():
        pass
    news = [m["text"] for m in whatsapp.sent[sent_before:] if m["to"] == CITIZEN]
    assert any("Lampu sudah diganti" in text for text in news)
    assert "Lampu sudah diganti" in _say(client, whatsapp, f"STATUS {report.code}")


def test_a_web_report_with_a_whatsapp_number_can_be_asked_about_from_that_number(client, db, whatsapp):
    report, _created = asp.aspiration_submit(data=submission(category=make_category(), reporter_phone="+" + CITIZEN))
    assert report.code in _say(client, whatsapp, f"STATUS {report.code}")
    assert "hanya kami sampaikan kepada nomor" in _say(
        client, whatsapp, f"STATUS {report.code}", sender="6281299990000"
    )


def test_batal_leaves_a_report_half_written_nowhere(client, db, whatsapp):
    make_category()
    _say(client, whatsapp, "LAPOR")
    _say(client, whatsapp, "2")
    assert "Dibatalkan" in _say(client, whatsapp, "BATAL")
    assert Contact.objects.get().state == {} and not Aspiration.objects.exists()


def test_an_sms_reporter_gets_a_short_copy_when_the_answer_is_too_long_for_sms(db, settings):
    """An answer too long for three SMS segments never blocks the agency: the SMS carries the subject and link."""
    settings.SMS_GATEWAY_URL, settings.SMS_SENDER_NAME = "http://127.0.0.1:9/sms", "KOMINFO"
    category = make_category()
    report, _created = asp.aspiration_submit(
        data=submission(category=category, reporter_channel="sms", reporter_chat="+6281234567891")
    )
    admin, officer = make_staff(Role.ADMIN), make_staff(Role.PETUGAS_OPD, agency=category.agency)
    report = asp.aspiration_dispose(actor=admin, aspiration=asp.aspiration_verify(actor=admin, aspiration=report),
                                    agency=category.agency)  # fmt: skip
    asp.aspiration_answer(actor=officer, aspiration=report, answer="Sudah kami tangani. " * 30)
    [answer] = Message.objects.filter(channel="sms", body__isnull=False).order_by("-id")[:1]
    assert report.code in answer.body and "Sudah kami tangani" not in answer.body


def test_kim_and_berita_answer_for_a_kelurahan(client, db, whatsapp):
    from tests.factories import make_item, make_kim

    kim = make_kim(status="aktif", village_code="19.71.04.1002", name="KIM Bintang Terang")
    item = make_item(title="Posyandu lansia di Kelurahan Bintang")
    menu = _say(client, whatsapp, "menu")
    assert "KIM <kelurahan>" in menu and "BERITA <kelurahan>" in menu and "LAPOR" in menu
    kims = _say(client, whatsapp, "KIM bintang")
    assert kim.name in kims and f"/kim/{kim.slug}/" in kims
    news = _say(client, whatsapp, "BERITA Bintang")
    assert item.title in news and item.get_absolute_url() in news
    assert "KIM Bintang" in _say(client, whatsapp, "KIM")  # no kelurahan: the example


def _jpeg_with_exif() -> bytes:
    import io

    from PIL import Image

    image, exif = Image.new("RGB", (64, 48), (200, 80, 40)), Image.Exif()
    exif[0x010F] = "KameraRahasia"  # Make; a phone also writes the GPS position here
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif)
    return out.getvalue()


def test_a_report_by_chat_with_photos_fetched_checked_and_stripped(client, db, whatsapp, settings):
    import io

    from PIL import Image

    make_category(code="jalan")
    whatsapp.add_media("1001", _jpeg_with_exif())
    whatsapp.add_media("1002", b"bukan gambar sama sekali", "image/jpeg")
    for text in ("LAPOR", "1", "1", "Bintang", "Jalan berlubang besar di depan SD Negeri 5, berbahaya bagi motor."):
        _say(client, whatsapp, text)
    assert "Foto diterima (1 dari 3)" in _say(client, whatsapp, "", media_id="1001")
    refused = _say(client, whatsapp, "", media_id="1002")
    assert "bukan" in refused.lower() and "KIRIM" in refused
    assert "tidak dapat diterima" in _say(client, whatsapp, "", media_id="9999")  # unknown at the provider
    done = _say(client, whatsapp, "KIRIM")
    report = Aspiration.objects.get()
    assert report.code in done
    [attachment] = report.attachments.all()
    stored = Image.open(io.BytesIO(attachment.file.read()))
    assert stored.size == (64, 48) and not stored.getexif()  # re-encoded: nothing of the camera is kept


def test_batal_drops_the_photos_held_for_an_unsent_report(client, db, whatsapp):
    from django.core.files.storage import default_storage

    make_category(code="jalan")
    whatsapp.add_media("2001", _jpeg_with_exif())
    for text in ("LAPOR", "1", "1", "Bintang", "Jalan berlubang besar di depan SD Negeri 5, berbahaya bagi motor."):
        _say(client, whatsapp, text)
    _say(client, whatsapp, "", media_id="2001")
    [[held, _kind]] = Contact.objects.get().state["photos"]
    assert default_storage.exists(held)
    _say(client, whatsapp, "BATAL")
    assert not default_storage.exists(held) and Aspiration.objects.count() == 0


def test_a_neighbour_follows_a_public_report_by_whatsapp_and_hears_its_answer_there(client, db, whatsapp):
    from jembatan.notifications.api import recipient_hash
    from jembatan.notifications.models import Consent, Subscription

    category = make_category()
    report, _created = asp.aspiration_submit(data=submission(category=category, reporter_email="pelapor@contoh.id"))
    neighbour = "6281277778888"
    assert "IKUTI ASP-2026-000123" in _say(client, whatsapp, "IKUTI", sender=neighbour)
    # Not verified yet, so not public: the same answer as for a code that does not exist.
    not_public = _say(client, whatsapp, f"IKUTI {report.code}", sender=neighbour)
    assert "Tidak ada laporan publik" in not_public and not Subscription.objects.exists()
    admin, officer = make_staff(Role.ADMIN), make_staff(Role.PETUGAS_OPD, agency=category.agency)
    report = asp.aspiration_verify(actor=admin, aspiration=report)
    page = client.get(f"/aspirasi/{report.code}/").content.decode()
    assert f"Atau lewat WhatsApp: kirim IKUTI {report.code} ke nomor kami." in page
    assert report.code in _say(client, whatsapp, f"ikuti {report.code.lower()}", sender=neighbour)
    _say(client, whatsapp, f"IKUTI {report.code}", sender=neighbour)  # again: still one follow
    [follow] = Subscription.objects.filter(ended_at__isnull=True)
    assert (follow.channel, follow.subject, follow.address_hash) == (
        "whatsapp", f"aspirasi:{report.code}", recipient_hash("whatsapp", "+" + neighbour),
    )  # fmt: skip
    assert follow.consent.purpose == "updates" and follow.consent.source == "whatsapp"

    report = asp.aspiration_dispose(actor=admin, aspiration=report, agency=category.agency)
    asp.aspiration_answer(actor=officer, aspiration=report, answer="Lampu sudah diganti oleh petugas PJU tadi pagi.")
    sent_before = len(whatsapp.sent)
    while outbox.dispatch_once():
        pass
    to_neighbour = [m["text"] for m in whatsapp.sent[sent_before:] if m["to"] == neighbour]
    assert len(to_neighbour) == 2  # sent to the agency, then answered
    assert all(f"/aspirasi/lacak/{report.code}/" in text and "/berhenti/" in text for text in to_neighbour)
    assert all(asp.aspiration_secret(report) not in text for text in to_neighbour)  # never the private link

    _say(client, whatsapp, "BERHENTI", sender=neighbour)
    assert not Subscription.objects.filter(ended_at__isnull=True).exists()
    assert Consent.objects.get().withdrawn_at is not None
    asp.aspiration_reject_answer(aspiration=report, reason="Lampu di ujung gang masih mati.")
    sent_before = len(whatsapp.sent)
    while outbox.dispatch_once():
        pass
    assert not [m for m in whatsapp.sent[sent_before:] if m["to"] == neighbour]
