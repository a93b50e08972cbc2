from datetime import timedelta

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from jembatan.core.registry import Capability, DemoSeeder, Export, PeriodicJob, SearchKind, UrlMount, WorkspacePanel


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
            PeriodicJob(
                "agency_counts_refresh", "jembatan.aspirations.tasks.agency_counts_refresh_task", timedelta(days=1)
            ),
        ),
        message_templates=("jembatan.aspirations.messages.TEMPLATES",),
        chat_commands=("jembatan.aspirations.chat.COMMAND",),
        demo=(DemoSeeder(20, "jembatan.aspirations.demo.seed_aspirations", "aspirations_created"),),
        search=(
            SearchKind(
                "aspirasi",
                "jembatan.aspirations.search_index.aspirations_search_rebuild",
                "jembatan.aspirations.search_index.search_labels",
            ),
        ),
        panels=(
            WorkspacePanel(40, "jembatan.aspirations.workspace.queues_panel", "aspirations/_workspace_queues.html"),
        ),
        exports=(
            Export(
                "laporan",
                _("Reports and their deadlines"),
                "jembatan.aspirations.exports.report_register",
                ("admin", "pimpinan"),
            ),
        ),
    )

    def ready(self) -> None:
        from django.db.models.signals import post_save

        from jembatan.aspirations.models import Aspiration

        def sync_search(sender, instance, **kwargs):
            # In the save's own transaction: a report made secret must leave the search even if the
            # process dies right after the commit. A new report is saved once without its tracking code
            # and again, in the same transaction, with it: one task, queued by the second save, is enough.
            if instance.code is None:
                return
            from jembatan.aspirations.tasks import aspiration_search_sync_task
            from jembatan.core.background import enqueue_with_transaction

            enqueue_with_transaction(aspiration_search_sync_task, aspiration_id=instance.pk)

        post_save.connect(sync_search, sender=Aspiration, dispatch_uid="aspirations.search_sync", weak=False)
