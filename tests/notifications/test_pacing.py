"""The sending pace: messages leave exactly 1/rate apart per channel, across threads and workers."""

from __future__ import annotations

import threading

import pytest

from jembatan.notifications import pacing


@pytest.fixture
def rates(settings):
    settings.NOTIFICATIONS_PACING = True
    settings.NOTIFICATIONS_RATES = {"whatsapp": 50, "telegram": 25, "sms": 20, "email": 0}
    settings.NOTIFICATIONS_TELEGRAM_PER_CHAT = 1
    pacing._local_tat.clear()


def _key(name: str) -> str:
    """A key of its own per test run (the schedule lives in the shared cache when it is Redis)."""
    import uuid

    return f"{name}-{uuid.uuid4().hex}"


def test_reservations_are_spaced_exactly_one_interval_apart(rates):
    key = _key("whatsapp")
    starts = [pacing.reserve(key, 50)[0] for _ in range(20)]
    gaps = [round(b - a, 6) for a, b in zip(starts, starts[1:], strict=False)]
    assert gaps == [0.02] * 19


def test_threads_sending_together_share_one_schedule(rates):
    key = _key("sms")
    starts: list[float] = []
    lock = threading.Lock()

    def worker():
        for _ in range(10):
            start, _now = pacing.reserve(key, 20)
            with lock:
                starts.append(start)

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=10)
    starts.sort()
    assert len(set(starts)) == 40
    assert all(abs((b - a) - 0.05) < 1e-5 for a, b in zip(starts, starts[1:], strict=False))


def test_wait_for_turn_sleeps_until_the_reserved_instant(rates, settings):
    settings.NOTIFICATIONS_RATES = {**settings.NOTIFICATIONS_RATES, "whatsapp": 10}
    slept: list[float] = []
    # A fresh channel name so an earlier reservation does not shift this one.
    settings.NOTIFICATIONS_RATES[channel := _key("wa")] = 10
    for _ in range(3):
        pacing.wait_for_turn(channel, sleep=slept.append)
    assert slept[0] == pytest.approx(0.1, abs=0.02) and slept[1] == pytest.approx(0.2, abs=0.02)


def test_telegram_also_keeps_one_per_second_per_chat_and_email_is_unpaced(rates):
    slept: list[float] = []
    chat = _key("chat")
    pacing.wait_for_turn("telegram", chat, sleep=slept.append)
    pacing.wait_for_turn("telegram", chat, sleep=slept.append)
    assert max(slept) == pytest.approx(1.0, abs=0.1)
    assert all(pacing.wait_for_turn("email", sleep=slept.append) == 0.0 for _ in range(50))


def test_pacing_can_be_switched_off(settings, rates):
    settings.NOTIFICATIONS_PACING = False
    assert all(pacing.wait_for_turn("sms", sleep=lambda s: None) == 0.0 for _ in range(10))


def test_the_schedule_lives_in_redis_when_the_cache_is_redis(settings):
    """Several worker processes share one schedule only through Redis (CI runs the suite with it)."""
    uses_redis = "Redis" in settings.CACHES["default"]["BACKEND"]
    assert (pacing._redis() is not None) == uses_redis
