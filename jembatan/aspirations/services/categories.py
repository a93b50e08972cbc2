"""The routing table: report categories and the agency each is proposed to."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from jembatan.aspirations.verbs import AspirationVerb
from jembatan.core.audit import audit_record, snapshot
from jembatan.core.cache import bump_public_cache
from jembatan.core.errors import DomainError

CATEGORY_FIELDS = ["name", "code", "description", "agency_id", "is_active"]


def category_save(*, actor, regency, values: dict, category=None):
    """Create or change a category and the agency it is routed to (the routing table)."""
    from jembatan.aspirations.models import Category

    agency = values.get("agency")
    if agency is not None and agency.regency_id != regency.code:
        raise DomainError(_("The agency belongs to another region."))
    with transaction.atomic():
        duplicate = Category.objects.filter(regency=regency, code=values["code"])
        if category is not None:
            duplicate = duplicate.exclude(pk=category.pk)
        if duplicate.exists():
            raise DomainError(_("Another category already uses this code."))
        before = snapshot(category, CATEGORY_FIELDS) if category is not None else None
        target = category or Category(regency=regency)
        for key in ["name", "code", "description", "agency", "is_active"]:
            setattr(target, key, values.get(key, getattr(target, key, None)))
        target.save()
        audit_record(
            actor=actor, verb=AspirationVerb.CATEGORY_UPDATED if category else AspirationVerb.CATEGORY_CREATED,
            obj=target, before=before, after=snapshot(target, CATEGORY_FIELDS),
        )  # fmt: skip
        transaction.on_commit(bump_public_cache)
    return target
