"""Audit verbs of the newsroom: the strings stored in ``AuditLog.verb``."""

from jembatan.core.audit import AuditVerb


class NewsroomVerb(AuditVerb):
    ARCHIVE = "newsroom.archive"
    CORRECTED = "newsroom.corrected"
    CORRECTION_DECLINED = "newsroom.correction_declined"
    CORRECTION_PROPOSED = "newsroom.correction_proposed"
    DISCARDED = "newsroom.discarded"
    ITEM_CREATED = "newsroom.item_created"
    ITEM_UPDATED = "newsroom.item_updated"
    JARGON_REMOVED = "newsroom.jargon_removed"
    JARGON_SAVED = "newsroom.jargon_saved"
    PHOTO_ADDED = "newsroom.photo_added"
    PHOTO_REMOVED = "newsroom.photo_removed"
    PUBLISH = "newsroom.publish"
    SEND_BACK = "newsroom.send_back"
    SETTINGS_UPDATED = "newsroom.settings_updated"
    SUBMIT = "newsroom.submit"
    TOPIC_CREATED = "newsroom.topic_created"
    TOPIC_DELETED = "newsroom.topic_deleted"
