"""Writes for the agency (OPD) registry."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from jembatan.agencies.models import Agency
from jembatan.agencies.verbs import AgencyVerb
from jembatan.core.audit import audit_record, snapshot
from jembatan.core.errors import DomainError
from jembatan.core.privacy import normalize_phone

FIELDS = ["name", "short_name", "email", "phone", "address", "is_active"]


def _clean(values: dict) -> dict:
    values = dict(values)
    if values.get("phone"):
        values["phone"] = normalize_phone(values["phone"])
    return values


@transaction.atomic
def agency_create(*, actor, regency, **values) -> Agency:
    values = _clean(values)
    if Agency.objects.filter(regency=regency, short_name__iexact=values["short_name"]).exists():
        raise DomainError(_("Another agency already uses this short name."))
    agency = Agency.objects.create(regency=regency, **values)
    audit_record(actor=actor, verb=AgencyVerb.CREATED, obj=agency, after=snapshot(agency, FIELDS))
    return agency


@transaction.atomic
def agency_update(*, actor, agency: Agency, **values) -> Agency:
    values = _clean(values)
    agency = Agency.objects.select_for_update().get(pk=agency.pk)
    if (
        Agency.objects.filter(
            regency_id=agency.regency_id, short_name__iexact=values.get("short_name", agency.short_name)
        )
        .exclude(pk=agency.pk)
        .exists()
    ):
        raise DomainError(_("Another agency already uses this short name."))
    before = snapshot(agency, FIELDS)
    for key, value in values.items():
        setattr(agency, key, value)
    agency.save()
    audit_record(actor=actor, verb=AgencyVerb.UPDATED, obj=agency, before=before, after=snapshot(agency, FIELDS))
    return agency
