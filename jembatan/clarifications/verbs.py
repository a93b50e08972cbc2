from jembatan.core.audit import AuditVerb


class ClarificationVerb(AuditVerb):
    SAVED = "clarification.saved"
    SUBMITTED = "clarification.submitted"
    PUBLISHED = "clarification.published"
    RETURNED = "clarification.returned"
