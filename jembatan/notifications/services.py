"""Staff actions on the outbox and the templates, and the outbox's own upkeep."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jembatan.core.audit import audit_record
from jembatan.core.errors import DomainError
from jembatan.notifications import catalogue
from jembatan.notifications.catalogue import MessageTemplate
from jembatan.notifications.channels.base import Receipt
from jembatan.notifications.models import Message, MessageEvent, TemplateVersion
from jembatan.notifications.statuses import FAILURES, RANK, MessageStatus, predecessors
from jembatan.notifications.verbs import NotificationVerb

S = MessageStatus


def message_retry(*, actor, message: Message) -> Message:
    """Send a failed message again: it comes due now, with its attempts counted on."""
    with transaction.atomic():
        now = timezone.now()
        changed = Message.objects.filter(pk=message.pk, status__in=list(FAILURES)).update(
            status=S.SENDING, next_attempt_at=now, claim="", status_changed_at=now, retrying_since=now
        )
        if not changed:
            raise DomainError(_("Only a message that failed can be sent again."))
        MessageEvent.objects.create(message=message, status=S.SENDING, detail=_("Sent again by staff."))
        audit_record(actor=actor, verb=NotificationVerb.MESSAGE_RETRIED, obj=message, before={"status": message.status})
    return Message.objects.get(pk=message.pk)


def message_cancel(*, actor, message: Message) -> Message:
    """Stop a message that no provider has taken yet."""
    with transaction.atomic():
        now = timezone.now()
        changed = Message.objects.filter(
            pk=message.pk, status__in=predecessors(S.CANCELLED), sent_at__isnull=True
        ).update(status=S.CANCELLED, next_attempt_at=None, claim="", status_changed_at=now)
        if not changed:
            raise DomainError(_("This message has already been handed to its provider and cannot be stopped."))
        MessageEvent.objects.create(message=message, status=S.CANCELLED, detail=_("Cancelled by staff."))
        audit_record(actor=actor, verb=NotificationVerb.MESSAGE_CANCELLED, obj=message)
    return Message.objects.get(pk=message.pk)


class UnknownMessage(Exception):
    """A receipt for a provider id the outbox does not know (yet: the provider may report before the
    sending worker has recorded its answer)."""


def receipt_record(receipt: Receipt, *, channel: str) -> bool:
    """Apply a provider's status report; a status that would go backwards is ignored. Returns whether it
    applied; raises ``UnknownMessage`` when no message has that provider id."""
    status = S(receipt.status)
    now = timezone.now()
    with transaction.atomic():
        message = Message.objects.filter(channel=channel, provider_id=receipt.provider_id).only("pk").first()
        if message is None and receipt.key:
            message = _accepted_by_receipt(receipt, channel=channel, now=now)
        if message is None:
            raise UnknownMessage(receipt.provider_id)
        changed = Message.objects.filter(pk=message.pk, status__in=predecessors(status)).update(
            status=status, next_attempt_at=None, status_changed_at=now,
            **({"last_error": receipt.detail[:500]} if status in FAILURES else {}),
        )  # fmt: skip
        if changed:
            MessageEvent.objects.create(message_id=message.pk, status=status, detail=receipt.detail[:500])
    return bool(changed)


def receipts_record_known(groups: list[tuple[str, list[tuple[object, Receipt]]]]) -> set[int]:
    """Apply many receipts at once: ``groups`` holds, per (channel, provider id), the (event, receipt)
    pairs that name it. Receipts whose provider id no message has are left alone (the caller handles them
    one by one, ``receipt_record``). Statuses only move forward, and several receipts for one message
    apply in their statuses' order. Returns the primary keys of the events dealt with."""
    from collections import defaultdict

    by_channel: dict[str, set[str]] = defaultdict(set)
    for channel, pairs in groups:
        by_channel[channel].add(pairs[0][1].provider_id)
    known: dict[tuple[str, str], int] = {}
    for channel, ids in by_channel.items():
        for pk, provider_id in Message.objects.filter(channel=channel, provider_id__in=ids).values_list(
            "pk", "provider_id"
        ):
            known[(channel, provider_id)] = pk
    steps: dict[S, list[tuple[int, str]]] = defaultdict(list)
    done: set[int] = set()
    for channel, pairs in groups:
        pk = known.get((channel, pairs[0][1].provider_id))
        if pk is None:
            continue
        for event, receipt in pairs:
            steps[S(receipt.status)].append((pk, receipt.detail[:500]))
            done.add(event.pk)
    now = timezone.now()
    for status in sorted(steps, key=lambda s: RANK[s]):
        details = dict(steps[status])
        changed = list(
            Message.objects.filter(pk__in=list(details), status__in=predecessors(status))
            .select_for_update()
            .values_list("pk", flat=True)
        )
        if not changed:
            continue
        update = {"status": status, "next_attempt_at": None, "status_changed_at": now}
        if status in FAILURES:
            for pk in changed:  # failures carry their own reason
                Message.objects.filter(pk=pk).update(**update, last_error=details[pk])
        else:
            Message.objects.filter(pk__in=changed).update(**update)
        MessageEvent.objects.bulk_create(
            [MessageEvent(message_id=pk, status=status, detail=details[pk]) for pk in changed]
        )
    return done


def _accepted_by_receipt(receipt: Receipt, *, channel: str, now) -> Message | None:
    """A receipt naming our key for a message whose provider id the outbox never recorded: its worker
    died between the provider's acceptance and the write. Record the acceptance now, ending the claim,
    so the message is not sent again when its lease runs out. ``None`` when no such message waits."""
    message = Message.objects.filter(channel=channel, key=receipt.key, provider_id="").only("pk").first()
    if message is None:  # unknown, or already recorded with another id (a second copy's receipt)
        return None
    accepted = Message.objects.filter(pk=message.pk, status=S.SENDING, provider_id="").update(
        provider_id=receipt.provider_id[:200], sent_at=now, next_attempt_at=None, claim="", status_changed_at=now
    )
    if accepted:
        MessageEvent.objects.create(
            message_id=message.pk, status=S.SENDING,
            detail=_("Accepted by the provider (%(id)s); known from its receipt.") % {"id": receipt.provider_id[:200]},
        )  # fmt: skip
    return message


def expire_unreceipted(*, now: datetime.datetime | None = None) -> int:
    """Messages a provider accepted but never confirmed within ``NOTIFICATIONS_RECEIPT_TIMEOUT`` (72 h)
    end as temporary failures."""
    now = now or timezone.now()
    cutoff = now - datetime.timedelta(seconds=settings.NOTIFICATIONS_RECEIPT_TIMEOUT)
    expired = 0
    while True:
        with transaction.atomic():
            ids = list(
                Message.objects.filter(status=S.SENDING, sent_at__lt=cutoff, next_attempt_at__isnull=True)
                .select_for_update(skip_locked=True)
                .values_list("pk", flat=True)[:1000]
            )
            if not ids:
                return expired
            Message.objects.filter(pk__in=ids, status=S.SENDING).update(
                status=S.TEMPORARY_FAILURE, status_changed_at=now, last_error="no delivery receipt within 72 hours"
            )
            MessageEvent.objects.bulk_create(
                [
                    MessageEvent(message_id=pk, status=S.TEMPORARY_FAILURE, detail=_("No delivery receipt."))
                    for pk in ids
                ]
            )
            expired += len(ids)


def template_save(
    *, actor, spec: MessageTemplate, channel: str, language: str, regency_code: str, subject: str, body: str
) -> TemplateVersion:
    """Add the next version of a template's text; refuses unknown placeholders."""
    subject = " ".join((subject or "").split())
    body = (body or "").strip()
    if not body:
        raise DomainError(_("Write the text of the message."))
    catalogue.check_text(spec, subject, body)
    return _add_version(actor=actor, spec=spec, channel=channel, language=language, regency_code=regency_code,
                        subject=subject, body=body, built_in=False)  # fmt: skip


def template_reset(*, actor, spec: MessageTemplate, channel: str, language: str, regency_code: str) -> TemplateVersion:
    """Go back to the built-in text (as a new version, so the history stays whole)."""
    return _add_version(actor=actor, spec=spec, channel=channel, language=language, regency_code=regency_code,
                        subject="", body="", built_in=True)  # fmt: skip


def _add_version(*, actor, spec, channel, language, regency_code, subject, body, built_in) -> TemplateVersion:
    try:
        with transaction.atomic():
            versions = TemplateVersion.objects.filter(
                regency_code=regency_code, template_key=spec.key, channel=channel, language=language
            )
            last = max(versions.select_for_update().values_list("version", flat=True), default=0)
            version = TemplateVersion.objects.create(
                template_key=spec.key, channel=channel, language=language, regency_code=regency_code,
                version=last + 1, built_in=built_in, subject=subject, body=body, created_by=actor,
            )  # fmt: skip
            audit_record(
                actor=actor,
                verb=NotificationVerb.TEMPLATE_RESET if built_in else NotificationVerb.TEMPLATE_EDITED,
                obj=version,
                after={"template": spec.key, "channel": channel, "language": language, "version": version.version},
            )
    except IntegrityError:
        raise DomainError(_("Someone saved this template at the same moment. Open it again and repeat.")) from None
    return version
