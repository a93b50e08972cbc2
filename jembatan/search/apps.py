from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from jembatan.core.registry import Capability, UrlMount


class SearchConfig(AppConfig):
    name = "jembatan.search"
    label = "search"
    verbose_name = _("Search")
    capability = Capability(label="search", priority=50, urls=(UrlMount("", "jembatan.search.urls"),))
