from django.shortcuts import get_object_or_404
from ninja import Query, Router, Schema
from ninja.decorators import decorate_view

from jembatan.core.cache import public_page
from jembatan.regions.models import District, Province, Regency, Village

router = Router(tags=["regions"])

CODE_PATTERN_DISTRICT = r"^\d{2}\.\d{2}\.\d{2}$"
CODE_PATTERN_REGENCY = r"^\d{2}\.\d{2}$"


class RegionOut(Schema):
    code: str
    name: str
    parent_code: str | None = None


def _out(obj, parent: str | None) -> RegionOut:
    return RegionOut(code=obj.code, name=str(obj), parent_code=parent)


@router.get("/regions/provinces", response=list[RegionOut], summary="All provinces")
@decorate_view(public_page)
def provinces(request):
    return [_out(p, None) for p in Province.objects.all()]


@router.get("/regions/regencies", response=list[RegionOut], summary="Regencies and cities of a province")
@decorate_view(public_page)
def regencies(request, province: str = Query(..., pattern=r"^\d{2}$")):
    return [_out(r, r.province_id) for r in Regency.objects.filter(province_id=province)]


@router.get("/regions/regencies/{code}", response=RegionOut, summary="One regency or city")
@decorate_view(public_page)
def regency(request, code: str):
    obj = get_object_or_404(Regency, code=code)
    return _out(obj, obj.province_id)


@router.get("/regions/districts", response=list[RegionOut], summary="Kecamatan of a regency")
@decorate_view(public_page)
def districts(request, regency: str = Query(..., pattern=CODE_PATTERN_REGENCY)):
    return [_out(d, d.regency_id) for d in District.objects.filter(regency_id=regency)]


@router.get("/regions/villages", response=list[RegionOut], summary="Kelurahan/desa of a kecamatan")
@decorate_view(public_page)
def villages(request, district: str = Query(..., pattern=CODE_PATTERN_DISTRICT)):
    return [_out(v, v.district_id) for v in Village.objects.filter(district_id=district)]
