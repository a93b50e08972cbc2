"""Who may see and change which KIM. Views call these; they raise 404 rather than reveal existence."""

from __future__ import annotations

from django.http import Http404

from jembatan.accounts.permissions import kims_for, regencies_for
from jembatan.accounts.roles import Role
from jembatan.communities.models import PUBLIC_STATUSES, Kim


def admin_regencies(user) -> set[str]:
    return regencies_for(user, Role.ADMIN)


def viewer_regencies(user) -> set[str]:
    return regencies_for(user, Role.ADMIN, Role.EDITOR, Role.PIMPINAN)


def access_kim_as_admin(user, slug: str) -> Kim:
    kim = Kim.objects.select_related("village__district__regency", "applicant").filter(slug=slug).first()
    if kim is None or kim.regency_id not in admin_regencies(user):
        raise Http404
    return kim


def access_kim_as_viewer(user, slug: str) -> Kim:
    kim = Kim.objects.select_related("village__district__regency", "applicant").filter(slug=slug).first()
    if kim is None or kim.regency_id not in viewer_regencies(user):
        raise Http404
    return kim


def access_kim_as_pengurus(user, slug: str) -> Kim:
    """Pengurus manage a legalised KIM (dikukuhkan, aktif, tidak aktif); a dissolved one is closed to them."""
    kim = Kim.objects.select_related("village__district__regency").filter(slug=slug, status__in=PUBLIC_STATUSES).first()
    if kim is None or kim.pk not in kims_for(user):
        raise Http404
    return kim


def access_kim_as_applicant(user, slug: str) -> Kim:
    kim = Kim.objects.select_related("village__district").filter(slug=slug, applicant=user).first()
    if kim is None:
        raise Http404
    return kim
