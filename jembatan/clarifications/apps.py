from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from jembatan.core.registry import Capability, DemoSeeder, SitemapSection, UrlMount, WorkspacePanel


class ClarificationsConfig(AppConfig):
    name = "jembatan.clarifications"
    label = "clarifications"
    verbose_name = _("Hoax clarifications")
    capability = Capability(
        label="clarifications",
        priority=47,
        urls=(
            UrlMount("cek-fakta/", "jembatan.clarifications.urls"),
            UrlMount("staf/cek-fakta/", "jembatan.clarifications.staff"),
            UrlMount("feeds/", "jembatan.clarifications.feed_urls"),
        ),
        message_templates=("jembatan.clarifications.messages.TEMPLATES",),
        api_router="jembatan.clarifications.api.router",
        chat_commands=("jembatan.clarifications.chat.COMMAND",),
        sitemaps=(SitemapSection("cek-fakta", "jembatan.clarifications.sitemaps.ClaimSitemap"),),
        demo=(DemoSeeder(60, "jembatan.clarifications.demo.seed_clarifications", "claims_created"),),
        panels=(WorkspacePanel(66, "jembatan.clarifications.staff.desk_panel", "clarifications/_workspace.html"),),
    )
