from jembatan.core.audit import AuditVerb


class LiteracyVerb(AuditVerb):
    EVENT_SAVED = "literacy.event_saved"
    REGISTERED = "literacy.registered"
    CANCELLED = "literacy.registration_cancelled"
    PROMOTED = "literacy.promoted"
