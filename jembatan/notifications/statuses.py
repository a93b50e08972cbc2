"""Message statuses (GOV.UK Notify's, plus read, cancelled and suppressed) and the one rule they follow.

A status only moves forward. The order is by *rank*: created → sending → delivered → the failures →
read. A provider's late or repeated receipt therefore cannot undo a newer one (a late ``delivered``
never overwrites ``read``), while a failure may still follow ``delivered`` (a bounce after the
provider's first acceptance). ``cancelled`` and ``suppressed`` end a message before it is sent.

This is deliberately not a :mod:`jembatan.core.workflow` machine: a broadcast writes hundreds of
thousands of rows, and each receipt is one conditional ``UPDATE … WHERE status IN (…)``, not a
transition with its own audit entry (the message's own history rows record every change).
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class MessageStatus(models.TextChoices):
    CREATED = "created", _("Created")
    SENDING = "sending", _("Sending")
    DELIVERED = "delivered", _("Delivered")
    READ = "read", _("Read")
    PERMANENT_FAILURE = "permanent-failure", _("Permanent failure")
    TEMPORARY_FAILURE = "temporary-failure", _("Temporary failure")
    TECHNICAL_FAILURE = "technical-failure", _("Technical failure")
    CANCELLED = "cancelled", _("Cancelled")
    SUPPRESSED = "suppressed", _("Suppressed")


S = MessageStatus

RANK = {
    S.CREATED: 0,
    S.SENDING: 1,
    S.DELIVERED: 2,
    S.PERMANENT_FAILURE: 3,
    S.TEMPORARY_FAILURE: 3,
    S.TECHNICAL_FAILURE: 3,
    S.READ: 4,
    S.CANCELLED: 5,
    S.SUPPRESSED: 5,
}

# Statuses that end a message before it reaches a provider: only a message not yet handed over gets one.
BEFORE_SENDING = {S.CANCELLED, S.SUPPRESSED}
FAILURES = {S.PERMANENT_FAILURE, S.TEMPORARY_FAILURE, S.TECHNICAL_FAILURE}
FINAL = FAILURES | BEFORE_SENDING | {S.READ}


def predecessors(status: str) -> list[str]:
    """The statuses a message may have for ``status`` to follow them (for ``filter(status__in=…)``)."""
    status = S(status)
    if status in BEFORE_SENDING:
        return [S.CREATED, S.SENDING]
    if status in FAILURES:
        return [S.CREATED, S.SENDING, S.DELIVERED]
    return [other for other, rank in RANK.items() if rank < RANK[status] and other not in FINAL]


def may_follow(current: str, new: str) -> bool:
    return S(current) in predecessors(new)
