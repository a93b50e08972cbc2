"""The KIM scorecard: what each KIM did in a month, scored against a rubric each regency may change.

Four kinds of work, each from the records the KIM and the other capabilities already keep:

- **activity**: disseminations recorded, residents' meetings held (days with a dissemination at a meeting),
  community news published, events organised;
- **reach**: people reached by the disseminations, opens of the KIM's share links;
- **literacy**: its officers trained (checked in at an event, once per person), doubtful messages its
  officers sent for checking ("cek pesan ini" signed in, on behalf of the KIM);
- **responsiveness**: reports relayed for residents, and the share of them answered.

Each figure earns ``weight × min(figure / target, 1)`` points; the weights add up to 100. The rubric
(targets and weights) is the regency's (``ScorecardRubric``), defaulting to ``DEFAULT_RUBRIC``; the page
shows it, so a KIM knows how it is scored. Figures are counted with one grouped query per source for all
the regency's KIMs at once.
"""

from __future__ import annotations

import calendar
import datetime
from dataclasses import dataclass

from django.db.models import Count, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

COMPONENTS = (
    ("disseminations", _("Disseminations recorded"), _("activity")),
    ("meetings", _("Residents' meetings held"), _("activity")),
    ("community_news", _("Community news published"), _("activity")),
    ("events_run", _("Events organised"), _("activity")),
    ("people_reached", _("People reached"), _("reach")),
    ("link_opens", _("Share-link opens"), _("reach")),
    ("officers_trained", _("Officers trained"), _("literacy")),
    ("hoax_reports", _("Doubtful messages sent for checking"), _("literacy")),
    ("relayed", _("Reports relayed for residents"), _("responsiveness")),
    ("answered_percent", _("Relayed reports answered (%)"), _("responsiveness")),
)
KEYS = [key for key, _label, _kind in COMPONENTS]
DEFAULT_RUBRIC = {
    "disseminations": {"target": 8, "weight": 15},
    "meetings": {"target": 1, "weight": 10},
    "community_news": {"target": 2, "weight": 10},
    "events_run": {"target": 1, "weight": 5},
    "people_reached": {"target": 200, "weight": 10},
    "link_opens": {"target": 100, "weight": 5},
    "officers_trained": {"target": 2, "weight": 15},
    "hoax_reports": {"target": 1, "weight": 10},
    "relayed": {"target": 2, "weight": 10},
    "answered_percent": {"target": 100, "weight": 10},
}


def rubric_for(regency_code: str) -> dict:
    from jembatan.literacy.models import ScorecardRubric

    found = ScorecardRubric.objects.filter(regency_id=regency_code).first()
    rubric = {key: dict(value) for key, value in DEFAULT_RUBRIC.items()}
    if found is not None:
        for key in KEYS:
            stored = found.rubric.get(key)
            if stored is None:
                # A figure added after the regency wrote its rubric scores nothing until they give it a weight:
                # their weights still add up to 100.
                rubric[key]["weight"] = 0
                continue
            rubric[key].update({k: int(v) for k, v in stored.items() if k in ("target", "weight")})
    return rubric


def month_bounds(year: int, month: int) -> tuple[datetime.datetime, datetime.datetime]:
    tz = timezone.get_current_timezone()
    start = datetime.datetime(year, month, 1, tzinfo=tz)
    end = start + datetime.timedelta(days=calendar.monthrange(year, month)[1])
    return start, end


def figures(regency_code: str, year: int, month: int, *, only: int | None = None) -> dict[int, dict[str, float]]:
    """Every KIM's figures for the month (KIMs with nothing done are absent: all zero); ``only`` one KIM's."""
    from jembatan.aspirations.models import Aspiration
    from jembatan.clarifications.models import CheckRequest
    from jembatan.dissemination.models import Channel, Dissemination, ShareLinkDay
    from jembatan.literacy.models import EventStatus, LiteracyEvent, Registration
    from jembatan.newsroom.models import Item

    start, end = month_bounds(year, month)
    out: dict[int, dict[str, float]] = {}

    def put(rows, kim_field: str, **names):
        if only is not None:
            rows = rows.filter(**{kim_field: only})
        for row in rows:
            found = out.setdefault(row[kim_field], {})
            for key, field in names.items():
                found[key] = float(row[field] or 0)

    put(Dissemination.objects.filter(kim__regency_id=regency_code, date__gte=start.date(), date__lt=end.date())
        .values("kim_id").annotate(n=Count("id"), reach=Sum("audience")),
        "kim_id", disseminations="n", people_reached="reach")  # fmt: skip
    # A residents' meeting is a day on which the KIM passed something on at a meeting (several items, one meeting).
    put(Dissemination.objects.filter(kim__regency_id=regency_code, channel=Channel.MEETING, date__gte=start.date(),
                                     date__lt=end.date()).values("kim_id").annotate(n=Count("date", distinct=True)),
        "kim_id", meetings="n")  # fmt: skip
    put(CheckRequest.objects.filter(kim__regency_id=regency_code, created_at__gte=start, created_at__lt=end)
        .values("kim_id").annotate(n=Count("id")),
        "kim_id", hoax_reports="n")  # fmt: skip
    put(Item.objects.filter(kim__regency_id=regency_code, status="terbit", published_at__gte=start,
                            published_at__lt=end).values("kim_id").annotate(n=Count("id")),
        "kim_id", community_news="n")  # fmt: skip
    put(LiteracyEvent.objects.filter(regency_id=regency_code, kim__isnull=False, status=EventStatus.PUBLISHED,
                             starts_at__gte=start, starts_at__lt=end).values("kim_id").annotate(n=Count("id")),
        "kim_id", events_run="n")  # fmt: skip
    put(ShareLinkDay.objects.filter(link__kim__regency_id=regency_code, day__gte=start.date(), day__lt=end.date())
        .values("link__kim_id").annotate(n=Sum("opens")),
        "link__kim_id", link_opens="n")  # fmt: skip
    put(Registration.objects.filter(event__regency_id=regency_code, kim__isnull=False, officer=True,
                                    checked_in_at__gte=start, checked_in_at__lt=end)
        .values("kim_id").annotate(n=Count("contact_hash", distinct=True)),
        "kim_id", officers_trained="n")  # fmt: skip
    relayed = (
        Aspiration.objects.filter(relayed_by_kim__regency_id=regency_code, received_at__gte=start, received_at__lt=end)
        .values("relayed_by_kim_id")
        .annotate(n=Count("id"), answered=Count("id", filter=Q(answered_at__isnull=False)))
    )
    if only is not None:
        relayed = relayed.filter(relayed_by_kim_id=only)
    for row in relayed:
        found = out.setdefault(row["relayed_by_kim_id"], {})
        found["relayed"] = float(row["n"])
        found["answered_percent"] = round(100.0 * row["answered"] / row["n"], 1) if row["n"] else 0.0
    return out


def score(values: dict[str, float], rubric: dict) -> tuple[float, dict[str, float]]:
    parts = {}
    for key in KEYS:
        target, weight = rubric[key]["target"], rubric[key]["weight"]
        parts[key] = round(weight * min(values.get(key, 0.0) / target, 1.0), 1) if target > 0 else 0.0
    return round(sum(parts.values()), 1), parts


@dataclass
class Row:
    kim: object
    values: dict
    parts: dict
    total: float
    rank_in_district: int = 0

    def figures(self) -> list[tuple[str, float]]:
        """(label, figure) in the rubric's order; a figure with nothing counted is 0."""
        return [(label, self.values.get(key, 0)) for key, label, _kind in COMPONENTS]


def scorecard(regency_code: str, year: int, month: int, *, district: str = "") -> list[Row]:
    """The month's scorecard of the regency's KIMs (legalised, active or inactive), ranked in each kecamatan."""
    from jembatan.communities.models import PUBLIC_STATUSES, Kim

    rubric = rubric_for(regency_code)
    found = figures(regency_code, year, month)
    kims = Kim.objects.filter(regency_id=regency_code, status__in=PUBLIC_STATUSES).select_related("village__district")
    if district:
        kims = kims.filter(village__district_id=district)
    rows = []
    for kim in kims:
        values = found.get(kim.pk, {})
        total, parts = score(values, rubric)
        rows.append(Row(kim, values, parts, total))
    rows.sort(key=lambda row: (row.kim.village.district.name, -row.total, row.kim.name))
    district_seen, rank = None, 0
    for row in rows:
        if row.kim.village.district_id != district_seen:
            district_seen, rank = row.kim.village.district_id, 0
        rank += 1
        row.rank_in_district = rank
    return rows


def last_full_month(today: datetime.date | None = None) -> tuple[int, int]:
    today = today or timezone.localdate()
    first = today.replace(day=1) - datetime.timedelta(days=1)
    return first.year, first.month


def refresh(*, today: datetime.date | None = None) -> int:
    """Keep every KIM's score for the last full month and the current one (the periodic job)."""
    from django.db import transaction

    from jembatan.communities.models import Kim
    from jembatan.literacy.models import KimScore

    today = today or timezone.localdate()
    months = {last_full_month(today), (today.year, today.month)}
    written = 0
    for regency_code in Kim.objects.order_by().values_list("regency_id", flat=True).distinct():
        for year, month in sorted(months):
            first = datetime.date(year, month, 1)
            rows = scorecard(regency_code, year, month)
            with transaction.atomic():
                KimScore.objects.filter(kim__regency_id=regency_code, month=first).delete()
                KimScore.objects.bulk_create(
                    [KimScore(kim=row.kim, month=first, total=row.total, values=row.values, parts=row.parts)
                     for row in rows], batch_size=1000,
                )  # fmt: skip
            written += len(rows)
    return written


def kim_profile_panel(kim) -> dict | None:
    """On a KIM's public profile: its score for the last full month (kept by ``refresh``), with the parts."""
    from jembatan.literacy.models import KimScore

    year, month = last_full_month()
    kept = KimScore.objects.filter(kim=kim, month=datetime.date(year, month, 1)).first()
    if kept is None:
        return None
    rows = [(label, kept.values.get(key, 0), kept.parts.get(key, 0)) for key, label, _kind in COMPONENTS]
    return {"scorecard_total": kept.total, "scorecard_rows": rows, "scorecard_month": kept.month}
