"""Audit verbs of people and roles: the strings stored in ``AuditLog.verb``."""

from jembatan.core.audit import AuditVerb


class AccountVerb(AuditVerb):
    ROLE_GRANTED = "role.granted"
    ROLE_REVOKED = "role.revoked"
    USER_CREATED = "user.created"
    USER_EMAIL_CONFIRMED = "user.email_confirmed"
    USER_INVITED = "user.invited"
    USER_PASSWORD_CHANGED = "user.password_changed"  # noqa: S105 (a verb, not a secret)
    USER_RECOVERY_CODES_RENEWED = "user.recovery_codes_renewed"
    USER_TWO_FACTOR_ENABLED = "user.two_factor_enabled"
    USER_TWO_FACTOR_RESET = "user.two_factor_reset"
