"""Statuses only move forward, whatever order the provider's receipts arrive in."""

from __future__ import annotations

import pytest
from django.utils import timezone

from jembatan.notifications import services
from jembatan.notifications.channels.base import Receipt
from jembatan.notifications.models import Message
from jembatan.notifications.statuses import MessageStatus as S
from jembatan.notifications.statuses import may_follow


def test_the_order_of_statuses():
    assert may_follow(S.CREATED, S.SENDING) and may_follow(S.SENDING, S.DELIVERED)
    assert may_follow(S.DELIVERED, S.READ)
    assert not may_follow(S.READ, S.DELIVERED)  # a late "delivered" never overwrites "read"
    assert may_follow(S.DELIVERED, S.PERMANENT_FAILURE)  # a bounce after acceptance
    assert not may_follow(S.PERMANENT_FAILURE, S.DELIVERED)
    assert not may_follow(S.DELIVERED, S.SENDING)
    assert not may_follow(S.SENDING, S.CREATED)
    assert may_follow(S.CREATED, S.CANCELLED) and not may_follow(S.DELIVERED, S.CANCELLED)
    assert not may_follow(S.CANCELLED, S.SENDING)


def _sent(provider_id: str) -> Message:
    return Message.objects.create(
        key=provider_id, channel="whatsapp", recipient="+6281234567890", recipient_hash="h",
        template_key="notifications.test", language="id", body="Halo", status=S.SENDING,
        provider_id=provider_id, sent_at=timezone.now(),
    )  # fmt: skip


def test_receipts_in_any_order_end_at_the_furthest_status(db):
    message = _sent("wamid.1")
    assert services.receipt_record(Receipt("wamid.1", S.READ), channel="whatsapp")
    assert not services.receipt_record(Receipt("wamid.1", S.DELIVERED), channel="whatsapp")
    message.refresh_from_db()
    assert message.status == S.READ
    assert [event.status for event in message.events.all()] == [S.READ]


def test_a_failure_may_follow_delivered_and_is_kept(db):
    message = _sent("wamid.2")
    services.receipt_record(Receipt("wamid.2", S.DELIVERED), channel="whatsapp")
    services.receipt_record(Receipt("wamid.2", S.PERMANENT_FAILURE, "131026 undeliverable"), channel="whatsapp")
    services.receipt_record(Receipt("wamid.2", S.DELIVERED), channel="whatsapp")
    message.refresh_from_db()
    assert (message.status, message.last_error) == (S.PERMANENT_FAILURE, "131026 undeliverable")


def test_a_receipt_for_an_unknown_message_or_another_channel_changes_nothing(db):
    message = _sent("wamid.3")
    with pytest.raises(services.UnknownMessage):
        services.receipt_record(Receipt("wamid.3", S.DELIVERED), channel="telegram")
    with pytest.raises(services.UnknownMessage):
        services.receipt_record(Receipt("tidak-ada", S.DELIVERED), channel="whatsapp")
    message.refresh_from_db()
    assert message.status == S.SENDING


def test_a_message_with_no_receipt_in_72_hours_is_a_temporary_failure(db):
    old, recent = _sent("wamid.4"), _sent("wamid.5")
    Message.objects.filter(pk=old.pk).update(sent_at=timezone.now() - timezone.timedelta(hours=73))
    assert services.expire_unreceipted() == 1
    old.refresh_from_db()
    recent.refresh_from_db()
    assert (old.status, recent.status) == (S.TEMPORARY_FAILURE, S.SENDING)
    assert services.expire_unreceipted() == 0
