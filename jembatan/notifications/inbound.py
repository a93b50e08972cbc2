"""Webhooks in: verify, store, answer at once; handle the stored events in the background.

``receive`` runs in the request: it checks the provider's signature (403 and nothing stored when it
is wrong), parses the body, stores each receipt and message as an ``InboundEvent`` (the provider's
event id is unique, so a replayed delivery stores nothing new) and queues ``handle_pending`` in the
same transaction. ``handle_pending`` applies receipts (forward-only statuses) and passes messages to
the chat flows; a periodic job picks up anything a lost task left behind.
"""

from __future__ import annotations

import json
import logging

from django.db import transaction
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


def handle_pending(*, limit: int = 200) -> int:
    """Handle stored events in arrival order; returns how many were handled."""
    from jembatan.notifications import chat, services

    handled = 0
    while handled < limit:
        with transaction.atomic():
            event = (
                InboundEvent.objects.select_for_update(skip_locked=True)
                .filter(handled_at__isnull=True)
                .order_by("id")
                .first()
            )
            if event is None:
                return handled
            data = json.loads(event.payload)
            try:
                with transaction.atomic():
                    if "receipt" in data:
                        services.receipt_record(Receipt(**data["receipt"]), channel=event.channel)
                    else:
                        chat.handle(event.channel, Inbound(**data["message"]))
            except Exception as exc:  # noqa: BLE001 - recorded on the event; the others go on
                logger.exception("Inbound event %s could not be handled.", event.pk)
                event.error = f"{type(exc).__name__}: {exc}"[:500]
            event.handled_at = timezone.now()
            event.save(update_fields=["handled_at", "error"])
            handled += 1
    return handled
