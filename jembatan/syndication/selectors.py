"""Reads for syndication, always within the viewer's regency."""

from __future__ import annotations

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from jembatan.syndication.models import EntryStatus, Feed, FeedEntry


def feed_list(*, regency_code: str) -> QuerySet[Feed]:
    return Feed.objects.filter(regency_id=regency_code).order_by("-is_active", "title", "pk")


def feed_for_staff(*, regency_code: str, pk: int) -> Feed:
    return get_object_or_404(Feed, regency_id=regency_code, pk=pk)


def feed_entries(*, feed: Feed) -> QuerySet[FeedEntry]:
    return feed.entries.select_related("duplicate_of__feed").order_by("-fetched_at", "-pk")


def entry_for_staff(*, regency_code: str, pk: int) -> FeedEntry:
    return get_object_or_404(FeedEntry.objects.select_related("feed"), feed__regency_id=regency_code, pk=pk)


def entry_queue(*, regency_code: str) -> QuerySet[FeedEntry]:
    """New entries not yet acted on, without near-duplicates of entries already in the queue or handled."""
    return (
        FeedEntry.objects.filter(feed__regency_id=regency_code, status=EntryStatus.BARU, duplicate_of__isnull=True)
        .select_related("feed")
        .order_by("-fetched_at", "-pk")
    )
