"""Who sees which report: administrators of the regency, the agency it was routed to, the KIM that relayed it."""

from __future__ import annotations

from django.http import Http404

from jembatan.accounts.permissions import agencies_for, kims_for, regencies_for
from jembatan.accounts.roles import Role
from jembatan.aspirations.models import Aspiration


def admin_regencies(user) -> set[str]:
    return regencies_for(user, Role.ADMIN)


def viewer_regencies(user) -> set[str]:
    return regencies_for(user, Role.ADMIN, Role.PIMPINAN)


def can_view(user, aspiration: Aspiration) -> bool:
    regency = aspiration.regency_id
    return (
        regency in viewer_regencies(user)
        or (aspiration.agency_id is not None and aspiration.agency_id in agencies_for(user))
        or (aspiration.relayed_by_kim_id is not None and aspiration.relayed_by_kim_id in kims_for(user))
    )


def access_as_viewer(user, aspiration: Aspiration | None) -> Aspiration:
    if aspiration is None or not can_view(user, aspiration):
        raise Http404
    return aspiration


def access_as_admin(user, aspiration: Aspiration | None) -> Aspiration:
    if aspiration is None or aspiration.regency_id not in admin_regencies(user):
        raise Http404
    return aspiration


def access_as_agency(user, aspiration: Aspiration | None) -> Aspiration:
    if aspiration is None or aspiration.agency_id is None or aspiration.agency_id not in agencies_for(user):
        raise Http404
    return aspiration
