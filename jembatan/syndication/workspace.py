"""The feeds panel in the staff workspace (declared in the app's ``Capability``)."""

from __future__ import annotations

from jembatan.accounts.permissions import regencies_for
from jembatan.accounts.roles import Role
from jembatan.core import tenancy
from jembatan.syndication.selectors import entry_queue


def feeds_panel(user) -> dict | None:
    """Editors and administrators of this instance's regency: new entries from the subscribed feeds."""
    if tenancy.regency_code() not in regencies_for(user, Role.ADMIN, Role.EDITOR):
        return None
    return {"feed_queue": entry_queue(regency_code=tenancy.regency_code()).count()}
