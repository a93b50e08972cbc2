"""A request for public information by WhatsApp: six replies, the registration number and due date at
once, the draft (with the NIK) kept encrypted, a step's text that begins like another command kept in the
flow, and every step of the PPID sent back to the chat."""

from __future__ import annotations

from jembatan.accounts.roles import Role
from jembatan.information import services
from jembatan.information.models import InformationRequest
from jembatan.notifications import outbox
from jembatan.notifications.models import Contact
from tests.factories import make_staff
from tests.information.test_requests_and_clocks import NIK
from tests.notifications.test_chat_reports import CITIZEN, _say, whatsapp  # noqa: F401


def test_a_request_by_whatsapp_from_info_to_the_answer(client, db, regions, whatsapp):  # noqa: F811
    assert "INFO" in _say(client, whatsapp, "halo")
    assert "nama lengkap" in _say(client, whatsapp, "info").lower()
    assert "NIK" in _say(client, whatsapp, "Rina Lestari")
    refused = _say(client, whatsapp, "12345")
    assert "16 angka" in refused and not InformationRequest.objects.exists()
    _say(client, whatsapp, NIK)
    state = Contact.objects.get().state
    assert state["flow"] == "info" and NIK not in str(state)  # the draft is encrypted
    _say(client, whatsapp, "Jl. Merdeka 1, Pangkalpinang")
    # Begins like the BERITA command: still the information asked for.
    _say(client, whatsapp, "Berita acara serah terima jalan lingkungan 2025")
    check = _say(client, whatsapp, "Memantau pembangunan.")
    assert "Berita acara serah terima" in check and "KIRIM" in check
    done = _say(client, whatsapp, "KIRIM")
    item = InformationRequest.objects.get()
    assert item.code in done and "paling lambat" in done
    assert (item.nik, item.requester_channel, item.requester_chat, item.delivery) == (
        NIK, "whatsapp", "+" + CITIZEN, "chat",
    )  # fmt: skip
    assert Contact.objects.get().state == {}

    ppid = make_staff(Role.PPID)
    services.answer(actor=ppid, request=InformationRequest.objects.get(), decision="dikabulkan",
                    answer_text="Berita acara terlampir di tautan.")  # fmt: skip
    before = len(whatsapp.sent)
    while outbox.dispatch_once():
        pass
    told = [m["text"] for m in whatsapp.sent[before:] if m["to"] == CITIZEN]
    assert any("Berita acara terlampir" in text and "/informasi/permohonan/" in text for text in told)


def test_batal_drops_the_draft(client, db, regions, whatsapp):  # noqa: F811
    _say(client, whatsapp, "INFO")
    _say(client, whatsapp, "Rina Lestari")
    _say(client, whatsapp, NIK)
    assert "Dibatalkan" in _say(client, whatsapp, "BATAL")
    assert Contact.objects.get().state == {} and not InformationRequest.objects.exists()
