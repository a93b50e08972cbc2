"""The feeds panel in the staff workspace (declared in the app's ``Capability``)."""

from __future__ import annotations

from django.conf import settings

from jembatan.accounts.permissions import regencies_for
from jembatan.accounts.roles import Role
from jembatan.syndication.selectors import entry_queue


def feeds_panel(user) -> dict | None:
    """Editors and administrators of this instance's regency: new entries from the subscribed feeds."""
    if settings.JEMBATAN_REGENCY not in regencies_for(user, Role.ADMIN, Role.EDITOR):
        return None
    return {"feed_queue": entry_queue(regency_code=settings.JEMBATAN_REGENCY).count()}
