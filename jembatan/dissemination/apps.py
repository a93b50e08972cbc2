from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from jembatan.core.registry import Capability, DemoSeeder, UrlMount


class DisseminationConfig(AppConfig):
    name = "jembatan.dissemination"
    label = "dissemination"
    verbose_name = _("Dissemination and reach")
    capability = Capability(
        label="dissemination",
        priority=20,
        urls=(UrlMount("", "jembatan.dissemination.urls"),),  # before communities: /kim/bagikan/ is not a KIM
        demo=(DemoSeeder(40, "jembatan.dissemination.demo.seed_reach", "disseminations_created"),),
    )
