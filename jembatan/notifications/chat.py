"""Two-way chat on WhatsApp, Telegram and SMS, in Indonesian: a small command set with a help menu.

- ``BERHENTI`` / ``STOP``: stop every subscription at once (consent withdrawn, recorded).
- ``LANGGANAN <kelurahan>``: receive the news for a kelurahan (consent given, recorded).
- ``/start``, ``MENU``, ``HALO`` or anything else: the help menu.

Every answer is a transactional reply inside the conversation the person just opened. Further flows
(a report's status, a new report, the nearest KIM, "cek pesan ini") plug in as more commands.
"""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from jembatan.core import tenancy
from jembatan.notifications import subscriptions
from jembatan.notifications.api import recipient_hash, send
from jembatan.notifications.channels.base import Inbound
from jembatan.notifications.models import Contact

STOP_WORDS = {"BERHENTI", "STOP", "/STOP", "UNSUBSCRIBE", "KELUAR"}
SUBSCRIBE_WORDS = {"LANGGANAN", "/LANGGANAN", "DAFTAR"}


def _words(text: str) -> list[str]:
    return (text or "").strip().split()


def handle(channel: str, message: Inbound) -> None:
    """Answer one inbound message (in the instance's language)."""
    with translation.override(settings.LANGUAGE_CODE), transaction.atomic():
        contact = _remember(channel, message)
        words = _words(message.text)
        command = words[0].upper() if words else ""
        if command in STOP_WORDS:
            ended = subscriptions.stop_all(channel=channel, address=contact.address, source=channel)
            reply = _(
                "You will receive no more news from us (%(count)s subscription(s) stopped). Send LANGGANAN and the name of your kelurahan to subscribe again."
            ) % {"count": ended}
        elif command in SUBSCRIBE_WORDS:
            reply = _subscribe(channel, contact, " ".join(words[1:]))
        else:
            reply = _menu()
        send("notifications.chat_reply", channel=channel, to=contact.address, values={"text": reply})


def _remember(channel: str, message: Inbound) -> Contact:
    hashed = recipient_hash(channel, message.sender)
    contact, _created = Contact.objects.select_for_update().get_or_create(
        channel=channel, address_hash=hashed, defaults={"address": message.sender, "name": message.name}
    )
    contact.last_inbound_at = timezone.now()
    if message.name:
        contact.name = message.name
    contact.save(update_fields=["last_inbound_at", "name"])
    return contact


def _subscribe(channel: str, contact: Contact, place: str) -> str:
    from jembatan.regions.models import Village

    place = " ".join(place.split())
    if not place:
        return _("Write LANGGANAN and the name of your kelurahan, for example: LANGGANAN Bintang")
    villages = list(
        Village.objects.filter(district__regency_id=tenancy.regency_code(), name__iexact=place).select_related(
            "district"
        )
    )
    if len(villages) != 1:
        return _(
            "We do not know the kelurahan “%(place)s” here. Check the spelling, for example: LANGGANAN Bintang"
        ) % {"place": place[:60]}
    village = villages[0]
    subscriptions.subscribe(channel=channel, address=contact.address, village=village, source=channel)
    return _(
        "Done: you will receive the news for Kelurahan %(village)s (Kecamatan %(district)s). Send BERHENTI at any time to stop."
    ) % {"village": village.name, "district": village.district.name}


def _menu() -> str:
    return _(
        "Hello, this is %(site)s.\n"
        "• LANGGANAN <kelurahan>: receive the news for your kelurahan\n"
        "• BERHENTI: stop receiving news"
    ) % {"site": settings.SITE_NAME}
