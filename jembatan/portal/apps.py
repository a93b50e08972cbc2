from django.apps import AppConfig

from jembatan.core.registry import Capability, WorkspacePanel


class PortalConfig(AppConfig):
    """The composition at the top: home page, staff workspace and the kernel's own pages, wired to every capability."""

    name = "jembatan.portal"
    label = "portal"
    verbose_name = "Portal"
    # The portal's own workspace panel, among the capabilities' (it composes; it is not a capability).
    capability = Capability(
        label="portal",
        priority=1000,
        panels=(
            WorkspacePanel(
                50,
                "jembatan.portal.workspace.information_requests_panel",
                "portal/_workspace_information_requests.html",
            ),
        ),
    )
