"""The editorial desk: writing, reviewing, publishing, correcting and archiving."""

from __future__ import annotations

from django.shortcuts import render

from jembatan.accounts.permissions import access_instance_regency, require_access
from jembatan.accounts.roles import Role


@require_access(Role.ADMIN, Role.EDITOR)
def desk_view(request):
    access_instance_regency(request.user, Role.ADMIN, Role.EDITOR)
    return render(request, "newsroom/desk.html", {})
