"""Audit verbs of aspirations: the strings stored in ``AuditLog.verb``."""

from jembatan.core.audit import AuditVerb


class AspirationVerb(AuditVerb):
    ACCEPT = "aspiration.accept"
    ANSWER = "aspiration.answer"
    AUTO_CLOSE = "aspiration.auto_close"
    DEADLINES_RECOMPUTED = "aspiration.deadlines_recomputed"
    DISPOSE = "aspiration.dispose"
    DUPLICATE = "aspiration.duplicate"
    ESCALATED = "aspiration.escalated"
    FOLLOWED = "aspiration.followed"
    FOLLOW_REQUESTED = "aspiration.follow_requested"
    MADE_SECRET = "aspiration.made_secret"  # noqa: S105 (a verb, not a secret)
    NOT_COMPETENT = "aspiration.not_competent"
    PROGRESS_REPORTED = "aspiration.progress_reported"
    PRIVATE_LINK_RESENT = "aspiration.private_link_resent"
    PRIVACY_SET_BY_REPORTER = "aspiration.privacy_set_by_reporter"
    PUBLIC_TEXTS_EDITED = "aspiration.public_texts_edited"
    RATED = "aspiration.rated"
    REJECT = "aspiration.reject"
    REJECT_ANSWER = "aspiration.reject_answer"
    RETURN_TO_ADMIN = "aspiration.return_to_admin"
    SUBMITTED = "aspiration.submitted"
    UNFOLLOWED = "aspiration.unfollowed"
    VERIFY = "aspiration.verify"
    CATEGORY_CREATED = "aspiration_category.created"
    CATEGORY_UPDATED = "aspiration_category.updated"
