"""Sign-in throttling with growing delays, by account and address, never a hard lock.

Two counters of failed sign-ins, in the shared cache:

- per (account, client address): the first ``LOGIN_FREE_FAILURES`` failures cost nothing; each further
  one makes that address wait before it may try that account again: 30 s, 1 min, 2 min, 4 min … up to
  ``LOGIN_MAX_DELAY_MINUTES``;
- per account, from any address: a higher threshold (``LOGIN_ACCOUNT_FREE_FAILURES``) and short delays
  (5 s, 10 s, 20 s … at most ``LOGIN_ACCOUNT_MAX_DELAY_SECONDS``), which slows guessing spread over
  many addresses but can never keep the owner out for more than that.

While a wait runs the password is not checked at all. A successful sign-in clears both counters for
that account and address. Counters are forgotten a day after the last failure. One address trying many
accounts is limited separately (``LOGIN_ATTEMPTS_PER_IP``).
"""

from __future__ import annotations

import hashlib
import math
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache

FORGET_AFTER_SECONDS = 24 * 3600


@dataclass(frozen=True)
class Wait:
    seconds: int

    @property
    def minutes(self) -> int:
        return max(1, math.ceil(self.seconds / 60))


def _account(email: str) -> str:
    return hashlib.sha256((email or "").strip().lower().encode()).hexdigest()[:32]


def _keys(email: str, address: str) -> tuple[str, str]:
    account = _account(email)
    return f"login-fail:pair:{account}:{address}", f"login-fail:account:{account}"


def _delay(failures: int, free: int, first_seconds: int, cap_seconds: int) -> int:
    if failures <= free:
        return 0
    return min(first_seconds * 2 ** (failures - free - 1), cap_seconds)


def _policies() -> tuple[tuple[int, int, int], tuple[int, int, int]]:
    pair = (settings.LOGIN_FREE_FAILURES, 30, settings.LOGIN_MAX_DELAY_MINUTES * 60)
    account = (settings.LOGIN_ACCOUNT_FREE_FAILURES, 5, settings.LOGIN_ACCOUNT_MAX_DELAY_SECONDS)
    return pair, account


def wait_before_attempt(email: str, address: str, now: float | None = None) -> Wait | None:
    """How long this address must still wait before it may try this account, or ``None``."""
    now = time.time() if now is None else now
    longest = 0
    for key in _keys(email, address):
        state = cache.get(key)
        if state:
            longest = max(longest, math.ceil(state["until"] - now))
    return Wait(longest) if longest > 0 else None


def record_failure(email: str, address: str, now: float | None = None) -> None:
    now = time.time() if now is None else now
    for key, (free, first, cap) in zip(_keys(email, address), _policies(), strict=True):
        state = cache.get(key) or {"failures": 0, "until": 0}
        failures = state["failures"] + 1
        cache.set(key, {"failures": failures, "until": now + _delay(failures, free, first, cap)}, FORGET_AFTER_SECONDS)


def record_success(email: str, address: str) -> None:
    cache.delete_many(list(_keys(email, address)))
