"""The KIM registry's panels in the staff workspace (declared in the app's ``Capability``)."""

from __future__ import annotations

from jembatan.accounts.permissions import kims_for
from jembatan.communities import permissions as kim_access
from jembatan.communities.models import Kim, KimStatus
from jembatan.communities.selectors import coverage_for_regency, kim_staff_list, kim_status_counts


def queues_panel(user) -> dict | None:
    """Administrators: applications to check, decrees to record, KIMs to activate, lapsed KIMs."""
    regencies = kim_access.admin_regencies(user)
    if not regencies:
        return None
    return {
        "to_verify": list(kim_staff_list(regency_codes=regencies, status=KimStatus.DIAJUKAN)[:20]),
        "to_legalise": list(kim_staff_list(regency_codes=regencies, status=KimStatus.DIVERIFIKASI)[:20]),
        "to_activate": list(kim_staff_list(regency_codes=regencies, status=KimStatus.DIKUKUHKAN)[:20]),
        "lapsed": list(kim_staff_list(regency_codes=regencies, status=KimStatus.TIDAK_AKTIF)[:20]),
        "is_admin": True,
    }


def coverage_panel(user) -> dict | None:
    viewer_regencies = kim_access.viewer_regencies(user)
    if not viewer_regencies:
        return None
    return {
        "counts": kim_status_counts(regency_codes=viewer_regencies),
        "coverages": [coverage_for_regency(regency_code=code) for code in sorted(viewer_regencies)],
    }


def my_kims_panel(user) -> dict | None:
    my_kims = kims_for(user)
    if not my_kims:
        return None
    return {"my_kims": list(Kim.objects.filter(pk__in=my_kims).select_related("village__district"))}
