from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommunitiesConfig(AppConfig):
    name = "jembatan.communities"
    label = "communities"
    verbose_name = _("KIM registry")

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        def record_sign_in(sender, request, user, **kwargs):
            from jembatan.communities.services import kim_record_sign_in

            kim_record_sign_in(user=user)

        user_logged_in.connect(record_sign_in, dispatch_uid="communities.record_sign_in", weak=False)

        from jembatan.communities.search_index import KIND, kims_search_rebuild
        from jembatan.search.registry import register

        register(KIND, kims_search_rebuild)
