"""The newsroom's panel in the staff workspace (declared in the app's ``Capability``)."""

from __future__ import annotations

from jembatan.accounts.permissions import regencies_for
from jembatan.accounts.roles import Role
from jembatan.core import tenancy
from jembatan.newsroom.selectors import desk_counts


def desk_panel(user) -> dict | None:
    """Editors and administrators of this instance's regency: what waits for review, the drafts."""
    if tenancy.regency_code() not in regencies_for(user, Role.ADMIN, Role.EDITOR):
        return None
    return {"is_editor": True, "newsroom_counts": desk_counts(regency_code=tenancy.regency_code())}
