from datetime import timedelta

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from jembatan.core.registry import Capability, PeriodicJob, UrlMount, WorkspacePanel


class SyndicationConfig(AppConfig):
    name = "jembatan.syndication"
    verbose_name = _("Syndication")
    capability = Capability(
        label="syndication",
        priority=60,
        urls=(UrlMount("staf/umpan/", "jembatan.syndication.urls"),),
        jobs=(PeriodicJob("fetch_feeds", "jembatan.syndication.tasks.fetch_all_feeds_task", timedelta(minutes=30)),),
        panels=(WorkspacePanel(70, "jembatan.syndication.workspace.feeds_panel", "syndication/_workspace_feeds.html"),),
    )
