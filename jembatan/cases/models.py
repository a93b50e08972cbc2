"""Abstract bases for a case: what a citizen files and follows on a working-day clock.

A concrete case model (an aspiration, an information request, an objection) inherits
:class:`CaseModel` for its tracking code, private-link salt, idempotent intake and milestones;
its timeline inherits :class:`TimelineEventModel`, with a foreign key to the case. Followers are
subscriptions of the notifications capability to one case (``cases.followers``).
"""

from __future__ import annotations

import secrets

from django.db import models
from django.utils.translation import gettext_lazy as _

from jembatan.core.models import TimeStampedModel


class CaseModel(TimeStampedModel):
    code = models.CharField(_("tracking code"), max_length=20, unique=True, null=True, blank=True)
    # Private-link secrets are derived from it (``cases.tracking``): nothing secret is stored.
    secret_salt = models.CharField(max_length=32)
    # ``cases.intake``: a channel-scoped key and the fingerprint of the first request that used it.
    idempotency_key = models.CharField(max_length=80, unique=True, null=True, blank=True)
    request_fingerprint = models.CharField(max_length=64, blank=True)
    received_at = models.DateTimeField(_("received"), db_index=True)
    escalated_at = models.DateTimeField(null=True, blank=True)

    # The URL-safe prefix of tracking codes ("ASP") and the purpose the private-link secret is bound to.
    CODE_PREFIX = ""
    LINK_PURPOSE = ""

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.code or f"#{self.pk}"


class TimelineEventModel(models.Model):
    """One step of a case's timeline. ``public`` events appear to everyone who may see the case."""

    status = models.CharField(max_length=20)
    note = models.TextField(blank=True)
    public = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    CASE_FIELD = "case"

    class Meta:
        abstract = True
        ordering = ["created_at", "id"]


def follower_token() -> str:
    """Named by an early migration (the follower table, since moved to subscriptions)."""
    return secrets.token_urlsafe(24)
