"""The adapter interface every channel implements, and the outcomes a send can have."""

from __future__ import annotations

from dataclasses import dataclass


class SendError(Exception):
    """The provider did not take the message. ``permanent``: it never will (a wrong address, a blocked
    number); otherwise the outbox tries again later, not before ``retry_after`` seconds if given."""

    def __init__(self, detail: str, *, permanent: bool = False, retry_after: float | None = None) -> None:
        super().__init__(detail)
        self.detail = detail[:480]
        self.permanent = permanent
        self.retry_after = retry_after


@dataclass(frozen=True)
class Sent:
    """The provider accepted the message. ``delivered``: the channel gives no later receipt, so
    acceptance is delivery (plain SMTP); otherwise the message stays *sending* until a receipt."""

    provider_id: str = ""
    delivered: bool = False


@dataclass(frozen=True)
class Receipt:
    """A status a provider reported for one of our messages (from a webhook)."""

    provider_id: str
    status: str
    detail: str = ""
    # Our own message key, when the provider echoes it (WhatsApp's ``biz_opaque_callback_data``, the SMS
    # gateway's ``reference``): it ties a receipt to a message whose worker died before recording the
    # provider's id, so that message is not sent a second time.
    key: str = ""


@dataclass(frozen=True)
class Outgoing:
    """What an adapter needs to send one message (decrypted, read from the outbox row)."""

    key: str
    recipient: str
    subject: str
    body: str
    template_key: str
    language: str
    # The personalisation in the template's placeholder order (a WhatsApp template's body parameters).
    parameters: tuple[str, ...] = ()
    # The name of the provider-approved template (WhatsApp, outside the 24-hour window).
    provider_template: str = ""
    # Whether free text may be sent (WhatsApp: the person wrote within the last 24 hours).
    in_session: bool = False
    # A bulk message's one-click way out (email: a footer line and the List-Unsubscribe headers).
    unsubscribe_url: str = ""
    # A chat reply's choices as (id, title): buttons or a list where the channel has them.
    choices: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Inbound:
    """A message a person sent us (from a webhook): who, on which channel, what."""

    event_id: str
    sender: str
    text: str = ""
    name: str = ""
    kind: str = "text"  # text, button, location, image, start
    data: dict | None = None


def with_way_out(message: Outgoing) -> str:
    """A chat channel's bulk message ends with how to stop (email carries a link instead)."""
    if not message.unsubscribe_url:
        return message.body
    from django.utils import translation
    from django.utils.translation import gettext as _

    with translation.override(message.language):
        return message.body + "\n\n" + _("Send BERHENTI to stop receiving news.")


class ChannelAdapter:
    """Send one message; for chat channels, also verify and parse the provider's webhooks.

    ``verify_webhook(request)`` returns ``None`` when the request is genuine, else a reason (answered
    403, nothing stored). ``parse_webhook(payload)`` returns the receipts and inbound messages in it.
    """

    name = ""

    def enabled(self) -> bool:
        raise NotImplementedError

    def normalise_recipient(self, value: str) -> str:
        """The address in the channel's canonical form, or ``ValidationError`` with an Indonesian message."""
        raise NotImplementedError

    def send(self, message: Outgoing) -> Sent:
        """Hand the message to the provider; raise :class:`SendError` when it does not take it."""
        raise NotImplementedError

    def check_body(self, subject: str, body: str) -> None:
        """Refuse (``ValidationError``) a text this channel cannot carry (SMS: over three segments)."""

    def verify_webhook(self, request) -> str | None:
        return "this channel takes no webhooks"

    def parse_webhook(self, payload: dict) -> tuple[list[Receipt], list[Inbound]]:
        return [], []

    def acknowledge(self, message: Inbound) -> None:
        """Tell the provider an inbound message was handled, where it waits for that (Telegram's buttons)."""

    def fetch_media(self, data: dict) -> tuple[bytes, str]:
        """The file a person sent (``Inbound.data`` of an image): its bytes and content type. ``SendError``
        when it cannot be fetched or is larger than a photo may be."""
        raise SendError("this channel takes no files", permanent=True)
