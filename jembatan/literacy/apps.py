from datetime import timedelta

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from jembatan.core.registry import Capability, DemoSeeder, PeriodicJob, SitemapSection, UrlMount, WorkspacePanel


class LiteracyConfig(AppConfig):
    name = "jembatan.literacy"
    label = "literacy"
    verbose_name = _("Digital literacy")
    capability = Capability(
        label="literacy",
        # Before communities (30): /staf/kim/penilaian/ is the scorecard, not a KIM's staff page.
        priority=25,
        urls=(
            UrlMount("", "jembatan.literacy.scorecard_views"),
            UrlMount("kegiatan/", "jembatan.literacy.urls"),
            UrlMount("staf/kegiatan/", "jembatan.literacy.staff"),
            UrlMount("verifikasi/", "jembatan.literacy.verify"),
            UrlMount("materi/", "jembatan.literacy.material_urls"),
            UrlMount("staf/materi/", "jembatan.literacy.material_staff_urls"),
        ),
        message_templates=("jembatan.literacy.messages.TEMPLATES",),
        sitemaps=(SitemapSection("kegiatan", "jembatan.literacy.sitemaps.EventSitemap"),),
        kim_profile_panels=(
            WorkspacePanel(10, "jembatan.literacy.scorecard.kim_profile_panel", "literacy/_kim_scorecard.html"),
        ),
        jobs=(
            PeriodicJob("kim_scorecard_refresh", "jembatan.literacy.tasks.scorecard_refresh_task", timedelta(hours=6)),
        ),
        demo=(DemoSeeder(70, "jembatan.literacy.demo.seed_literacy", "events_created"),),
        panels=(WorkspacePanel(65, "jembatan.literacy.workspace.events_panel", "literacy/_workspace.html"),),
    )
