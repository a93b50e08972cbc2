"""Audit verbs of syndication: the strings stored in ``AuditLog.verb``."""

from jembatan.core.audit import AuditVerb


class SyndicationVerb(AuditVerb):
    FEED_CREATED = "feed.created"
    FEED_DEACTIVATED = "feed.deactivated"
    FEED_UPDATED = "feed.updated"
    ENTRY_DISMISSED = "feed_entry.dismissed"
    ENTRY_RELEASED = "feed_entry.released"
    ENTRY_REPUBLISHED = "feed_entry.republished"
