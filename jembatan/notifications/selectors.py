"""Reading the outbox for staff: the filtered list, one message's history, the daily summary."""

from __future__ import annotations

import datetime
import json

from django.db.models import Count
from django.db.models.functions import TruncDate
from django.utils import timezone

from jembatan.core.privacy import mask_email, mask_phone
from jembatan.notifications import catalogue
from jembatan.notifications.models import Channel, Message
from jembatan.notifications.statuses import MessageStatus


def outbox_list(
    *, regency_code: str, status: str = "", channel: str = "", template_key: str = "", broadcast_id: int | None = None
):
    messages = Message.objects.filter(regency_code=regency_code).defer("personalisation", "subject", "body")
    if broadcast_id:
        messages = messages.filter(broadcast_id=broadcast_id)
    if status:
        messages = messages.filter(status=status)
    if channel:
        messages = messages.filter(channel=channel)
    if template_key:
        messages = messages.filter(template_key=template_key)
    return messages.order_by("-created_at", "-id")


def masked_recipient(message: Message) -> str:
    if message.channel == Channel.EMAIL:
        return mask_email(message.recipient)
    if message.channel in (Channel.WHATSAPP, Channel.SMS):
        return mask_phone(message.recipient)
    return message.recipient[:2] + "…"


# Placeholders whose values open something private (a reporter's link, an unsubscribe or password link).
SECRET_PLACEHOLDERS = {"link", "unsubscribe"}


def readable_text(message: Message) -> str:
    """The message as sent, with its private links replaced, for staff to read."""
    text = message.body
    try:
        values = json.loads(message.personalisation or "{}")
    except ValueError:
        values = {}
    for name in SECRET_PLACEHOLDERS:
        value = values.get(name)
        if value:
            text = text.replace(value, "[…]")
    return text


def template_labels() -> dict[str, str]:
    """Each template's label in the active language, by key."""
    return {key: str(spec.label) for key, spec in catalogue.templates().items()}


def daily_summary(*, regency_code: str, days: int = 7, today: datetime.date | None = None) -> list[dict]:
    """Messages created per day, channel and status over the last ``days`` days (one grouped query)."""
    today = today or timezone.localdate()
    start = timezone.make_aware(datetime.datetime.combine(today - datetime.timedelta(days=days - 1), datetime.time()))
    rows = (
        Message.objects.filter(regency_code=regency_code, created_at__gte=start)
        .annotate(day=TruncDate("created_at", tzinfo=timezone.get_current_timezone()))
        .values("day", "channel", "status")
        .annotate(count=Count("id"))
        .order_by("-day", "channel", "status")
    )
    summary: dict[tuple, dict] = {}
    for row in rows:
        entry = summary.setdefault(
            (row["day"], row["channel"]),
            {"day": row["day"], "channel": Channel(row["channel"]).label, "total": 0, "by_status": []},
        )
        entry["by_status"].append((MessageStatus(row["status"]).label, row["count"]))
        entry["total"] += row["count"]
    return list(summary.values())
