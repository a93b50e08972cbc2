from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NewsroomConfig(AppConfig):
    name = "jembatan.newsroom"
    label = "newsroom"
    verbose_name = _("Newsroom")

    def ready(self) -> None:
        from jembatan.newsroom import indexing
        from jembatan.search import registry

        registry.register("berita", indexing.rebuild)
