from datetime import timedelta

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from jembatan.core.registry import Capability, PeriodicJob, UrlMount, WorkspacePanel


class InformationConfig(AppConfig):
    name = "jembatan.information"
    label = "information"
    verbose_name = _("Public information service (PPID)")
    capability = Capability(
        label="information",
        priority=45,
        urls=(
            UrlMount("informasi/", "jembatan.information.urls"),
            UrlMount("staf/informasi/", "jembatan.information.staff"),
        ),
        panels=(WorkspacePanel(50, "jembatan.information.staff.queue_counts", "information/_workspace.html"),),
        api_router="jembatan.information.api.router",
        deadline_recomputers=("jembatan.information.services.information_deadlines_recompute",),
        message_templates=("jembatan.information.messages.TEMPLATES",),
        chat_commands=("jembatan.information.chat.COMMAND",),
        jobs=(
            PeriodicJob("lapse_unclarified_requests", "jembatan.information.tasks.lapse_unclarified_task",
                        timedelta(hours=6)),
            PeriodicJob("remind_and_escalate_requests", "jembatan.information.tasks.remind_and_escalate_task",
                        timedelta(hours=3)),
        ),
    )  # fmt: skip
