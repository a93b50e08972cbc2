"""Sending pace per (channel, sender), shared by every worker: a GCRA token scheduler.

Each channel has a rate (messages per second: WhatsApp 80, Telegram 25 overall and 1 per chat, SMS
per gateway; email unpaced by default). A sender reserves the next free instant with one atomic step
on a "theoretical arrival time" (``start = max(tat, now)``, ``tat = start + 1/rate``) and sleeps
until it. On Redis (production) the step is a Lua script using Redis's own clock, so every worker on
every machine shares one schedule; with another cache (development, tests) a lock in the process
does the same for its threads. Messages leave exactly ``1/rate`` apart, never in bursts.
"""

from __future__ import annotations

import threading
import time

from django.conf import settings

_SCRIPT = """
local t = redis.call('TIME')
local now = tonumber(t[1]) + tonumber(t[2]) / 1000000
local tat = tonumber(redis.call('GET', KEYS[1]) or '0')
local interval = tonumber(ARGV[1])
local start = math.max(tat, now)
redis.call('SET', KEYS[1], string.format('%.6f', start + interval), 'PX', math.ceil((start + interval - now) * 1000) + 1000)
return {string.format('%.6f', start), string.format('%.6f', now)}
"""

_local_lock = threading.Lock()
_local_tat: dict[str, float] = {}


def _redis():
    from django.core.cache import caches
    from django.core.cache.backends.redis import RedisCache

    backend = caches["default"]
    return backend._cache.get_client(write=True) if isinstance(backend, RedisCache) else None


def caches_prefix() -> str:
    from django.core.cache import caches

    return caches["default"].key_prefix or "jembatan"


def reserve(key: str, rate: float, *, clock=time.time) -> tuple[float, float]:
    """Reserve the next instant ``key`` may send at ``rate`` per second: returns (that instant, now)."""
    interval = 1.0 / rate
    client = _redis()
    if client is not None:
        start, now = client.eval(_SCRIPT, 1, f"{caches_prefix()}:pace:{key}", f"{interval:.6f}")
        return float(start), float(now)
    with _local_lock:
        now = clock()
        if len(_local_tat) > 10_000:  # one key per Telegram chat: forget the schedules already past
            for old in [k for k, tat in _local_tat.items() if tat < now]:
                del _local_tat[old]
        start = max(_local_tat.get(key, 0.0), now)
        _local_tat[key] = start + interval
        return start, now


def wait_for_turn(channel: str, recipient: str = "", *, sleep=time.sleep, clock=time.time) -> float:
    """Block until ``channel`` (and, for Telegram, the chat) may send one more message; returns the wait."""
    if not settings.NOTIFICATIONS_PACING:
        return 0.0
    limits = [(channel, settings.NOTIFICATIONS_RATES.get(channel, 0))]
    if channel == "telegram" and recipient:
        limits.append((f"telegram-chat:{recipient}", settings.NOTIFICATIONS_TELEGRAM_PER_CHAT))
    waited = 0.0
    for key, rate in limits:
        if rate > 0:
            start, now = reserve(key, rate, clock=clock)
            if start > now:
                sleep(start - now)
                waited += start - now
    return waited
