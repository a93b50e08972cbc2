from datetime import timedelta

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from jembatan.core.registry import Capability, DemoSeeder, PeriodicJob, UrlMount, WorkspacePanel


class AspirationsConfig(AppConfig):
    name = "jembatan.aspirations"
    label = "aspirations"
    verbose_name = _("Aspirations and complaints")
    capability = Capability(
        label="aspirations",
        priority=40,
        urls=(
            UrlMount("", "jembatan.aspirations.urls"),
            UrlMount("staf/kategori/", "jembatan.aspirations.routing"),
            UrlMount("open311/v2/", "jembatan.aspirations.open311"),
        ),
        api_router="jembatan.aspirations.api.router",
        deadline_recomputers=("jembatan.aspirations.services.aspiration_deadlines_recompute",),
        jobs=(
            PeriodicJob(
                "close_answered_reports", "jembatan.aspirations.tasks.auto_close_answered_task", timedelta(hours=6)
            ),
            PeriodicJob(
                "escalate_overdue_reports", "jembatan.aspirations.tasks.escalate_overdue_task", timedelta(hours=6)
            ),
        ),
        demo=(DemoSeeder(20, "jembatan.aspirations.demo.seed_aspirations", "aspirations_created"),),
        panels=(
            WorkspacePanel(40, "jembatan.aspirations.workspace.queues_panel", "aspirations/_workspace_queues.html"),
        ),
    )
