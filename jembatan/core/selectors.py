"""Reads shared by every capability: the audit log."""

from __future__ import annotations

import datetime

from django.db.models import QuerySet

from jembatan.core.models import AuditLog


def audit_for_object(*, obj) -> QuerySet[AuditLog]:
    return AuditLog.objects.filter(object_type=obj._meta.label_lower, object_id=str(obj.pk)).order_by(
        "-created_at", "-id"
    )


def audit_list(
    *,
    regency_code: str,
    actor: str = "",
    verb: str = "",
    object_type: str = "",
    object_id: str = "",
    date_from: datetime.date | None = None,
    date_to: datetime.date | None = None,
) -> QuerySet[AuditLog]:
    qs = AuditLog.objects.filter(regency_code=regency_code)
    if actor:
        qs = qs.filter(actor_label__icontains=actor)
    if verb:
        qs = qs.filter(verb__startswith=verb)
    if object_type:
        qs = qs.filter(object_type=object_type)
    if object_id:
        qs = qs.filter(object_id=object_id)
    if date_from:
        qs = qs.filter(created_at__date__gte=date_from)
    if date_to:
        qs = qs.filter(created_at__date__lte=date_to)
    return qs.order_by("-created_at", "-id")


def audit_object_types(*, regency_code: str) -> list[str]:
    return list(
        AuditLog.objects.filter(regency_code=regency_code).order_by().values_list("object_type", flat=True).distinct()
    )
