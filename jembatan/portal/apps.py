from django.apps import AppConfig

from jembatan.core.registry import Capability


class PortalConfig(AppConfig):
    """The composition at the top: home page, staff workspace and the kernel's own pages, wired to every capability."""

    name = "jembatan.portal"
    label = "portal"
    verbose_name = "Portal"
    capability = Capability(label="portal", priority=1000)
