from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    """The shared base of everything a citizen files and follows (no models of its own, no capability)."""

    name = "jembatan.cases"
    label = "cases"
    verbose_name = _("Cases with legal clocks")
