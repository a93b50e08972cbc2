"""Audit verbs of dissemination: the strings stored in ``AuditLog.verb``."""

from jembatan.core.audit import AuditVerb


class DisseminationVerb(AuditVerb):
    DELETED = "dissemination.deleted"
    LINK_CREATED = "dissemination.link_created"
    RECORDED = "dissemination.recorded"
