from jembatan.core.audit import AuditVerb


class InformationVerb(AuditVerb):
    ANSWER = "information.answer"
    ASK_CLARIFICATION = "information.ask_clarification"
    CLARIFIED = "information.clarified"
    CLARIFIED_EXTENDED = "information.clarified_extended"
    DEADLINES_RECOMPUTED = "information.deadlines_recomputed"
    ESCALATED = "information.escalated"
    EXTEND = "information.extend"
    FORWARD = "information.forward"
    LAPSE = "information.lapse"
    REGISTER_ENTRY_SAVED = "information.register_entry_saved"
    ROUTED = "information.routed"
    SUBJECT_WORDED = "information.subject_worded"
    SUBMITTED = "information.submitted"
    WITHDRAW = "information.withdraw"


class ObjectionVerb(AuditVerb):
    FILED = "objection.filed"
    DECIDE = "objection.decide"
    TAKE_TO_KI = "objection.take_to_ki"
    KI_STEP = "objection.ki_step"
    KI_DECIDE = "objection.ki_decide"
    DEADLINES_RECOMPUTED = "objection.deadlines_recomputed"
