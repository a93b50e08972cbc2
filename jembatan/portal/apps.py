from django.apps import AppConfig


class PortalConfig(AppConfig):
    """The composition at the top: home page, staff workspace and the kernel's own pages, wired to every capability."""

    name = "jembatan.portal"
    label = "portal"
    verbose_name = "Portal"
