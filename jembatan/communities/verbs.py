"""Audit verbs of the KIM registry: the strings stored in ``AuditLog.verb``."""

from jembatan.core.audit import AuditVerb


class KimVerb(AuditVerb):
    ACTIVATE = "kim.activate"
    ACTIVITY_RECORDED = "kim.activity_recorded"
    DISSOLVE = "kim.dissolve"
    HANDED_OVER = "kim.handed_over"
    LAPSE = "kim.lapse"
    LEGALISE = "kim.legalise"
    MEMBER_ADDED = "kim.member_added"
    MEMBER_REMOVED = "kim.member_removed"
    MEMBER_UPDATED = "kim.member_updated"
    MEMBERS_REPLACED = "kim.members_replaced"
    MESSAGE_RELAYED = "kim.message_relayed"
    PUBLIC_CONTACT_SET = "kim.public_contact_set"
    REACTIVATE = "kim.reactivate"
    REJECT = "kim.reject"
    REQUEST_CORRECTION = "kim.request_correction"
    RESUBMIT = "kim.resubmit"
    SUBMITTED = "kim.submitted"
    VERIFY = "kim.verify"
    RULES_UPDATED = "kim_rules.updated"
