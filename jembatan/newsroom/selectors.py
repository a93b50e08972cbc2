"""Reads for the newsroom."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet

from jembatan.newsroom.models import Correction, Item, JargonTerm, Topic


def public_items(*, regency_code: str | None = None) -> QuerySet[Item]:
    queryset = Item.objects.visible().select_related("district", "village", "agency", "kim")
    if regency_code:
        queryset = queryset.filter(regency_id=regency_code)
    return queryset.order_by("-published_at", "-id")


def public_item(slug: str) -> Item | None:
    """A published item by its address, with what its page shows. Archived or expired items stay
    reachable (links were shared) and say so; drafts and scheduled items are not found."""
    return (
        Item.objects.filter(slug=slug, status__in=["terbit", "diarsipkan"], published_at__isnull=False)
        .select_related("district", "village", "agency", "kim", "regency")
        .prefetch_related("topics", Prefetch("corrections", queryset=Correction.objects.order_by("created_at")))
        .first()
    )


def topics_for(regency_code: str) -> QuerySet[Topic]:
    return Topic.objects.filter(regency_id=regency_code).order_by("name")


def jargon_for(regency_code: str) -> dict[str, str]:
    return dict(JargonTerm.objects.filter(regency_id=regency_code).values_list("term", "plain"))
