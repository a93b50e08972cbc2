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


@dataclass(frozen=True)
class Outgoing:
    """What an adapter needs to send one message (decrypted, read from the outbox row)."""

    key: str
    recipient: str
    subject: str
    body: str
    template_key: str
    language: str


class ChannelAdapter:
    """Send one message; for channels with webhooks, also verify and parse them (later channels)."""

    name = ""

    def enabled(self) -> bool:
        raise NotImplementedError

    def normalise_recipient(self, value: str) -> str:
        """The address in the channel's canonical form, or ``ValidationError`` with an Indonesian message."""
        raise NotImplementedError

    def send(self, message: Outgoing) -> Sent:
        """Hand the message to the provider; raise :class:`SendError` when it does not take it."""
        raise NotImplementedError
