"""Reads for accounts."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from jembatan.accounts.models import RoleAssignment


def role_assignments_in_regency(*, regency_code: str) -> QuerySet[RoleAssignment]:
    """Every role held in a regency: regency-wide roles, agency officers and KIM pengurus."""
    return (
        RoleAssignment.objects.filter(
            Q(regency_id=regency_code) | Q(agency__regency_id=regency_code) | Q(kim__regency_id=regency_code)
        )
        .select_related("user", "agency", "kim")
        .order_by("user__full_name", "role")
    )
