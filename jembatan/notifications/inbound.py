"""Webhooks in: verify, store, answer at once; handle the stored events in the background.

``receive`` runs in the request: it checks the provider's signature (403 and nothing stored when it
is wrong), parses the body, stores each receipt and message as an ``InboundEvent`` (the provider's
event id is unique, so a replayed delivery stores nothing new) and queues ``handle_pending`` in the
same transaction. ``handle_pending`` applies receipts (forward-only statuses) and passes messages to
the chat flows; a periodic job picks up anything a lost task left behind.
"""

from __future__ import annotations

import datetime
import json
import logging

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from jembatan.core.background import enqueue_with_transaction
from jembatan.notifications import channels
from jembatan.notifications.channels.base import Inbound, Receipt
from jembatan.notifications.models import InboundEvent

logger = logging.getLogger(__name__)


class Rejected(Exception):
    def __init__(self, http_status: int, reason: str) -> None:
        super().__init__(reason)
        self.http_status = http_status
        self.reason = reason


def receive(channel: str, request) -> int:
    """Store the events of one webhook request; returns how many were new."""
    adapter = channels.adapter(channel)
    if adapter is None:
        raise Rejected(404, "channel not configured")
    reason = adapter.verify_webhook(request)
    if reason is not None:
        raise Rejected(403, reason)
    try:
        payload = json.loads(request.body or b"{}")
    except ValueError:
        raise Rejected(400, "not JSON") from None
    if not isinstance(payload, dict):
        raise Rejected(400, "not a JSON object")
    receipts, messages = adapter.parse_webhook(payload)
    events = [
        InboundEvent(channel=channel, event_id=f"r:{r.provider_id}:{r.status}"[:200],
                     payload=json.dumps({"receipt": r.__dict__}))
        for r in receipts
    ] + [
        InboundEvent(channel=channel, event_id=f"m:{m.event_id}"[:200], payload=json.dumps({"message": m.__dict__}))
        for m in messages
    ]  # fmt: skip
    if not events:
        return 0
    from jembatan.notifications.tasks import handle_inbound_task

    with transaction.atomic():
        known = set(
            InboundEvent.objects.filter(channel=channel, event_id__in=[e.event_id for e in events]).values_list(
                "event_id", flat=True
            )
        )
        new = [event for event in events if event.event_id not in known]
        InboundEvent.objects.bulk_create(new, ignore_conflicts=True)
        if new:
            enqueue_with_transaction(handle_inbound_task)
    return len(new)


# A receipt can arrive before the sending worker has recorded the provider's id: it waits and is tried
# again (at once when that worker records it, else by the minute job), for up to an hour.
RECEIPT_WAIT = datetime.timedelta(hours=1)
RECEIPT_RETRY = datetime.timedelta(seconds=30)


def handle_pending(*, limit: int = 200, only: list[str] | None = None, channel: str = "") -> int:
    """Handle stored events in arrival order; returns how many were handled."""
    handled = 0
    while handled < limit:
        with transaction.atomic():
            waiting = InboundEvent.objects.filter(handled_at__isnull=True)
            if only is not None:  # a replay: the events are due now, whatever their retry time
                waiting = waiting.filter(channel=channel, event_id__in=only)
            else:
                waiting = waiting.filter(Q(retry_at__isnull=True) | Q(retry_at__lte=timezone.now()))
            events = list(
                waiting.select_for_update(skip_locked=True).order_by("id")[: min(RECEIPT_BATCH, limit - handled)]
            )
            if not events:
                return handled
            rest = _apply_receipts(events)  # the common case, many at once
            handled += len(events) - len(rest)
            for event in rest:  # chat messages, and receipts for messages not (yet) known by their id
                handled += _handle(event)
    return handled


RECEIPT_BATCH = 100


def _apply_receipts(events: list[InboundEvent]) -> list[InboundEvent]:
    """Apply the receipts among ``events`` whose messages are known by their provider id, a few statements
    for the whole batch (a broadcast brings receipts by the thousand); returns the events left to handle
    one by one."""
    from jembatan.notifications import services

    receipts: dict[tuple[str, str], list[tuple[InboundEvent, Receipt]]] = {}
    rest = []
    for event in events:
        data = json.loads(event.payload)
        if "receipt" in data:
            receipt = Receipt(**data["receipt"])
            receipts.setdefault((event.channel, receipt.provider_id), []).append((event, receipt))
        else:
            rest.append(event)
    if not receipts:
        return rest
    done = services.receipts_record_known([(channel, pairs) for (channel, _id), pairs in receipts.items()])
    finished = [event for pairs in receipts.values() for event, _receipt in pairs if event.pk in done]
    InboundEvent.objects.filter(pk__in=[event.pk for event in finished]).update(handled_at=timezone.now())
    rest += [event for pairs in receipts.values() for event, _receipt in pairs if event.pk not in done]
    return sorted(rest, key=lambda event: event.pk)


def _handle(event: InboundEvent) -> int:
    """Handle one event: 1 when it is done with (applied, answered or given up), 0 when it waits."""
    from jembatan.notifications import chat, services

    data = json.loads(event.payload)
    now = timezone.now()
    try:
        with transaction.atomic():
            if "receipt" in data:
                services.receipt_record(Receipt(**data["receipt"]), channel=event.channel)
            else:
                message = Inbound(**data["message"])
                chat.handle(event.channel, message)
                adapter = channels.adapter(event.channel)
                if adapter is not None:
                    transaction.on_commit(lambda: adapter.acknowledge(message))
    except services.UnknownMessage:
        if now - event.received_at < RECEIPT_WAIT:
            event.retry_at = now + RECEIPT_RETRY
            event.save(update_fields=["retry_at"])
            return 0
        event.error = "no message has this provider id"
    except Exception as exc:  # noqa: BLE001 - recorded on the event; the others go on
        logger.exception("Inbound event %s could not be handled.", event.pk)
        event.error = f"{type(exc).__name__}: {exc}"[:500]
    event.handled_at = now
    event.save(update_fields=["handled_at", "error"])
    return 1


def replay_receipts(channel: str, provider_id: str) -> int:
    """The receipts that arrived before the outbox knew ``provider_id``: apply them now (one indexed query)."""
    return replay_receipts_for([(channel, provider_id)])


def replay_receipts_for(sent: list[tuple[str, str]]) -> int:
    """The same for a batch of (channel, provider id): one indexed query finds whether any waits."""
    from jembatan.notifications.statuses import MessageStatus

    if not InboundEvent.objects.filter(handled_at__isnull=True, retry_at__isnull=False).exists():
        return 0  # the common case, answered by the small index of events still to handle
    by_channel: dict[str, list[str]] = {}
    for channel, provider_id in sent:
        by_channel.setdefault(channel, []).extend(f"r:{provider_id}:{status}"[:200] for status in MessageStatus.values)
    applied = 0
    for channel, candidates in by_channel.items():
        waiting = list(
            InboundEvent.objects.filter(channel=channel, event_id__in=candidates, handled_at__isnull=True).values_list(
                "event_id", flat=True
            )
        )
        if waiting:
            applied += handle_pending(only=waiting, channel=channel)
    return applied
