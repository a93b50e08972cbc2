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


def desk_items(*, regency_code: str) -> QuerySet[Item]:
    return (
        Item.objects.filter(regency_id=regency_code)
        .select_related("author", "kim")
        .only("pk", "title", "kind", "status", "updated_at", "published_at", "author__full_name", "kim__name")
        .order_by("-updated_at", "-id")
    )


def desk_counts(*, regency_code: str) -> dict[str, int]:
    from django.db.models import Count

    rows = Item.objects.filter(regency_id=regency_code).values("status").annotate(n=Count("id")).order_by()
    return {row["status"]: row["n"] for row in rows}
