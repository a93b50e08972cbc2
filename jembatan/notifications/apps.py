from datetime import timedelta

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from jembatan.core.registry import BackgroundQueue, Capability, PeriodicJob, UrlMount


class NotificationsConfig(AppConfig):
    name = "jembatan.notifications"
    label = "notifications"
    verbose_name = _("Notifications")
    capability = Capability(
        label="notifications",
        priority=12,
        urls=(
            UrlMount("staf/pesan/", "jembatan.notifications.urls"),
            UrlMount("hooks/", "jembatan.notifications.hooks"),
            UrlMount("langganan/", "jembatan.notifications.public"),
        ),
        message_templates=("jembatan.notifications.messages.TEMPLATES",),
        worker_loops=("jembatan.notifications.outbox.run_loop",),
        background_queues=(BackgroundQueue("message", "jembatan.notifications.outbox.oldest_due"),),
        jobs=(
            PeriodicJob(
                "handle_inbound_events", "jembatan.notifications.tasks.handle_inbound_task", timedelta(minutes=1)
            ),
            PeriodicJob(
                "expire_unreceipted_messages",
                "jembatan.notifications.tasks.expire_unreceipted_task",
                timedelta(hours=1),
            ),
        ),
    )
