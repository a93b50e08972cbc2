from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from jembatan.core.registry import Capability, UrlMount


class PagesConfig(AppConfig):
    name = "jembatan.pages"
    label = "pages"
    verbose_name = _("Information pages")
    capability = Capability(label="pages", priority=5, urls=(UrlMount("", "jembatan.pages.urls"),))
