import datetime

from django.http import Http404
from ninja import Field, Query, Router, Schema
from ninja.decorators import decorate_view
from ninja.pagination import paginate

from jembatan.communities import selectors
from jembatan.communities.models import PUBLIC_STATUSES
from jembatan.core import tenancy
from jembatan.core.api_pagination import Keyset, KeysetPagination
from jembatan.core.cache import public_page

router = Router(tags=["kim"])


class KimOut(Schema):
    slug: str
    name: str
    status: str
    village_code: str
    village_name: str
    district_code: str
    district_name: str
    kimid_number: str


class PengurusOut(Schema):
    role: str
    full_name: str


class KimDetailOut(KimOut):
    address: str
    description: str
    phone_masked: str
    sk_number: str
    sk_date: datetime.date | None
    sk_issuer: str
    member_count: int
    pengurus: list[PengurusOut]


class KimFilter(Schema):
    kecamatan: str = Field("", pattern=r"^(\d{2}\.\d{2}\.\d{2})?$")
    kelurahan: str = Field("", pattern=r"^(\d{2}\.\d{2}\.\d{2}\.\d{4})?$")
    status: str = Field("", pattern=r"^(dikukuhkan|aktif|tidak_aktif)?$")
    q: str = Field("", max_length=100)


def _kim_out(kim) -> dict:
    return {
        "slug": kim.slug,
        "name": kim.name,
        "status": kim.status,
        "village_code": kim.village_id,
        "village_name": str(kim.village),
        "district_code": kim.village.district_id,
        "district_name": str(kim.village.district),
        "kimid_number": kim.kimid_number,
    }


@router.get("/kims", response=list[KimOut], summary="Public KIM directory")
@paginate(KeysetPagination)
@decorate_view(public_page)
def kim_list(request, filters: Query[KimFilter]):
    qs = selectors.kim_public_list(
        regency_code=tenancy.regency_code(),
        district=filters.kecamatan,
        village=filters.kelurahan,
        status=filters.status,
        query=filters.q,
    )
    return Keyset(qs, order=("name", "pk"), mapper=_kim_out)


@router.get("/kims/{slug}", response=KimDetailOut, summary="One KIM's public profile")
@decorate_view(public_page)
def kim_detail(request, slug: str):
    kim = selectors.kim_public_detail(slug=slug)
    if kim is None or kim.status not in PUBLIC_STATUSES:
        raise Http404
    return {
        **_kim_out(kim),
        "address": kim.address,
        "description": kim.description,
        "phone_masked": kim.masked_phone,
        "sk_number": kim.sk_number,
        "sk_date": kim.sk_date,
        "sk_issuer": kim.sk_issuer,
        "member_count": kim.member_count,
        "pengurus": [{"role": m.role, "full_name": m.full_name} for m in kim.pengurus],
    }


class RegencyRef(Schema):
    code: str
    name: str


class DistrictCoverageOut(Schema):
    code: str
    name: str
    active_kim: int
    villages_total: int
    villages_covered: int
    target_met: bool


class CoverageSummary(Schema):
    districts_total: int
    districts_met: int
    villages_total: int
    villages_covered: int
    active_kim: int


class CoverageOut(Schema):
    regency: RegencyRef
    target_per_district: int
    districts: list[DistrictCoverageOut]
    summary: CoverageSummary


@router.get("/coverage", response=CoverageOut, summary="Active KIMs per kecamatan against the target")
@decorate_view(public_page)
def coverage(request, regency: str = Query("", pattern=r"^(\d{2}\.\d{2})?$")):
    coverage = selectors.coverage_for_regency(regency_code=regency or tenancy.regency_code())
    if coverage is None:
        raise Http404
    return {
        "regency": {"code": coverage.regency.code, "name": str(coverage.regency)},
        "target_per_district": coverage.target_per_district,
        "districts": [
            {
                "code": d.code,
                "name": d.name,
                "active_kim": d.active_kim,
                "villages_total": d.villages_total,
                "villages_covered": d.villages_covered,
                "target_met": d.target_met,
            }
            for d in coverage.districts
        ],
        "summary": {
            "districts_total": coverage.districts_total,
            "districts_met": coverage.districts_met,
            "villages_total": coverage.villages_total,
            "villages_covered": coverage.villages_covered,
            "active_kim": coverage.active_kim,
        },
    }
