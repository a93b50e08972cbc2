"""Audit verbs of the trust pages: the strings stored in ``AuditLog.verb``."""

from jembatan.core.audit import AuditVerb


class PageVerb(AuditVerb):
    SAVED = "page.saved"
