"""Reports by chat (WhatsApp, Telegram, SMS): ``LAPOR`` files one in four short steps, ``STATUS <code>``
tells its own reporter where it stands, ``IKUTI <code>`` follows a public report's updates in the chat.
Plugged into ``notifications.chat`` (``Capability.chat_commands``).

The status of a report is told only to the number (or chat) the report is tied to: the one it was made
from, or the WhatsApp/SMS number its reporter gave on the web. Writing from that number is the
verification (the provider has verified it); anyone else is told to use their private link.
"""

from __future__ import annotations

import re
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jembatan.aspirations.models import Aspiration, AspirationType
from jembatan.aspirations.presenter import status_label
from jembatan.aspirations.selectors import category_list
from jembatan.cases import intake
from jembatan.core import tenancy
from jembatan.core.i18n import long_date
from jembatan.notifications.chat import ChatCommand, Conversation, Reply, find_village

FLOW = "lapor"
CODE = re.compile(r"^[A-Z]{3}-\d{4}-\d{6,9}$")


def handle(conversation: Conversation) -> str | None:
    state = conversation.state
    if state.get("flow") == FLOW and conversation.command not in {"STATUS", "LAPOR", "IKUTI"}:
        return _step(conversation)
    if conversation.command == "LAPOR":
        conversation.state = {"flow": FLOW, "step": "kind"}
        return Reply(
            _("A new report. Reply 1 for a complaint (something is wrong) or 2 for an aspiration (an idea or a request). Send BATAL to stop."),
            _kind_choices(),
        )  # fmt: skip
    if conversation.command == "STATUS":
        return _status(conversation)
    if conversation.command == "IKUTI":
        return _follow(conversation)
    return None


def _follow(conversation: Conversation) -> str:
    """Follow a public report from this chat: its updates come here, until BERHENTI or the link in each."""
    from jembatan.aspirations import selectors
    from jembatan.aspirations.services import aspiration_follow

    code = (conversation.words[1] if len(conversation.words) > 1 else "").upper()
    if not CODE.match(code):
        return _("Write IKUTI and the code of a public report, for example: IKUTI ASP-2026-000123")
    aspiration = selectors.aspiration_public_detail(code=code)
    if aspiration is None:
        return _("There is no public report %(code)s. Check the code on the report's page.") % {"code": code}
    aspiration_follow(aspiration=aspiration, chat=(conversation.channel, conversation.contact.address))
    return _("Done: you will receive here the news of the report %(code)s. Send BERHENTI at any time to stop.") % {
        "code": code
    }


def _step(conversation: Conversation) -> str:
    state, text = conversation.state, " ".join(conversation.words)
    step = state.get("step")
    regency = tenancy.regency_code()
    if step == "kind":
        kinds = {"1": AspirationType.PENGADUAN, "2": AspirationType.ASPIRASI}
        if text not in kinds:
            return Reply(_("Reply 1 for a complaint or 2 for an aspiration."), _kind_choices())
        state.update(kind=kinds[text], step="category")
        return Reply(_("Which topic? Reply with its number:\n%(list)s") % {"list": _categories(regency)},
                     _category_choices(regency))  # fmt: skip
    if step == "category":
        categories = list(category_list(regency_code=regency))
        if not text.isdigit() or not 1 <= int(text) <= len(categories):
            return Reply(_("Reply with the number of a topic:\n%(list)s") % {"list": _categories(regency)},
                         _category_choices(regency))  # fmt: skip
        state.update(category=categories[int(text) - 1].pk, step="village")
        return _("In which kelurahan? Write its name, for example: Bintang")
    if step == "village":
        village = find_village(text)
        if village is None:
            return _("We do not know the kelurahan “%(place)s” here. Check the spelling, for example: Bintang") % {
                "place": text[:60]
            }
        state.update(village=village.pk, step="text")
        return _("What happened, and where exactly? Write it in one message (at least 20 characters).")
    if step == "text":
        if len(text) < 20:
            return _("Please write a little more (at least 20 characters): what happened, and where exactly?")
        state.update(text=text[:5000], step="place")
        return Reply(_("Can you share the location of the place, or a photo (optional, up to 3)? Send them now from "
                       "the chat's attachment button, or send KIRIM to send the report as it is."), _send_choice())  # fmt: skip
    if step == "place":
        if conversation.message.kind == "image":
            return _photo(conversation)
        if conversation.message.kind == "location":
            point = _point(conversation.message.data or {})
            if point is None:
                return Reply(_("That location is not in Indonesia. Share it again, or send KIRIM to send the report "
                               "without it."), _send_choice())  # fmt: skip
            state.update(latitude=point[0], longitude=point[1])
            return Reply(_("Location received. Send KIRIM to send the report."), _send_choice())
        if text.upper() in SEND_WORDS:
            return _submit(conversation, state.get("text", ""))
        return Reply(_("Share the location, or send KIRIM to send the report."), _send_choice())
    conversation.state = {}
    return _("Send LAPOR to start a new report.")


SEND_WORDS = {"KIRIM", "LEWATI", "SELESAI"}


def _send_choice() -> tuple[tuple[str, str], ...]:
    return (("KIRIM", _("Send the report")),)


def _point(data: dict) -> tuple[str, str] | None:
    """A shared location as the web form stores it (6 decimals), if it lies within Indonesia's bounds."""
    from decimal import Decimal, InvalidOperation

    try:
        latitude = Decimal(str(data.get("latitude"))).quantize(Decimal("0.000001"))
        longitude = Decimal(str(data.get("longitude"))).quantize(Decimal("0.000001"))
    except (InvalidOperation, TypeError, ValueError):
        return None
    if not (-11 <= latitude <= 6 and 94 <= longitude <= 142):
        return None
    return str(latitude), str(longitude)


MAX_PHOTOS = 3


def _photo(conversation: Conversation) -> Reply:
    """A photo sent in the chat: fetched from the provider (in the worker, with a size cap), checked and
    re-encoded like a web upload (no EXIF, no location data), kept until the report is sent."""
    import uuid

    from django.core.exceptions import ValidationError
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage
    from django.core.files.uploadedfile import SimpleUploadedFile

    from jembatan.core.uploads import validate_image_or_pdf_attachment
    from jembatan.notifications import channels
    from jembatan.notifications.channels.base import SendError

    state = conversation.state
    photos = list(state.get("photos") or [])
    if len(photos) >= MAX_PHOTOS:
        return Reply(_("Three photos are enough. Send KIRIM to send the report."), _send_choice())
    adapter = channels.adapter(conversation.channel)
    try:
        content, kind = adapter.fetch_media(conversation.message.data or {})
        upload = validate_image_or_pdf_attachment(SimpleUploadedFile("foto.jpg", content, kind or "image/jpeg"))
    except SendError:
        return Reply(_("The photo could not be received (it may be too large). Send it again, or send KIRIM."),
                     _send_choice())  # fmt: skip
    except ValidationError as exc:
        return Reply(" ".join(exc.messages) + " " + _("Send another photo, or send KIRIM."), _send_choice())
    upload.seek(0)
    name = default_storage.save(f"chat-uploads/{uuid.uuid4().hex}{_suffix(upload.name)}", ContentFile(upload.read()))
    photos.append([name, upload.content_type or "image/jpeg"])
    state["photos"] = photos
    return Reply(_("Photo received (%(n)s of %(max)s). Send another, share the location, or send KIRIM.")
                 % {"n": len(photos), "max": MAX_PHOTOS}, _send_choice())  # fmt: skip


def _held_photos(state: dict) -> list:
    from django.core.files.storage import default_storage
    from django.core.files.uploadedfile import SimpleUploadedFile

    held = []
    for name, kind in state.get("photos") or []:
        if default_storage.exists(name):
            with default_storage.open(name, "rb") as stored:
                held.append(SimpleUploadedFile(name.rsplit("/", 1)[-1], stored.read(), kind))
    return held


def _forget_photos(state: dict) -> None:
    from django.core.files.storage import default_storage

    for name, _kind in state.get("photos") or []:
        default_storage.delete(name)


def _suffix(name: str) -> str:
    import os

    return os.path.splitext(name or "")[1].lower()[:6] or ".jpg"


def _kind_choices() -> tuple[tuple[str, str], ...]:
    return (("1", _("Complaint")), ("2", _("Aspiration")))


def _category_choices(regency: str) -> tuple[tuple[str, str], ...]:
    """The topics as a list to tap (at most 10 fit; more stay numbered lines in the text only)."""
    categories = list(category_list(regency_code=regency))
    return tuple((str(n), category.name) for n, category in enumerate(categories, 1)) if len(categories) <= 10 else ()


def _categories(regency: str) -> str:
    return "\n".join(f"{n}. {category.name}" for n, category in enumerate(category_list(regency_code=regency), 1))


def _submit(conversation: Conversation, text: str) -> str:
    from jembatan.aspirations.models import Category
    from jembatan.aspirations.services import SubmissionData, aspiration_submit
    from jembatan.regions.models import Village

    state = conversation.state
    channel, address = conversation.channel, conversation.contact.address
    title = text if len(text) <= 80 else text[:77].rsplit(" ", 1)[0] + "…"
    data = SubmissionData(
        kind=state["kind"], title=title, description=text, category=Category.objects.get(pk=state["category"]),
        village=Village.objects.select_related("district").get(pk=state["village"]),
        reporter_name=conversation.contact.name or "",
        reporter_phone=address if channel in ("whatsapp", "sms") else "",
        reporter_channel=channel, reporter_chat=address,
        latitude=Decimal(state["latitude"]) if state.get("latitude") else None,
        longitude=Decimal(state["longitude"]) if state.get("longitude") else None,
        attachments=_held_photos(state),
    )  # fmt: skip
    aspiration, _created = aspiration_submit(
        data=data, idempotency_key=intake.scoped_key(f"chat-{channel}", conversation.message.event_id)
    )
    _forget_photos(state)
    conversation.state = {}
    return _(
        "Thank you, your report is received. Its code is %(code)s. It will be checked by %(date)s; "
        "you will hear here when it moves. Send STATUS %(code)s to see where it stands."
    ) % {"code": aspiration.code, "date": long_date(aspiration.verify_due)}


def _status(conversation: Conversation) -> str:
    code = (conversation.words[1] if len(conversation.words) > 1 else "").upper()
    if not CODE.match(code):
        return _("Write STATUS and the code of your report, for example: STATUS ASP-2026-000123")
    aspiration = Aspiration.objects.filter(code=code, regency_id=tenancy.regency_code()).first()
    if aspiration is None or not _is_reporter(aspiration, conversation):
        # The same answer whether the report exists or not: a code tells nothing about its reporter.
        return _("We can tell the progress of %(code)s only to the number it was reported from. "
                 "Open the private link you received, or ask the KIM near you.") % {"code": code}  # fmt: skip
    from jembatan.aspirations.clocks import CLOCKS

    due = next((getattr(aspiration, c.due) for c in CLOCKS.clocks if aspiration.status in c.runs_in), None)
    lines = [_("Report %(code)s: %(status)s.") % {"code": code, "status": status_label(aspiration.status)}]
    event = aspiration.events.exclude(note="").order_by("-created_at").first()
    if event is not None and aspiration.status in ("ditindaklanjuti", "selesai"):
        lines.append(_("Latest: %(note)s") % {"note": event.note[:600]})
    elif due:
        lines.append(_("Next step due by %(date)s.") % {"date": long_date(due)})
    return "\n".join(lines)


def _is_reporter(aspiration: Aspiration, conversation: Conversation) -> bool:
    from jembatan.core.privacy import normalize_phone

    address = conversation.contact.address
    if aspiration.reporter_chat and aspiration.reporter_channel == conversation.channel:
        return aspiration.reporter_chat == address
    if conversation.channel in ("whatsapp", "sms") and aspiration.reporter_phone:
        try:
            return normalize_phone(aspiration.reporter_phone) == address
        except ValidationError:
            return False
    return False


COMMAND = ChatCommand(
    menu=gettext_lazy(
        "LAPOR: send a report or a complaint\n• STATUS <code>: the progress of your own report\n"
        "• IKUTI <code>: receive the news of a public report"
    ),
    handle=handle,
    choices=(("LAPOR", gettext_lazy("Send a report")), ("STATUS", gettext_lazy("Status of my report"))),
    cancel=lambda state: _forget_photos(state),
    flow=FLOW,
)
