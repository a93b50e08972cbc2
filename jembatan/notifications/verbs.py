"""Audit verbs of notifications: the strings stored in ``AuditLog.verb``."""

from jembatan.core.audit import AuditVerb


class NotificationVerb(AuditVerb):
    TEMPLATE_EDITED = "notifications.template_edited"
    TEMPLATE_RESET = "notifications.template_reset"
    MESSAGE_RETRIED = "notifications.message_retried"
    MESSAGE_CANCELLED = "notifications.message_cancelled"
