"""Reads for the KIM registry. Public selectors return only public KIMs and public fields."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Case, Count, IntegerField, Prefetch, Q, QuerySet, Sum, Value, When
from django.db.models.functions import Coalesce

from jembatan.communities.models import PENGURUS_ROLES, PUBLIC_STATUSES, CommunityRules, Kim, KimMember, KimStatus
from jembatan.core import tenancy
from jembatan.regions.models import District, Regency, Village


def kim_public_list(
    *, regency_code: str, district: str = "", village: str = "", status: str = "", query: str = ""
) -> QuerySet[Kim]:
    qs = Kim.objects.filter(status__in=PUBLIC_STATUSES, regency_id=regency_code)
    if district:
        qs = qs.filter(village__district_id=district)
    if village:
        qs = qs.filter(village_id=village)
    if status and status in PUBLIC_STATUSES:
        qs = qs.filter(status=status)
    if query:
        qs = qs.filter(name__icontains=query.strip()[:100])
    return (
        qs.select_related("village__district")
        .only("name", "slug", "status", "village__name", "village__district__name", "kimid_number")
        .order_by("name", "pk")
    )


def _office_order() -> Case:
    """Ketua, sekretaris, bendahara, then the other members (the role codes sort otherwise)."""
    return Case(
        *[When(role=role, then=Value(rank)) for rank, role in enumerate(PENGURUS_ROLES)],
        default=Value(len(PENGURUS_ROLES)),
        output_field=IntegerField(),
    )


def kim_members_in_office_order(*, kim: Kim) -> QuerySet[KimMember]:
    return kim.members.select_related("village").order_by(_office_order(), "full_name", "pk")


def kim_public_detail(*, slug: str) -> Kim | None:
    pengurus = KimMember.objects.filter(role__in=PENGURUS_ROLES).order_by(_office_order())
    return (
        Kim.objects.filter(slug=slug, status__in=PUBLIC_STATUSES, regency_id=tenancy.regency_code())
        .select_related("village__district__regency")
        .annotate(member_count=Count("members"))
        .prefetch_related(Prefetch("members", queryset=pengurus, to_attr="pengurus"))
        .first()
    )


def kim_list_for_applicant(*, user) -> QuerySet[Kim]:
    return Kim.objects.filter(applicant=user).select_related("village__district").order_by("-created_at")


def kim_staff_list(*, regency_codes: set[str], status: str = "", query: str = "") -> QuerySet[Kim]:
    qs = Kim.objects.filter(regency_id__in=regency_codes).select_related("village__district")
    if status:
        qs = qs.filter(status=status)
    if query:
        qs = qs.filter(name__icontains=query.strip()[:100])
    return qs.order_by("submitted_at", "pk")


def kim_status_counts(*, regency_codes: set[str]) -> dict[str, int]:
    rows = Kim.objects.filter(regency_id__in=regency_codes).values("status").annotate(n=Count("pk")).order_by()
    counts = dict.fromkeys(KimStatus.values, 0)
    counts.update({row["status"]: row["n"] for row in rows})
    return counts


@dataclass
class DistrictCoverage:
    code: str
    name: str
    active_kim: int
    villages_total: int
    villages_covered: int
    target: int

    @property
    def target_met(self) -> bool:
        return self.active_kim >= self.target

    @property
    def village_percent(self) -> int:
        return round(100 * self.villages_covered / self.villages_total) if self.villages_total else 0

    @property
    def bar_percent(self) -> int:
        """Bar length in the chart: a short orange stub stays visible for a kecamatan without KIMs."""
        return self.target_percent if self.target_met else max(2, self.target_percent)

    @property
    def target_percent(self) -> int:
        return min(100, round(100 * self.active_kim / self.target)) if self.target else 100


@dataclass
class Coverage:
    regency: Regency
    target_per_district: int
    districts: list[DistrictCoverage]

    @property
    def districts_total(self) -> int:
        return len(self.districts)

    @property
    def districts_met(self) -> int:
        return sum(1 for d in self.districts if d.target_met)

    @property
    def villages_total(self) -> int:
        return sum(d.villages_total for d in self.districts)

    @property
    def villages_covered(self) -> int:
        return sum(d.villages_covered for d in self.districts)

    @property
    def active_kim(self) -> int:
        return sum(d.active_kim for d in self.districts)

    @property
    def chart_height(self) -> int:
        return max(40, 40 * len(self.districts))

    @property
    def districts_percent(self) -> int:
        return round(100 * self.districts_met / self.districts_total) if self.districts_total else 0

    @property
    def villages_percent(self) -> int:
        return round(100 * self.villages_covered / self.villages_total) if self.villages_total else 0


def coverage_for_regency(*, regency_code: str) -> Coverage | None:
    """Active KIMs per kecamatan against the target, in four small queries whatever the number of KIMs."""
    regency = Regency.objects.filter(code=regency_code).first()
    if regency is None:
        return None
    rules = CommunityRules.objects.filter(regency_id=regency_code).first()
    target = rules.target_per_district if rules else CommunityRules._meta.get_field("target_per_district").default
    # From the kept per-village counts (communities.counts): a few hundred rows for a regency, never its KIMs.
    villages = {
        row["district_id"]: row
        for row in Village.objects.filter(district__regency_id=regency_code)
        .values("district_id")
        .annotate(
            total=Count("code"),
            covered=Count("code", filter=Q(kim_count__active__gt=0)),
            active=Coalesce(Sum("kim_count__active"), 0),
        )
        .order_by()
    }
    kims = {code: row["active"] for code, row in villages.items()}
    districts = [
        DistrictCoverage(
            code=d.code,
            name=str(d),
            active_kim=kims.get(d.code, 0),
            villages_total=villages.get(d.code, {}).get("total", 0),
            villages_covered=villages.get(d.code, {}).get("covered", 0),
            target=target,
        )
        for d in District.objects.filter(regency_id=regency_code).order_by("code")
    ]
    return Coverage(regency=regency, target_per_district=target, districts=districts)
