from datetime import timedelta

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from jembatan.core.registry import (
    Capability,
    DemoSeeder,
    Export,
    PeriodicJob,
    SearchKind,
    SitemapSection,
    UrlMount,
    WorkspacePanel,
)


class CommunitiesConfig(AppConfig):
    name = "jembatan.communities"
    label = "communities"
    verbose_name = _("KIM registry")
    capability = Capability(
        message_templates=("jembatan.communities.messages.TEMPLATES",),
        chat_commands=("jembatan.communities.chat.COMMAND",),
        label="communities",
        priority=30,
        urls=(UrlMount("", "jembatan.communities.urls"),),
        api_router="jembatan.communities.api.router",
        jobs=(
            PeriodicJob(
                "lapse_inactive_kims", "jembatan.communities.tasks.lapse_inactive_kims_task", timedelta(days=1)
            ),
            PeriodicJob("kim_counts_refresh", "jembatan.communities.tasks.kim_counts_refresh_task", timedelta(days=1)),
        ),
        demo=(DemoSeeder(10, "jembatan.communities.demo.seed_demo"),),
        search=(
            SearchKind(
                "kim",
                "jembatan.communities.search_index.kims_search_rebuild",
                "jembatan.communities.search_index.search_labels",
            ),
        ),
        sitemaps=(SitemapSection("kim", "jembatan.communities.sitemaps.KimSitemap"),),
        panels=(
            WorkspacePanel(10, "jembatan.communities.workspace.queues_panel", "communities/_workspace_queues.html"),
            WorkspacePanel(20, "jembatan.communities.workspace.coverage_panel", "communities/_workspace_coverage.html"),
            WorkspacePanel(30, "jembatan.communities.workspace.my_kims_panel", "communities/_workspace_my_kims.html"),
        ),
        account_panels=(
            WorkspacePanel(10, "jembatan.communities.account.kims_panel", "communities/_account_kims.html"),
        ),
        exports=(
            Export(
                "kim", _("KIM register"), "jembatan.communities.exports.kim_register", ("admin", "editor", "pimpinan")
            ),
        ),
    )

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        def record_sign_in(sender, request, user, **kwargs):
            from jembatan.communities.services import kim_record_sign_in

            kim_record_sign_in(user=user)

        user_logged_in.connect(record_sign_in, dispatch_uid="communities.record_sign_in", weak=False)
