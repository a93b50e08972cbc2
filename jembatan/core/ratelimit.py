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
