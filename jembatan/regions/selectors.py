"""Reads for regions."""

from __future__ import annotations

from django.db.models import QuerySet

from jembatan.core import tenancy
from jembatan.regions.models import District, Regency, Village


def regency_configured() -> Regency | None:
    return Regency.objects.select_related("province").filter(code=tenancy.regency_code()).first()


def district_list(*, regency_code: str) -> QuerySet[District]:
    return District.objects.filter(regency_id=regency_code).order_by("code")


def village_list(*, regency_code: str) -> QuerySet[Village]:
    return Village.objects.filter(district__regency_id=regency_code).select_related("district").order_by("code")
