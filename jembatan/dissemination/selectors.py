"""Reads for dissemination: share texts, and reach figures computed in a fixed number of aggregate
queries (scalar subqueries, never a query per row), whatever the number of KIMs, items or opens."""

from __future__ import annotations

import datetime
import re
import urllib.parse
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Count, IntegerField, OuterRef, Q, QuerySet, Subquery, Sum, Value
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from jembatan.accounts.permissions import kims_for
from jembatan.communities.models import PUBLIC_STATUSES, Kim
from jembatan.dissemination.models import Channel, Dissemination, ShareLink, ShareLinkDay
from jembatan.newsroom.models import Item, ItemStatus
from jembatan.newsroom.presentation import absolute_url, renditions
from jembatan.regions.models import District

SHARE_TEXT_MAX = 700
RECENT_DAYS = 90
TOP_LIMIT = 20


# --- Scope ------------------------------------------------------------------------------------


def kims_of_pengurus(user) -> list[Kim]:
    """The legal KIMs (dikukuhkan, aktif, tidak aktif) this person is pengurus of, by name."""
    ids = kims_for(user)
    if not ids:
        return []
    return list(
        Kim.objects.filter(pk__in=ids, status__in=PUBLIC_STATUSES)
        .select_related("village__district__regency")
        .order_by("name", "pk")
    )


def shareable_item(*, slug: str, regency_code: str) -> Item | None:
    """A visible (published, not expired) item of the regency, or None."""
    return Item.objects.visible().filter(slug=slug, regency_id=regency_code).first()


def _recordable(regency_code: str) -> QuerySet[Item]:
    return Item.objects.filter(
        regency_id=regency_code, status__in=[ItemStatus.TERBIT, ItemStatus.DIARSIPKAN], published_at__lte=timezone.now()
    )


def recordable_items(*, regency_code: str, limit: int = 50) -> QuerySet[Item]:
    """Items a KIM may record a dissemination for: published (visible or since archived), newest first."""
    return _recordable(regency_code).order_by("-published_at", "-id")[:limit]


def recordable_item(*, slug: str, regency_code: str) -> Item | None:
    return _recordable(regency_code).filter(slug=slug).first()


def deletable_after() -> datetime.datetime:
    """Records created after this moment may still be deleted by whoever recorded them."""
    from jembatan.dissemination.services import DELETE_WINDOW

    return timezone.now() - DELETE_WINDOW


def recent_since(today: datetime.date | None = None) -> datetime.date:
    """The first day of the recent period (the last RECENT_DAYS days, today included)."""
    return (today or timezone.localdate()) - datetime.timedelta(days=RECENT_DAYS - 1)


def _sum(queryset: QuerySet, expression) -> Subquery:
    """A scalar subquery summing ``expression`` over ``queryset`` (0 when there is no row)."""
    return Coalesce(
        Subquery(queryset.order_by().annotate(_g=Value(1)).values("_g").annotate(s=expression).values("s")[:1]),
        0,
        output_field=IntegerField(),
    )


def shareable_items_for_kim(*, kim: Kim) -> QuerySet[Item]:
    """Visible items of the KIM's regency, newest first, each with ``opens``: the opens of this KIM's link."""
    link_opens = ShareLink.objects.filter(kim_id=kim.pk, item=OuterRef("pk")).values("opens")[:1]
    return (
        Item.objects.visible()
        .filter(regency_id=kim.regency_id)
        .annotate(opens=Coalesce(Subquery(link_opens), 0, output_field=IntegerField()))
        .order_by("-published_at", "-id")
    )


def disseminations_for_kim(*, kim: Kim) -> QuerySet[Dissemination]:
    return Dissemination.objects.filter(kim=kim).select_related("item", "recorded_by").order_by("-date", "-id")


# --- Share text -------------------------------------------------------------------------------


def share_url(link: ShareLink) -> str:
    return absolute_url(reverse("dissemination:open", kwargs={"code": link.code}))


def _first_sentences(text: str, count: int = 2) -> str:
    text = " ".join((text or "").split())
    sentences = re.split(r"(?<=[.!?])\s+", text)
    return " ".join(sentences[:count])


def _shorten(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    if limit <= 1:
        return ""
    cut = text[: limit - 1]
    if " " in cut:
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:") + "…"


def share_text(*, item: Item, kim: Kim, link: ShareLink) -> str:
    """The WhatsApp-ready message: the title in *bold*, one or two sentences of the summary, the KIM's
    link and where the information comes from; plain text, at most SHARE_TEXT_MAX characters. Written in
    the instance's language (the residents'), whatever the pengurus's interface language."""
    with translation.override(settings.LANGUAGE_CODE):
        source = _("Diskominfo %(regency)s") % {"regency": kim.village.district.regency}
        footer = _("Official information from %(source)s via %(kim)s") % {"source": source, "kim": kim.name}
    # WhatsApp reads * _ ~ ` as formatting marks: keep them out of the bold title.
    title = " ".join(re.sub(r"[*_~`]", "", item.title).split())
    url = share_url(link)
    head = f"*{_shorten(title, 150)}*"
    fixed = len(head) + len(url) + len(footer) + 6  # three blank-line separators
    summary = _shorten(_first_sentences(item.summary), max(SHARE_TEXT_MAX - fixed, 0))
    parts = [head, summary, url, footer] if summary else [head, url, footer]
    text = "\n\n".join(parts)
    return text[:SHARE_TEXT_MAX]


def whatsapp_url(text: str) -> str:
    return "https://wa.me/?text=" + urllib.parse.quote(text, safe="")


@dataclass
class ShareImage:
    url: str
    download_url: str
    width: int
    height: int
    alt: str


def share_image(item: Item) -> ShareImage | None:
    """The item's image for the kit: a mid-size JPEG to show and the largest JPEG to download."""
    sizes = renditions(item)  # narrowest first
    if not sizes:
        return None
    shown = next((size for size in sizes if size.width >= 640), sizes[-1])
    return ShareImage(
        url=shown.jpeg, download_url=sizes[-1].jpeg, width=shown.width, height=shown.height, alt=item.image_alt
    )


# --- Reach ------------------------------------------------------------------------------------


@dataclass
class ChannelReach:
    channel: str
    label: str
    disseminations: int
    audience: int


@dataclass
class ItemReach:
    opens: int = 0
    links: int = 0
    disseminations: int = 0
    audience: int = 0
    per_kim: list = field(default_factory=list)  # Kim rows with .opens, .record_count, .audience
    per_channel: list[ChannelReach] = field(default_factory=list)


def reach_for_item(item: Item, *, limit: int = TOP_LIMIT) -> ItemReach:
    """Opens of every KIM's link to ``item``, the dissemination records and the audience they counted,
    per channel and for the top ``limit`` KIMs. Three queries."""
    totals = ShareLink.objects.filter(item=item).aggregate(opens=Sum("opens"), links=Count("pk"))
    channel_rows = (
        Dissemination.objects.filter(item=item)
        .order_by()
        .values("channel")
        .annotate(n=Count("pk"), audience=Sum("audience"))
    )
    by_channel = {row["channel"]: row for row in channel_rows}
    per_channel = [
        ChannelReach(
            channel=value,
            label=str(label),
            disseminations=by_channel[value]["n"],
            audience=by_channel[value]["audience"] or 0,
        )
        for value, label in Channel.choices
        if value in by_channel
    ]
    records = Dissemination.objects.filter(item=item, kim=OuterRef("pk"))
    per_kim = list(
        Kim.objects.filter(
            Q(pk__in=ShareLink.objects.filter(item=item).values("kim_id"))
            | Q(pk__in=Dissemination.objects.filter(item=item).values("kim_id"))
        )
        .select_related("village__district")
        .annotate(
            opens=_sum(ShareLink.objects.filter(item=item, kim=OuterRef("pk")), Sum("opens")),
            record_count=_sum(records, Count("pk")),
            audience=_sum(records, Sum("audience")),
        )
        .order_by("-opens", "-audience", "name", "pk")[:limit]
    )
    return ItemReach(
        opens=totals["opens"] or 0,
        links=totals["links"] or 0,
        disseminations=sum(c.disseminations for c in per_channel),
        audience=sum(c.audience for c in per_channel),
        per_kim=per_kim,
        per_channel=per_channel,
    )


@dataclass
class KimReach:
    items: int = 0
    opens: int = 0
    disseminations: int = 0
    audience: int = 0
    recent_items: int = 0
    recent_opens: int = 0
    recent_disseminations: int = 0
    recent_audience: int = 0
    recent_days: int = RECENT_DAYS


def reach_for_kim(kim: Kim, *, today: datetime.date | None = None) -> KimReach:
    """What one KIM carried: items shared (a link made or a dissemination recorded), link opens,
    dissemination records and the audience they counted, all time and over the last RECENT_DAYS days.
    One query."""
    since = recent_since(today)
    since_start = timezone.make_aware(datetime.datetime.combine(since, datetime.time.min))
    links = ShareLink.objects.filter(kim_id=kim.pk)
    records = Dissemination.objects.filter(kim_id=kim.pk)
    recent_records = records.filter(date__gte=since)
    # The items shared are counted over the KIM's own links and records (a UNION of two small sets), never
    # by scanning the news table for items in either: with a million items that scan took 86 ms.
    shared_sql = (
        f"SELECT COUNT(*) FROM (SELECT item_id FROM {ShareLink._meta.db_table} WHERE kim_id = %s{{link_since}} "  # noqa: S608
        f"UNION SELECT item_id FROM {Dissemination._meta.db_table} WHERE kim_id = %s{{record_since}}) AS shared"
    )
    shared = RawSQL(shared_sql.format(link_since="", record_since=""), [kim.pk, kim.pk])  # noqa: S611 - values are parameters
    recent_shared = RawSQL(  # noqa: S611 - table names from the models, values as parameters
        shared_sql.format(link_since=" AND created_at >= %s", record_since=" AND date >= %s"),
        [kim.pk, since_start, kim.pk, since],
    )
    row = (
        Kim.objects.filter(pk=kim.pk)
        .values("pk")
        .annotate(
            items=shared,
            opens=_sum(links, Sum("opens")),
            disseminations=_sum(records, Count("pk")),
            audience=_sum(records, Sum("audience")),
            recent_items=recent_shared,
            recent_opens=_sum(ShareLinkDay.objects.filter(link__kim_id=kim.pk, day__gte=since), Sum("opens")),
            recent_disseminations=_sum(recent_records, Count("pk")),
            recent_audience=_sum(recent_records, Sum("audience")),
        )
        .first()
    )
    if row is None:
        return KimReach()
    row.pop("pk")
    return KimReach(**row)


@dataclass
class DistrictReach:
    rows: list  # District rows with .kims, .kims_taking_part, .opens, .disseminations, .audience
    kims: int = 0
    kims_taking_part: int = 0
    opens: int = 0
    disseminations: int = 0
    audience: int = 0


def reach_by_district(regency_code: str, since: datetime.date | None = None) -> DistrictReach:
    """Per kecamatan of the regency: legal KIMs, KIMs that recorded a dissemination, link opens,
    disseminations and audience (from ``since``, a local date, when given). One query."""
    district = OuterRef("pk")
    kims = Kim.objects.filter(village__district=district, status__in=PUBLIC_STATUSES)
    records = Dissemination.objects.filter(kim__village__district=district)
    if since is not None:
        records = records.filter(date__gte=since)
        opens = _sum(ShareLinkDay.objects.filter(link__kim__village__district=district, day__gte=since), Sum("opens"))
    else:
        opens = _sum(ShareLink.objects.filter(kim__village__district=district), Sum("opens"))
    rows = list(
        District.objects.filter(regency_id=regency_code)
        .annotate(
            kims=_sum(kims, Count("pk")),
            kims_taking_part=_sum(records, Count("kim_id", distinct=True)),
            opens=opens,
            disseminations=_sum(records, Count("pk")),
            audience=_sum(records, Sum("audience")),
        )
        .order_by("name", "code")
    )
    return DistrictReach(
        rows=rows,
        kims=sum(r.kims for r in rows),
        kims_taking_part=sum(r.kims_taking_part for r in rows),
        opens=sum(r.opens for r in rows),
        disseminations=sum(r.disseminations for r in rows),
        audience=sum(r.audience for r in rows),
    )


def top_items(regency_code: str, *, since: datetime.date | None = None, limit: int = 10) -> list[Item]:
    """The items of the regency that reached most people through KIMs: by link opens, then audience.
    Each carries .opens, .kims (links made), .record_count (disseminations) and .audience. One query."""
    item = OuterRef("pk")
    records = Dissemination.objects.filter(item=item)
    if since is not None:
        records = records.filter(date__gte=since)
        opens = _sum(ShareLinkDay.objects.filter(link__item=item, day__gte=since), Sum("opens"))
    else:
        opens = _sum(ShareLink.objects.filter(item=item), Sum("opens"))
    return list(
        Item.objects.filter(regency_id=regency_code)
        .filter(Q(pk__in=ShareLink.objects.values("item_id")) | Q(pk__in=Dissemination.objects.values("item_id")))
        .annotate(
            opens=opens,
            kims=_sum(ShareLink.objects.filter(item=item), Count("pk")),
            record_count=_sum(records, Count("pk")),
            audience=_sum(records, Sum("audience")),
        )
        .order_by("-opens", "-audience", "-published_at", "-pk")[:limit]
    )
