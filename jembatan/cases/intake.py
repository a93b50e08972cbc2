"""Idempotent intake: a case is stored once however often a client retries.

A client's key is scoped to its channel (``api:``, ``open311:``, ``web:``) and hashed to a fixed length,
so a key chosen by one client never meets another channel's. The first request's fingerprint is kept:
the same key with a different request is refused rather than silently answered with the first case.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from jembatan.core.errors import DomainError


class IdempotencyConflict(DomainError):
    def __init__(self, message: str | None = None) -> None:
        super().__init__(
            message or _("This idempotency key was already used for a different report. Send a new key."),
            code="idempotency_conflict",
        )


def scoped_key(channel: str, key: str) -> str:
    """The stored key: one namespace per channel, fixed length (a client's key never meets a web form's)."""
    return f"{channel}:{hashlib.sha256(key.encode()).hexdigest()}"


def fingerprint(canonical: dict) -> str:
    """A stable digest of a request (keys sorted), kept with the case to recognise an honest retry."""
    return hashlib.sha256(json.dumps(canonical, sort_keys=True, default=str).encode()).hexdigest()


def _replay(model, key: str, request_fingerprint: str):
    existing = model.objects.filter(idempotency_key=key).first()
    if existing is not None and existing.request_fingerprint != request_fingerprint:
        raise IdempotencyConflict()
    return existing


def intake_once(model, *, key: str | None, request_fingerprint: str, create: Callable[[], object]):
    """Run ``create()`` (which stores the case with ``idempotency_key=key``) at most once per key.

    Returns ``(case, created)``. Two simultaneous first requests meet at the unique key: the loser's
    transaction rolls back and it answers with the winner's case.
    """
    if key:
        existing = _replay(model, key, request_fingerprint)
        if existing is not None:
            return existing, False
    try:
        with transaction.atomic():
            return create(), True
    except IntegrityError:
        if key:
            existing = _replay(model, key, request_fingerprint)
            if existing is not None:
                return existing, False
        raise
