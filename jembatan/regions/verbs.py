"""Audit verbs of regions: the strings stored in ``AuditLog.verb``."""

from jembatan.core.audit import AuditVerb


class RegionVerb(AuditVerb):
    OFFICIAL_NAME_SET = "regency.official_name_set"
