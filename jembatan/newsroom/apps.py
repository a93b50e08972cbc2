from datetime import timedelta

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from jembatan.core.registry import (
    Capability,
    DemoSeeder,
    PeriodicJob,
    SearchKind,
    SitemapSection,
    UrlMount,
    WorkspacePanel,
)


class NewsroomConfig(AppConfig):
    name = "jembatan.newsroom"
    label = "newsroom"
    verbose_name = _("Newsroom")
    capability = Capability(
        message_templates=("jembatan.newsroom.messages.TEMPLATES",),
        chat_commands=("jembatan.newsroom.chat.COMMAND",),
        subscription_topics="jembatan.newsroom.selectors.subscription_topics",
        label="newsroom",
        priority=10,
        urls=(UrlMount("", "jembatan.newsroom.urls"),),  # before communities: /kim/berita/ is not a KIM
        api_router="jembatan.newsroom.api.router",
        jobs=(PeriodicJob("newsroom_sync_listing", "jembatan.newsroom.tasks.sync_listing_task", timedelta(minutes=5)),),
        demo=(DemoSeeder(30, "jembatan.newsroom.demo.seed_newsroom", "news_items_created"),),
        search=(
            SearchKind("berita", "jembatan.newsroom.indexing.rebuild", "jembatan.newsroom.indexing.search_labels"),
        ),
        sitemaps=(
            SitemapSection("berita", "jembatan.newsroom.sitemaps.NewsSitemap"),
            SitemapSection("kelurahan", "jembatan.newsroom.sitemaps.VillageHomeSitemap"),
        ),
        panels=(WorkspacePanel(60, "jembatan.newsroom.workspace.desk_panel", "newsroom/_workspace_desk.html"),),
    )
