"""Reads for aspirations. Public selectors never return secret reports or reporter identity."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Case, Count, F, Q, QuerySet
from django.utils import timezone

from jembatan.aspirations import presenter
from jembatan.aspirations.clocks import ANSWER_DAYS, CLOCKS, overdue_filter
from jembatan.aspirations.models import PUBLIC_STATUSES, Aspiration, AspirationStatus, Category, Privacy
from jembatan.cases import tracking
from jembatan.cases.presenter import public_point
from jembatan.core import tenancy

PUBLIC_FIELDS = [
    "code", "kind", "public_title", "public_description", "status", "received_at", "answered_at", "closed_at",
    "answer", "closing_note", "category__name", "village__name", "village__district__name", "agency__name",
    "agency__short_name", "rating",
]  # fmt: skip


def aspiration_public_list(
    *, regency_code: str, district: str = "", category: str = "", status: str = "", query: str = ""
) -> QuerySet[Aspiration]:
    qs = Aspiration.objects.filter(
        privacy=Privacy.ANONIM, status__in=PUBLIC_STATUSES, verified_at__isnull=False,
        regency_id=regency_code,
    )  # fmt: skip
    if district:
        qs = qs.filter(village__district_id=district)
    if category:
        qs = qs.filter(category__code=category)
    if status and status in PUBLIC_STATUSES:
        qs = qs.filter(status=status)
    if query:
        qs = qs.filter(public_title__icontains=query.strip()[:100])
    return qs.select_related("category", "village__district", "agency").only(
        "code", "kind", "public_title", "status", "received_at", "category__name", "village__name",
        "village__district__name", "agency__short_name", "agency__name",
    ).order_by("-received_at", "-id")  # fmt: skip


MAP_POINTS = 1000


def aspiration_map_points(*, regency_code: str) -> list[dict]:
    """The newest public reports that have a place on the map, at most ``MAP_POINTS`` (one query).

    Coordinates are rounded like every public coordinate (``cases.presenter.public_point``).
    """
    rows = (
        aspiration_public_list(regency_code=regency_code)
        .filter(latitude__isnull=False, longitude__isnull=False)
        .select_related(None)
        .values_list("code", "public_title", "status", "latitude", "longitude")[:MAP_POINTS]
    )
    return [
        {
            "code": code,
            "title": title,
            "status": str(AspirationStatus(status).label),
            "latitude": point[0],
            "longitude": point[1],
        }
        for code, title, status, latitude, longitude in rows
        if (point := public_point(latitude, longitude))
    ]


def aspiration_progress_by_code(*, code: str) -> Aspiration | None:
    """Any report's progress by its tracking code: status and dates only, never its content.

    For the reporter who has the code but not (or no longer) the private link. Loads only the fields
    the code page may show, so nothing else can reach the template.
    """
    return (
        Aspiration.objects.filter(code=code, regency_id=tenancy.regency_code())
        .only("code", "status", "received_at", "verify_due", "answer_due", "close_due", "closed_at", "updated_at")
        .annotate(next_due=_next_due())
        .first()
    )


def aspiration_public_detail(*, code: str) -> Aspiration | None:
    return (
        Aspiration.objects.filter(
            code=code,
            privacy=Privacy.ANONIM,
            status__in=PUBLIC_STATUSES,
            verified_at__isnull=False,
            regency_id=tenancy.regency_code(),
        )
        .select_related("category", "village__district", "agency", "relayed_by_kim")
        .first()
    )


def aspiration_public_report(*, code: str) -> presenter.PublicReport | None:
    """A public report as every public channel shows it (``aspirations.presenter``), or ``None``."""
    aspiration = aspiration_public_detail(code=code)
    return presenter.detail(aspiration) if aspiration is not None else None


def aspiration_by_private_link(*, code: str, secret: str) -> Aspiration | None:
    """The reporter's own report, when ``secret`` is the one of its private link (compared in constant time)."""
    aspiration = (
        Aspiration.objects.filter(code=code, regency_id=tenancy.regency_code())
        .select_related("category", "village__district", "agency")
        .first()
    )
    return aspiration if aspiration is not None and tracking.check_secret(aspiration, secret) else None


def aspiration_for_staff(*, code: str) -> Aspiration | None:
    return (
        Aspiration.objects.select_related("category", "village__district", "agency", "relayed_by_kim", "duplicate_of")
        .filter(code=code, regency_id=tenancy.regency_code())
        .first()
    )


# Statuses in which staff (Diskominfo or the agency) have the next move. An answered report waits for
# the reporter; a closed one for nobody.
ACTION_STATUSES = (AspirationStatus.BARU, AspirationStatus.TERVERIFIKASI, AspirationStatus.DIDISPOSISIKAN)


def _next_due() -> Case:
    """The deadline that matters in the report's status: verification, answer or automatic close."""
    return CLOCKS.next_due()


def aspiration_staff_queue(
    *,
    regency_codes: set[str] | None = None,
    agency_ids: set[int] | None = None,
    kim_ids: set[int] | None = None,
    status: str = "",
    needs_action: bool = False,
    overdue_only: bool = False,
    today: datetime.date | None = None,
    query: str = "",
    district_code: str = "",
    agency_id: int | None = None,
    category_id: int | None = None,
) -> QuerySet[Aspiration]:
    """The reports a staff member may see, filtered; the most urgent deadline first, then the oldest.

    ``needs_action``: only the statuses in which staff have the next move. ``query`` matches the
    tracking code or the title.
    """
    qs = Aspiration.objects.all()
    scope = Q(pk__in=[])
    if regency_codes:
        scope |= Q(regency_id__in=regency_codes)
    if agency_ids:
        scope |= Q(agency_id__in=agency_ids)
    if kim_ids:
        scope |= Q(relayed_by_kim_id__in=kim_ids)
    qs = qs.filter(scope)
    if status:
        qs = qs.filter(status=status)
    elif needs_action:
        qs = qs.filter(status__in=ACTION_STATUSES)
    if overdue_only and today:
        qs = qs.filter(overdue_filter(today))
    query = (query or "").strip()[:100]
    if query:
        qs = qs.filter(Q(code__iexact=query) | Q(title__icontains=query) | Q(public_title__icontains=query))
    if district_code:
        qs = qs.filter(village__district_id=district_code)
    if agency_id:
        qs = qs.filter(agency_id=agency_id)
    if category_id:
        qs = qs.filter(category_id=category_id)
    return (
        qs.select_related("category", "village__district", "agency")
        .annotate(next_due=_next_due())
        .order_by(F("next_due").asc(nulls_last=True), "received_at", "id")
    )


def overdue_count(*, regency_codes: set[str], today: datetime.date) -> int:
    return Aspiration.objects.filter(regency_id__in=regency_codes).filter(overdue_filter(today)).count()


def likely_duplicates(*, village, title: str, exclude_pk: int | None = None, limit: int = 5) -> list[Aspiration]:
    """Open, public reports in the same kelurahan whose title shares meaningful words with ``title``."""
    words = {w for w in title.lower().split() if len(w) >= 4}
    if not words:
        return []
    condition = Q()
    for word in list(words)[:6]:
        condition |= Q(public_title__icontains=word)
    qs = (
        Aspiration.objects.filter(village=village, privacy=Privacy.ANONIM, verified_at__isnull=False, status__in=[
            AspirationStatus.TERVERIFIKASI, AspirationStatus.DIDISPOSISIKAN, AspirationStatus.DITINDAKLANJUTI,
        ])
        .filter(condition)
        .only("code", "public_title", "status", "received_at")
    )  # fmt: skip
    if exclude_pk:
        qs = qs.exclude(pk=exclude_pk)
    scored = sorted(qs[:50], key=lambda a: -len(words & set(a.public_title.lower().split())))
    return scored[:limit]


def category_list(*, regency_code: str) -> QuerySet[Category]:
    return Category.objects.filter(regency_id=regency_code, is_active=True).order_by("name")


@dataclass
class AgencyFigures:
    agency_id: int
    name: str
    short_name: str
    received: int
    answered: int
    answered_on_time: int
    median_working_days: float | None
    # Not yet answered and past the answer deadline: late whatever happens next.
    overdue: int = 0

    @property
    def due(self) -> int:
        """Reports whose punctuality is known: answered, or past their deadline without an answer."""
        return self.answered + self.overdue

    @property
    def not_yet_due(self) -> int:
        """Reports with the agency still within their deadline: neither on time nor late yet."""
        return self.received - self.due

    @property
    def on_time_percent(self) -> int | None:
        """On-time answers over the reports that are due; None while none is due ("belum jatuh tempo")."""
        return round(100 * self.answered_on_time / self.due) if self.due else None


def _median_from_histogram(histogram: dict[int, int]) -> float | None:
    total = sum(histogram.values())
    if not total:
        return None
    ordered = sorted(histogram.items())

    def value_at(position: int) -> int:
        seen = 0
        for value, count in ordered:
            seen += count
            if position < seen:
                return value
        return ordered[-1][0]

    if total % 2:
        return float(value_at(total // 2))
    return (value_at(total // 2 - 1) + value_at(total // 2)) / 2


def agency_figures(*, regency_code: str) -> list[AgencyFigures]:
    """Per agency: reports received, answered on time (≤ 5 working days), and the median working days
    to answer — from the kept per-agency counts, whatever the number of reports."""
    from jembatan.agencies.models import Agency
    from jembatan.aspirations.models import AgencyReportCount

    agencies = {a.pk: a for a in Agency.objects.filter(regency_id=regency_code)}
    received: dict[int, int] = {}
    histograms: dict[int, dict[int, int]] = {}
    # From the kept counts (aspirations.figures): a few rows per agency, never the reports themselves.
    rows = AgencyReportCount.objects.filter(agency_id__in=agencies).values_list("agency_id", "days", "n")
    for agency_id, days, n in rows:  # every report counts as received, the answered ones also by working days
        received[agency_id] = received.get(agency_id, 0) + n
        if days != AgencyReportCount.UNANSWERED:
            histograms.setdefault(agency_id, {})[days] = n
    overdue = dict(
        Aspiration.objects.filter(
            agency_id__in=agencies, answer_working_days__isnull=True, answer_due__lt=timezone.localdate()
        )
        .values("agency_id")
        .annotate(n=Count("*"))
        .order_by()
        .values_list("agency_id", "n")
    )
    figures = []
    for pk, agency in sorted(agencies.items(), key=lambda item: item[1].name):
        histogram = histograms.get(pk, {})
        if not received.get(pk) and not histogram:
            continue
        figures.append(
            AgencyFigures(
                agency_id=pk,
                name=agency.name,
                short_name=agency.short_name,
                received=received.get(pk, 0),
                answered=sum(histogram.values()),
                answered_on_time=sum(n for days, n in histogram.items() if days <= ANSWER_DAYS),
                median_working_days=_median_from_histogram(histogram),
                overdue=overdue.get(pk, 0),
            )  # fmt: skip
        )
    return figures


@dataclass
class PeriodFigures:
    key: str
    name: str
    received: int
    answered: int
    answered_on_time: int
    overdue: int

    @property
    def due(self) -> int:
        return self.answered + self.overdue

    @property
    def on_time_percent(self) -> int | None:
        return round(100 * self.answered_on_time / self.due) if self.due else None


def period_figures(
    *, regency_code: str, start: datetime.date, end: datetime.date, by: str, today: datetime.date | None = None
) -> list[PeriodFigures]:
    """Reports received from ``start`` to ``end`` (local dates), per agency (``by="agency"``) or per
    kecamatan (``by="district"``): received, answered, answered on time (≤ 5 working days) and past
    the deadline without an answer. One grouped query."""
    from jembatan.agencies.models import Agency
    from jembatan.regions.models import District

    today = today or timezone.localdate()
    field = "agency_id" if by == "agency" else "village__district_id"
    rows = (
        Aspiration.objects.filter(
            regency_id=regency_code,
            received_at__date__gte=start,
            received_at__date__lte=end,
        )
        .exclude(**({"agency__isnull": True} if by == "agency" else {}))
        .values(field)
        .annotate(
            received=Count("pk"),
            answered=Count("pk", filter=Q(answer_working_days__isnull=False)),
            on_time=Count("pk", filter=Q(answer_working_days__lte=ANSWER_DAYS)),
            overdue=Count("pk", filter=Q(answer_working_days__isnull=True, answer_due__lt=today)),
        )
        .order_by()
    )
    counts = {row[field]: row for row in rows}
    if by == "agency":
        names = dict(Agency.objects.filter(regency_id=regency_code).values_list("pk", "name"))
    else:
        names = dict(District.objects.filter(regency_id=regency_code).values_list("code", "name"))
    result = []
    for key, name in sorted(names.items(), key=lambda item: item[1]):
        row = counts.get(key, {})
        result.append(
            PeriodFigures(
                key=str(key),
                name=name,
                received=row.get("received", 0),
                answered=row.get("answered", 0),
                answered_on_time=row.get("on_time", 0),
                overdue=row.get("overdue", 0),
            )  # fmt: skip
        )
    return result
