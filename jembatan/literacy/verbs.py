from jembatan.core.audit import AuditVerb


class LiteracyVerb(AuditVerb):
    EVENT_SAVED = "literacy.event_saved"
    EVENT_PUBLISHED = "literacy.publish"
    EVENT_CANCELLED = "literacy.cancel"
    REGISTERED = "literacy.registered"
    CANCELLED = "literacy.registration_cancelled"
    PROMOTED = "literacy.promoted"
    CHECKED_IN = "literacy.checked_in"
    WALK_IN = "literacy.walk_in"
    CERTIFICATES_ISSUED = "literacy.certificates_issued"
    CERTIFICATE_REVOKED = "literacy.certificate_revoked"
    MATERIAL_SAVED = "literacy.material_saved"
    RUBRIC_SAVED = "literacy.rubric_saved"
