"""Audit verbs of notifications: the strings stored in ``AuditLog.verb``."""

from jembatan.core.audit import AuditVerb


class NotificationVerb(AuditVerb):
    TEMPLATE_EDITED = "notifications.template_edited"
    TEMPLATE_RESET = "notifications.template_reset"
    MESSAGE_RETRIED = "notifications.message_retried"
    MESSAGE_CANCELLED = "notifications.message_cancelled"
    BROADCAST_STARTED = "notifications.broadcast_started"
    BROADCAST_PAUSED = "notifications.broadcast_paused"
    BROADCAST_RESUMED = "notifications.broadcast_resumed"
    BROADCAST_CANCELLED = "notifications.broadcast_cancelled"
