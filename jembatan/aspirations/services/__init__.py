"""Writes for aspirations and complaints, split along their seams:

- ``workflow``: the state machine (``WORKFLOW``), the locked transition helper and field changes;
- ``intake``: a report arrives, stored once per idempotency key;
- ``handling``: verification, routing, progress, answers, the reporter's replies, duplicates, privacy;
- ``deadlines``: the clocks' jobs (recompute, automatic close, escalation);
- ``contact``: private links and the messages to reporters, followers and agencies;
- ``followers``: following a public report;
- ``categories``: the routing table.

Everything callers use is importable from ``jembatan.aspirations.services``.
"""

from jembatan.aspirations.clocks import ANSWER_DAYS, CLOSE_DAYS, VERIFY_DAYS
from jembatan.aspirations.services.categories import CATEGORY_FIELDS, category_save
from jembatan.aspirations.services.contact import (
    aspiration_check_secret,
    aspiration_resend_private_link,
    aspiration_secret,
    private_link,
)
from jembatan.aspirations.services.deadlines import (
    aspiration_auto_close_due,
    aspiration_deadlines_recompute,
    aspiration_escalate_overdue,
    overdue_filter,
)
from jembatan.aspirations.services.followers import (
    aspiration_follow,
    aspiration_follow_confirm,
    aspiration_follower_count,
    aspiration_is_followed_by,
    aspiration_unfollow,
    follow_subject,
)
from jembatan.aspirations.services.handling import (
    aspiration_accept,
    aspiration_answer,
    aspiration_dispose,
    aspiration_edit_public_texts,
    aspiration_make_secret,
    aspiration_mark_duplicate,
    aspiration_not_competent,
    aspiration_progress_update,
    aspiration_rate,
    aspiration_reject,
    aspiration_reject_answer,
    aspiration_reporter_set_privacy,
    aspiration_return_to_admin,
    aspiration_verify,
)
from jembatan.aspirations.services.intake import CONSENT_TEXT, IdempotencyConflict, SubmissionData, aspiration_submit
from jembatan.aspirations.services.workflow import AUDITED, TRANSITIONS, WORKFLOW, _transition
from jembatan.core.errors import TransitionNotAllowed

__all__ = [
    "ANSWER_DAYS", "AUDITED", "CATEGORY_FIELDS", "CLOSE_DAYS", "CONSENT_TEXT", "TRANSITIONS", "VERIFY_DAYS",
    "WORKFLOW", "IdempotencyConflict", "SubmissionData", "TransitionNotAllowed", "_transition",
    "aspiration_accept", "aspiration_answer", "aspiration_auto_close_due", "aspiration_check_secret",
    "aspiration_deadlines_recompute", "aspiration_dispose", "aspiration_edit_public_texts",
    "aspiration_escalate_overdue", "aspiration_follow", "aspiration_follow_confirm", "aspiration_follower_count",
    "aspiration_is_followed_by", "follow_subject", "aspiration_make_secret",
    "aspiration_mark_duplicate", "aspiration_not_competent", "aspiration_progress_update", "aspiration_rate",
    "aspiration_reject", "aspiration_reject_answer", "aspiration_reporter_set_privacy",
    "aspiration_resend_private_link", "aspiration_return_to_admin", "aspiration_secret", "aspiration_submit",
    "aspiration_unfollow", "aspiration_verify", "category_save", "overdue_filter", "private_link",
]  # fmt: skip
