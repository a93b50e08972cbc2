"""Public information requests by chat (WhatsApp, Telegram, SMS): ``INFO`` asks for public information in
six short replies (name, NIK, address, the information, its purpose, then KIRIM) and returns the
registration number and the due date; every step of the PPID then comes back in the chat, with the private
link to the answer and its documents. Plugged into ``notifications.chat`` (``Capability.chat_commands``).

The draft is kept in the contact's conversation state encrypted (it holds the NIK), and ``BATAL`` drops it.
"""

from __future__ import annotations

import json

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jembatan.cases import intake
from jembatan.core import tenancy
from jembatan.core.crypto import decrypt, encrypt
from jembatan.core.errors import DomainError
from jembatan.core.i18n import long_date
from jembatan.information.nik import clean_nik
from jembatan.notifications.chat import ChatCommand, Conversation, Reply

FLOW = "info"
WORD = "INFO"
SEND_WORDS = {"KIRIM", "YA"}
# The steps of the conversation, in order.
STEPS = ("name", "nik", "address", "information", "purpose", "confirm")


def _draft(state: dict) -> dict:
    return json.loads(decrypt(state["draft"])) if state.get("draft") else {}


def _keep(state: dict, draft: dict, step: str) -> None:
    state.update(flow=FLOW, step=step, draft=encrypt(json.dumps(draft, ensure_ascii=False)))


def _questions() -> dict[str, str]:
    return {
        "name": _("Your full name, as on your KTP?"),
        "nik": _("Your NIK (the 16 digits on your KTP)? Only the PPID sees it; it is never published."),
        "address": _("Your address?"),
        "information": _("What information do you need? As precisely as you can: the document, the period, the agency."),
        "purpose": _("What will you use it for?"),
    }  # fmt: skip


def handle(conversation: Conversation) -> str | Reply | None:
    state = conversation.state
    if conversation.command == WORD:
        conversation.state = {}
        _keep(conversation.state, {}, "name")
        return _(
            "A request for public information to the PPID (UU 14/2008). You receive a registration number at once "
            "and a written answer within 10 working days. Send BATAL to stop.\n\n%(question)s"
        ) % {"question": _questions()["name"]}
    if state.get("flow") != FLOW:
        return None
    return _step(conversation)


def _step(conversation: Conversation) -> str | Reply:
    state = conversation.state
    step, text = state.get("step"), " ".join(conversation.words)
    draft = _draft(state)
    questions = _questions()
    if step == "name":
        if len(text) < 3:
            return questions["name"]
        draft["name"] = text[:150]
    elif step == "nik":
        try:
            draft["nik"] = clean_nik(text)
        except ValidationError as exc:
            return " ".join(exc.messages) + " " + questions["nik"]
    elif step == "address":
        if len(text) < 5:
            return questions["address"]
        draft["address"] = text[:500]
    elif step == "information":
        if len(text) < 10:
            return _("Please write a little more (at least 10 characters).") + " " + questions["information"]
        draft["information"] = text[:5000]
    elif step == "purpose":
        if len(text) < 3:
            return questions["purpose"]
        draft["purpose"] = text[:2000]
    elif step == "confirm":
        if text.upper() in SEND_WORDS:
            return _submit(conversation, draft)
        return Reply(_("Send KIRIM to send the request, or BATAL to stop."), _send_choice())
    else:
        conversation.state = {}
        return _("Send INFO to start a request for public information.")
    following = STEPS[STEPS.index(step) + 1]
    _keep(state, draft, following)
    if following != "confirm":
        return questions[following]
    return Reply(
        _(
            "Please check your request:\nName: %(name)s\nAddress: %(address)s\nInformation: %(information)s\n"
            "Purpose: %(purpose)s\n\nBy sending it you agree that the PPID stores your identity and request to "
            "serve it (UU 14/2008 and UU 27/2022); your identity is never published. Send KIRIM to send it."
        )
        % {k: draft[k] for k in ("name", "address", "information", "purpose")},
        _send_choice(),
    )


def _send_choice() -> tuple[tuple[str, str], ...]:
    return (("KIRIM", _("Send the request")),)


def _submit(conversation: Conversation, draft: dict) -> str:
    from jembatan.information.models import DeliveryMethod, ObtainMethod
    from jembatan.information.services import RequestData, information_request_submit

    channel, address = conversation.channel, conversation.contact.address
    data = RequestData(
        name=draft["name"], nik=draft["nik"], address=draft["address"], information=draft["information"],
        purpose=draft["purpose"], obtain=ObtainMethod.SALINAN_SOFTCOPY, delivery=DeliveryMethod.CHAT,
        regency_code=tenancy.regency_code(), phone=address if channel in ("whatsapp", "sms") else "",
        requester_channel=channel, requester_chat=address,
    )  # fmt: skip
    try:
        item, _created = information_request_submit(
            data=data, idempotency_key=intake.scoped_key(f"chat-{channel}", conversation.message.event_id)
        )
    except DomainError as exc:
        conversation.state = {}
        return exc.message + " " + _("Send INFO to start again.")
    conversation.state = {}
    return _(
        "Thank you, your request is received. Its registration number is %(number)s; the PPID answers in writing "
        "by %(date)s at the latest. Every step will be sent to you here."
    ) % {"number": item.code, "date": long_date(item.answer_due)}


COMMAND = ChatCommand(
    menu=gettext_lazy("INFO: ask for public information (PPID)"),
    handle=handle,
    choices=((WORD, gettext_lazy("Ask for information")),),
    flow=FLOW,
)
