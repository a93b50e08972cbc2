"""The events panel of the staff workspace."""

from __future__ import annotations

from jembatan.accounts.permissions import regencies_for
from jembatan.accounts.roles import Role
from jembatan.core import tenancy
from jembatan.literacy.selectors import public_events


def events_panel(user) -> dict | None:
    if tenancy.regency_code() not in regencies_for(user, Role.ADMIN, Role.EDITOR):
        return None
    return {"events_upcoming": public_events(regency_code=tenancy.regency_code()).count()}
