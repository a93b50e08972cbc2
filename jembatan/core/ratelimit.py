"""Simple fixed-window rate limits in the shared cache (spam control without a CAPTCHA)."""

from __future__ import annotations

import time

from django.core.cache import cache


def allow(bucket: str, *, limit: int, window_seconds: int) -> bool:
    """Count one hit in ``bucket``; False once more than ``limit`` hits fall in the current window."""
    window = int(time.time()) // window_seconds
    key = f"ratelimit:{bucket}:{window}"
    if cache.add(key, 1, timeout=window_seconds + 5):
        return True
    try:
        count = cache.incr(key)
    except ValueError:
        cache.set(key, 1, timeout=window_seconds + 5)
        return True
    return count <= limit


def charge(bucket: str, *, amount: int, limit: int, window_seconds: int) -> bool:
    """Add ``amount`` to ``bucket``; False when the total in the current window would pass ``limit``.

    A refused charge is not counted, so a sender over the budget can still send something small.
    """
    window = int(time.time()) // window_seconds
    key = f"ratelimit:{bucket}:{window}"
    cache.add(key, 0, timeout=window_seconds + 5)
    try:
        total = cache.incr(key, amount)
    except ValueError:
        cache.set(key, amount, timeout=window_seconds + 5)
        total = amount
    if total > limit:
        cache.decr(key, amount)
        return False
    return True
