"""Reads for the newsroom."""

from __future__ import annotations

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from jembatan.core import tenancy
from jembatan.newsroom.models import (
    Correction,
    CorrectionStatus,
    Item,
    ItemImage,
    ItemKind,
    ItemStatus,
    JargonTerm,
    Topic,
)
from jembatan.regions.models import Village


def public_correction(item: Item, pk: int) -> Correction | None:
    """A published correction of a public item that changed its text (it has a revision to compare)."""
    return (
        Correction.objects.filter(item=item, pk=pk, status=CorrectionStatus.PUBLISHED, revision__isnull=False)
        .select_related("revision")
        .first()
    )


def public_item(slug: str) -> Item | None:
    """A published item by its address, with what its page shows. Archived or expired items stay
    reachable (links were shared) and say so; drafts and scheduled items are not found."""
    return (
        Item.objects.filter(
            slug=slug,
            regency_id=tenancy.regency_code(),
            status__in=[ItemStatus.TERBIT, ItemStatus.DIARSIPKAN],
            published_at__lte=timezone.now(),
        )
        .select_related("district", "village", "agency", "kim", "regency")
        .prefetch_related(
            "topics",
            "gallery",
            Prefetch(
                "corrections",
                queryset=Correction.objects.filter(status=CorrectionStatus.PUBLISHED).order_by("created_at"),
            ),
        )
        .first()
    )


def topics_for(regency_code: str) -> QuerySet[Topic]:
    return Topic.objects.filter(regency_id=regency_code).order_by("name")


def subscription_topics(regency_code: str) -> list[tuple[str, str]]:
    """The topics people may subscribe to (the registry's ``subscription_topics``)."""
    return list(topics_for(regency_code).values_list("slug", "name"))


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


# --- Public reading: lists, feeds, sitemap, the kelurahan home ----------------------------------------
# Every function below returns only what anyone may read, in a fixed number of queries whatever the
# number of items. The list and feed queries load only the columns their pages show.

CARD_FIELDS = (
    "kind", "title", "slug", "summary", "published_at", "image_alt", "image_renditions",
    "district__code", "district__name", "village__code", "village__name",
    "kim__name", "kim__slug", "kim__status",
)  # fmt: skip
LATEST_ON_HOME = 5
LATEST_IN_FEEDS = 50
LATEST_FOR_VILLAGE = 10
AGENDAS_FOR_VILLAGE = 5


def _whole_city() -> Q:
    return Q(district__isnull=True, village__isnull=True)


def public_item_cards(
    *, regency_code: str, topic: Topic | None = None, district_code: str = "", kind: str = ""
) -> QuerySet[Item]:
    """Visible items for the public list, newest first. A kecamatan filter keeps what a resident of
    that kecamatan should see: items for the kecamatan, for its kelurahan, and for the whole city."""
    queryset = Item.objects.visible().filter(regency_id=regency_code)
    if topic is not None:
        queryset = queryset.filter(topics=topic)
    if district_code:
        queryset = queryset.filter(Q(district_id=district_code) | _whole_city())
    if kind:
        queryset = queryset.filter(kind=kind)
    return queryset.select_related("district", "village", "kim").only(*CARD_FIELDS).order_by("-published_at", "-id")


def public_image_renditions(pk: int, *, now=None) -> dict | None:
    """The renditions of a published (or archived) item's images (main image and further photos), or
    None when the item is not public."""
    main = (
        Item.objects.filter(
            pk=pk, status__in=[ItemStatus.TERBIT, ItemStatus.DIARSIPKAN], published_at__lte=now or timezone.now()
        )
        .values_list("image_renditions", flat=True)
        .first()
    )
    if main is None:
        return None
    return {"sizes": list((main or {}).get("sizes", [])) + gallery_rendition_sizes(pk)}


def gallery_rendition_sizes(pk: int) -> list:
    sizes: list = []
    for renditions in ItemImage.objects.filter(item_id=pk).values_list("renditions", flat=True):
        sizes += (renditions or {}).get("sizes", [])
    return sizes


def latest_public_items(*, regency_code: str, limit: int = LATEST_ON_HOME) -> list[Item]:
    return list(public_item_cards(regency_code=regency_code)[:limit])


def feed_items(*, regency_code: str, topic: Topic | None = None, district_code: str = "") -> list[Item]:
    """The latest visible items with their full content and topics, for the feeds."""
    queryset = Item.objects.visible().filter(regency_id=regency_code)
    if topic is not None:
        queryset = queryset.filter(topics=topic)
    if district_code:
        queryset = queryset.filter(Q(district_id=district_code) | _whole_city())
    return list(
        queryset.select_related("district", "village", "agency", "kim")
        .prefetch_related(Prefetch("topics", queryset=Topic.objects.order_by("name")))
        .order_by("-published_at", "-id")[:LATEST_IN_FEEDS]
    )


def public_topic(*, regency_code: str, slug: str) -> Topic | None:
    return Topic.objects.filter(regency_id=regency_code, slug=slug).first()


def sitemap_items(*, regency_code: str) -> QuerySet[Item]:
    return Item.objects.visible().filter(regency_id=regency_code).only("slug", "published_at").order_by("-id")


def _for_village(village) -> Q:
    return Q(village_id=village.code) | Q(village__isnull=True, district_id=village.district_id) | _whole_city()


def village_items(*, village, limit: int = LATEST_FOR_VILLAGE) -> list[Item]:
    """What matters for one kelurahan: items for it, for its kecamatan and for the whole city."""
    regency_code = village.district.regency_id
    return list(
        Item.objects.visible()
        .filter(_for_village(village), regency_id=regency_code)
        .select_related("district", "village", "kim")
        .only(*CARD_FIELDS)
        .order_by("-published_at", "-id")[:limit]
    )


def village_agendas(*, village, now=None, limit: int = AGENDAS_FOR_VILLAGE) -> list[Item]:
    """Agendas for that kelurahan that have not ended yet, soonest first."""
    now = now or timezone.now()
    not_over = Q(event_ends_at__gte=now) | Q(event_ends_at__isnull=True, event_starts_at__gte=now)
    return list(
        Item.objects.visible(now)
        .filter(_for_village(village), not_over, regency_id=village.district.regency_id, kind=ItemKind.AGENDA)
        .only("title", "slug", "event_starts_at", "event_ends_at", "event_place")
        .order_by("event_starts_at", "id")[:limit]
    )


def public_village(*, regency_code: str, code: str) -> Village | None:
    return Village.objects.select_related("district").filter(code=code[:13], district__regency_id=regency_code).first()
