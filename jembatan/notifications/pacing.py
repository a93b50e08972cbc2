"""Sending pace per (channel, sender), shared by every worker through the shared cache (Redis).

Each channel has a rate (messages per second: WhatsApp 80, Telegram 25 overall and 1 per chat, SMS
per gateway; email unpaced by default). A sender takes a numbered place in the current second with
one atomic increment; past the rate it waits for the next second and tries again. Every worker
counts in the same keys, so together they never pass the rate, however many run.
"""

from __future__ import annotations

import time

from django.conf import settings
from django.core.cache import cache


def _take(key: str, limit: int, second: int) -> bool:
    slot = f"pace:{key}:{second}"
    if cache.add(slot, 1, timeout=5):
        return True
    try:
        return cache.incr(slot) <= limit
    except ValueError:  # expired between add and incr
        return cache.add(slot, 1, timeout=5)


def wait_for_turn(channel: str, recipient: str = "", *, clock=time.time, sleep=time.sleep) -> float:
    """Block until ``channel`` (and, for Telegram, the chat) may send one more message; returns the wait."""
    if not settings.NOTIFICATIONS_PACING:
        return 0.0
    limits = [(channel, settings.NOTIFICATIONS_RATES.get(channel, 0))]
    if channel == "telegram" and recipient:
        limits.append((f"telegram-chat:{recipient}", settings.NOTIFICATIONS_TELEGRAM_PER_CHAT))
    waited = 0.0
    for key, limit in limits:
        if limit <= 0:
            continue
        while True:
            now = clock()
            if _take(key, limit, int(now)):
                break
            pause = int(now) + 1 - now + 0.001
            sleep(pause)
            waited += pause
    return waited
