from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AspirationsConfig(AppConfig):
    name = "jembatan.aspirations"
    label = "aspirations"
    verbose_name = _("Aspirations and complaints")

    def ready(self):
        from jembatan.aspirations.services import aspiration_deadlines_recompute
        from jembatan.core.deadlines import register_recomputer

        register_recomputer("aspirations", aspiration_deadlines_recompute)
