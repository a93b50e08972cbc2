"""The staff workspace at /staf/: each role sees its own queues, as panels the capabilities declare."""

from __future__ import annotations

from django.shortcuts import redirect, render
from django.urls import path
from django.utils.module_loading import import_string

from jembatan.accounts.permissions import AUTHENTICATED, has_role, is_staff_member, require_access
from jembatan.accounts.roles import Role
from jembatan.communities import permissions as kim_access
from jembatan.core.registry import workspace_panels
from jembatan.portal.downloads import downloads_for


@require_access(AUTHENTICATED)
def home(request):
    user = request.user
    if not (is_staff_member(user) or has_role(user, Role.PENGURUS_KIM)):
        return redirect("accounts:account")
    context: dict = {"is_admin": bool(kim_access.admin_regencies(user))}  # the administration menu
    if context["is_admin"]:
        # A worker that died is invisible otherwise: queued emails would wait for ever.
        from jembatan.core.background import background_status

        context["background"] = background_status()
    panel_templates = []
    for panel in workspace_panels():
        panel_context = import_string(panel.context)(user)
        if panel_context:
            context.update(panel_context)
            panel_templates.append(panel.template)
    context["panel_templates"] = panel_templates
    context["can_see_dashboard"] = has_role(user, Role.PIMPINAN, Role.ADMIN, Role.EDITOR)
    context["can_download"] = bool(downloads_for(user))
    context["can_broadcast"] = has_role(user, Role.ADMIN, Role.EDITOR)
    return render(request, "portal/workspace.html", context)


app_name = "workspace"
urlpatterns = [path("", home, name="home")]
