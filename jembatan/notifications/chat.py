"""Two-way chat on WhatsApp, Telegram and SMS, in Indonesian: a small command set with a help menu.

- ``BERHENTI`` / ``STOP``: stop every subscription at once (consent withdrawn, recorded).
- ``LANGGANAN <kelurahan> [topic]``: receive the news for a kelurahan, on every topic or one (consent
  given, recorded).
- the capabilities' own commands (``Capability.chat_commands``: ``LAPOR``, ``STATUS <code>`` …), which
  may hold a conversation over several messages in the contact's ``state``;
- ``/start``, ``MENU``, ``HALO`` or anything else: the help menu, listing every command.

Every answer is a transactional reply inside the conversation the person just opened. The "cek pesan
ini" hoax check plugs in as one more command.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.functional import Promise
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from jembatan.core import tenancy
from jembatan.core.registry import chat_commands
from jembatan.notifications import subscriptions
from jembatan.notifications.api import recipient_hash, send
from jembatan.notifications.channels.base import Inbound
from jembatan.notifications.models import Contact

STOP_WORDS = {"BERHENTI", "STOP", "/STOP", "UNSUBSCRIBE", "KELUAR"}
CANCEL_WORDS = {"BATAL", "/BATAL", "CANCEL"}
SMS_REPLY_LIMIT = 400


@dataclass
class Conversation:
    """One inbound message as a command sees it: who wrote (the contact, on a channel), what, and the
    state their conversation is in (``state``; a command changes it and ``handle`` saves it)."""

    channel: str
    contact: Contact
    message: Inbound
    words: list[str]
    command: str
    state: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Reply:
    """An answer with choices: buttons or a list on WhatsApp and Telegram (each choice's id is what the
    person could have typed, so a tap and a typed answer are handled alike); the text alone elsewhere,
    which must therefore say the choices too (numbered lines, or the words to send)."""

    text: str
    choices: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class ChatCommand:
    """A capability's chat command. ``handle(conversation)`` answers (a text or a ``Reply``) or passes
    (``None``); ``menu`` is its line in the help menu, ``choices`` its buttons there (id, title)."""

    menu: str | Promise
    handle: Callable[[Conversation], str | Reply | None]
    choices: tuple[tuple[str, str | Promise], ...] = ()
    # Called with the conversation's state when the person cancels it (BATAL): to drop what it held.
    cancel: Callable[[dict], None] | None = None
    # The ``state["flow"]`` this command holds a conversation in: while it runs, the command answers first,
    # so a step's text that begins like another command (an address "KIM …", "BERITA acara …") stays its own.
    flow: str = ""


def commands() -> list[ChatCommand]:
    return [import_string(path) for path in chat_commands()]


SUBSCRIBE_WORDS = {"LANGGANAN", "/LANGGANAN", "DAFTAR"}


def _words(text: str) -> list[str]:
    return (text or "").strip().split()


def handle(channel: str, message: Inbound) -> None:
    """Answer one inbound message (in the instance's language)."""
    with translation.override(settings.LANGUAGE_CODE), transaction.atomic():
        contact = _remember(channel, message)
        words = _words(message.text)
        command = words[0].upper() if words else ""
        conversation = Conversation(channel, contact, message, words, command, dict(contact.state or {}))
        reply = None
        if command in STOP_WORDS:
            conversation.state = {}
            ended = subscriptions.stop_all(channel=channel, address=contact.address, source=channel)
            reply = _(
                "You will receive no more news from us (%(count)s subscription(s) stopped). Send LANGGANAN and the name of your kelurahan to subscribe again."
            ) % {"count": ended}
        elif command in CANCEL_WORDS and conversation.state:
            for registered in commands():
                if registered.cancel is not None:
                    registered.cancel(conversation.state)
            conversation.state = {}
            reply = _("Cancelled. Send MENU to see what you can do.")
        else:
            active = conversation.state.get("flow")
            owners = [registered for registered in commands() if active and registered.flow == active]
            ordered = owners + [registered for registered in commands() if registered not in owners]
            reply = next(filter(None, (registered.handle(conversation) for registered in ordered)), None)
        if reply is None:
            reply = _subscribe(channel, contact, " ".join(words[1:])) if command in SUBSCRIBE_WORDS else _menu()
        if conversation.state != (contact.state or {}):
            contact.state = conversation.state
            contact.save(update_fields=["state"])
        choices = reply.choices if isinstance(reply, Reply) else ()
        reply = reply.text if isinstance(reply, Reply) else reply
        if channel == "sms" and len(reply) > SMS_REPLY_LIMIT:  # three segments, the sender's name included
            reply = reply[: SMS_REPLY_LIMIT - 1].rsplit(" ", 1)[0] + "…"
        send("notifications.chat_reply", channel=channel, to=contact.address, values={"text": reply},
             choices=[(choice_id, str(title)) for choice_id, title in choices])  # fmt: skip


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


def find_village(place: str):
    """The kelurahan of this site's regency with exactly this name (any case, any spacing), or ``None``."""
    from jembatan.regions.models import Village

    place = " ".join((place or "").split())
    if not place:
        return None
    villages = list(
        Village.objects.filter(district__regency_id=tenancy.regency_code(), name__iexact=place).select_related(
            "district"
        )[:2]
    )
    return villages[0] if len(villages) == 1 else None


def _place_and_topic(place: str) -> tuple[object, tuple[str, str] | None]:
    """``LANGGANAN Bintang`` or ``LANGGANAN Bintang Kesehatan``: the kelurahan, and the topic its name ends
    with (by name or slug, any case), if any."""
    from jembatan.core.registry import subscription_topics

    village = find_village(place)
    if village is not None:
        return village, None
    lowered = place.lower()
    for slug, name in sorted(subscription_topics(tenancy.regency_code()), key=lambda pair: -len(pair[1])):
        for word in {name.lower(), slug.lower()}:
            if lowered.endswith(" " + word):
                return find_village(place[: -len(word)]), (slug, name)
    return None, None


def _subscribe(channel: str, contact: Contact, place: str) -> str:
    from jembatan.core.registry import subscription_topics

    place = " ".join(place.split())
    if not place:
        return _("Write LANGGANAN and the name of your kelurahan, for example: LANGGANAN Bintang")
    village, topic = _place_and_topic(place)
    if village is None:
        return _(
            "We do not know the kelurahan “%(place)s” here. Check the spelling, for example: LANGGANAN Bintang"
        ) % {"place": place[:60]}
    subscriptions.subscribe(channel=channel, address=contact.address, village=village, topic=topic[0] if topic else "",
                            source=channel)  # fmt: skip
    area = {"village": village.name, "district": village.district.name}
    if topic is not None:
        return _(
            "Done: you will receive the news on %(topic)s for Kelurahan %(village)s (Kecamatan %(district)s). Send BERHENTI at any time to stop."
        ) % {**area, "topic": topic[1]}
    done = (
        _(
            "Done: you will receive the news for Kelurahan %(village)s (Kecamatan %(district)s). Send BERHENTI at any time to stop."
        )
        % area
    )
    names = [name for _slug, name in subscription_topics(tenancy.regency_code())][:8]
    if names:
        done += "\n" + _("Only some topics? Write LANGGANAN %(village)s and a topic: %(topics)s.") % {
            "village": village.name, "topics": ", ".join(names)
        }  # fmt: skip
    return done


def _menu() -> Reply:
    lines = [str(command.menu) for command in commands()]
    text = _(
        "Hello, this is %(site)s.\n"
        "%(commands)s"
        "• LANGGANAN <kelurahan>: receive the news for your kelurahan\n"
        "• BERHENTI: stop receiving news"
    ) % {"site": settings.SITE_NAME, "commands": "".join(f"• {line}\n" for line in lines)}
    choices = [(choice_id, str(title)) for command in commands() for choice_id, title in command.choices]
    choices += [("LANGGANAN", _("Subscribe to news")), ("BERHENTI", _("Stop subscriptions"))]
    return Reply(text, tuple(choices))
