"""``CEK`` by chat: the person sends ``CEK`` and the message (or ``CEK``, then forwards it); the answer is the
clarification's verdict and link, or "sedang kami periksa" and a message here when it is published."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jembatan.clarifications import services
from jembatan.core import tenancy
from jembatan.core.errors import DomainError
from jembatan.notifications.chat import ChatCommand, Conversation

FLOW = "cek"
WORD = "CEK"


def handle(conversation: Conversation) -> str | None:
    if conversation.command == WORD:
        text = conversation.message.text.strip()[len(conversation.words[0]) :].strip() if conversation.words else ""
        if not text:
            conversation.state = {"flow": FLOW}
            return _("Forward or paste the message (or the picture) you want to check, in your next message.")
        return _answer(conversation, text)
    if conversation.state.get("flow") == FLOW:
        conversation.state = {}
        if conversation.message.kind == "image":
            return _answer_image(conversation)
        return _answer(conversation, conversation.message.text or "")
    return None


def _answer_image(conversation: Conversation) -> str:
    """A forwarded picture: fetched from the provider in the worker (size-capped) and matched by its
    perceptual hash."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from jembatan.notifications import channels
    from jembatan.notifications.channels.base import SendError

    try:
        content, kind = channels.adapter(conversation.channel).fetch_media(conversation.message.data or {})
    except SendError:
        return _("The picture could not be received (it may be too large). Send it again, or paste the text.")
    return _answer(conversation, conversation.message.text or "",
                   image=SimpleUploadedFile("gambar.jpg", content, kind or "image/jpeg"))  # fmt: skip


def _answer(conversation: Conversation, text: str, image=None) -> str:
    try:
        result = services.check_message(
            text=text, regency_code=tenancy.regency_code(), source=conversation.channel,
            contact_channel=conversation.channel, contact_address=conversation.contact.address, consent=True,
            image=image,
        )  # fmt: skip
    except DomainError as exc:
        return exc.message
    if result.decision == "answer":
        claim, _score = result.matches[0]
        link = tenancy.absolute(claim.get_absolute_url())
        return _("[%(verdict)s] %(title)s\n\nThe facts: %(link)s\n\nShare the clarification in the group where you "
                 "received the message.") % {"verdict": claim.verdict.label, "title": claim.title, "link": link}  # fmt: skip
    return _("We are checking this message. We will tell you here when its clarification is published.")


COMMAND = ChatCommand(
    menu=gettext_lazy("CEK <message>: is this message a hoax?"),
    handle=handle,
    choices=((WORD, gettext_lazy("Check a message")),),
    flow=FLOW,
)
