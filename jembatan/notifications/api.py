"""What other capabilities call: ``send`` a message from a template, in the caller's transaction."""

from __future__ import annotations

import json

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.crypto import get_random_string
from django.utils.translation import gettext as _

from jembatan.core import tenancy
from jembatan.notifications import catalogue, channels, queues
from jembatan.notifications.catalogue import TemplateError
from jembatan.notifications.models import Channel, Consent, Lane, Message, MessageEvent, recipient_hash
from jembatan.notifications.statuses import MessageStatus

__all__ = ["TemplateError", "recipient_hash", "send", "send_email"]


def new_key() -> str:
    return get_random_string(32)


def send(
    template_key: str,
    *,
    channel: str,
    to: str,
    values: dict[str, object],
    language: str | None = None,
    key: str = "",
    regency_code: str | None = None,
    choices: list[tuple[str, str]] | None = None,
) -> Message:
    """Write one message to the outbox, inside the current transaction, and return it.

    The message exists exactly when the change it announces does: if the caller's transaction rolls
    back, so does the message. ``key`` makes the send idempotent (a fan-out passes one per recipient);
    a key already in the outbox returns the message stored under it. Refused with ``TemplateError``
    (nothing written): an unknown template, a placeholder without a value or a value without a
    placeholder, an address the channel cannot use.
    """
    spec = catalogue.template(template_key)
    if channel not in Channel.values:
        raise TemplateError(_("Unknown channel “%(channel)s”.") % {"channel": channel})
    adapter = channels.adapter(channel)
    try:
        address = adapter.normalise_recipient(to) if adapter else to.strip()
    except ValidationError as exc:
        raise TemplateError(" ".join(exc.messages)) from exc
    language = language or settings.LANGUAGE_CODE
    regency_code = tenancy.regency_code() if regency_code is None else regency_code
    version, subject, body = catalogue.render(
        spec, values, channel=channel, language=language, regency_code=regency_code
    )
    if adapter is not None:
        try:
            adapter.check_body(subject, body)
        except ValidationError as exc:
            raise TemplateError(" ".join(exc.messages)) from exc
    key = key or new_key()
    existing = Message.objects.filter(key=key).first()
    if existing is not None:
        return existing
    hashed = recipient_hash(channel, address)
    # A bulk message without a standing consent is recorded as suppressed, and never sent.
    suppressed = spec.lane == Lane.BULK and not has_consent(channel, hashed, spec.consent_purpose)
    message = Message.objects.create(
        key=key,
        channel=channel,
        recipient=address,
        recipient_hash=hashed,
        template_key=spec.key,
        template_version=version,
        language=language,
        personalisation=json.dumps({name: str(value) for name, value in values.items()}, ensure_ascii=False),
        subject=subject,
        body=body,
        lane=spec.lane,
        status=MessageStatus.SUPPRESSED if suppressed else MessageStatus.CREATED,
        next_attempt_at=None if suppressed else timezone.now(),
        regency_code=regency_code,
        choices=[[str(choice_id)[:64], str(title)[:72]] for choice_id, title in (choices or [])][:10],
    )
    MessageEvent.objects.create(
        message=message,
        status=message.status,
        detail=_("No consent for this kind of message on this channel.") if suppressed else "",
    )
    if not suppressed:
        _deliver_after_commit_without_worker(message.pk)
        queues.announce_after_commit(message.pk, message.lane)
    return message


def has_consent(channel: str, hashed_recipient: str, purpose: str) -> bool:
    return (
        bool(purpose)
        and Consent.objects.filter(
            channel=channel, recipient_hash=hashed_recipient, purpose=purpose, withdrawn_at__isnull=True
        ).exists()
    )


def send_email(template_key: str, *, to: str, values: dict[str, object], **options) -> Message:
    return send(template_key, channel=Channel.EMAIL, to=to, values=values, **options)


def _deliver_after_commit_without_worker(pk: int) -> None:
    """With no worker (tests, an immediate task backend) the message is sent once the transaction commits."""
    from jembatan.core.background import worker_expected

    if worker_expected():
        return

    def deliver() -> None:
        from jembatan.notifications import outbox

        outbox.dispatch(outbox.claim(limit=1, only=[pk]))

    transaction.on_commit(deliver)
