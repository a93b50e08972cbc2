"""Reads for events."""

from __future__ import annotations

import datetime

from django.utils import timezone

from jembatan.literacy.models import EventStatus, LiteracyEvent


def public_events(*, regency_code: str, now: datetime.datetime | None = None):
    """Published events not yet ended, soonest first."""
    now = now or timezone.now()
    return (
        LiteracyEvent.objects.filter(regency_id=regency_code, status=EventStatus.PUBLISHED, ends_at__gte=now)
        .select_related("village", "kim", "agency")
        .order_by("starts_at", "id")
    )


def public_event(*, regency_code: str, slug: str) -> LiteracyEvent | None:
    return (
        LiteracyEvent.objects.filter(regency_id=regency_code, slug=slug)
        .exclude(status=EventStatus.DRAFT)
        .select_related("village__district", "kim", "agency")
        .first()
    )


def organiser_name(event) -> str:
    """Who runs the event, as the public pages and the calendars name it."""
    from jembatan.core import tenancy

    if event.kim_id:
        return event.kim.name
    if event.agency_id:
        return event.agency.name
    return tenancy.organisation(event.regency_id)
