"""Audit verbs of agencies: the strings stored in ``AuditLog.verb``."""

from jembatan.core.audit import AuditVerb


class AgencyVerb(AuditVerb):
    CREATED = "agency.created"
    UPDATED = "agency.updated"
