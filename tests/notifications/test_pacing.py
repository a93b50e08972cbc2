"""The sending pace: never more than the configured messages per second per channel, across workers."""

from __future__ import annotations

import pytest

from jembatan.notifications import pacing


class Clock:
    def __init__(self, start: float = 1_000_000.25) -> None:
        self.now = start

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture
def rates(settings):
    settings.NOTIFICATIONS_PACING = True
    settings.NOTIFICATIONS_RATES = {"whatsapp": 5, "telegram": 25, "sms": 2, "email": 0}
    settings.NOTIFICATIONS_TELEGRAM_PER_CHAT = 1


def test_the_rate_is_kept_exactly_per_second(rates):
    clock = Clock()
    seconds = [None] * 12
    for n in range(12):
        pacing.wait_for_turn("whatsapp", clock=clock, sleep=clock.sleep)
        seconds[n] = int(clock.now)
    assert [seconds.count(s) for s in sorted(set(seconds))] == [5, 5, 2]


def test_two_workers_share_the_same_count(rates):
    clock = Clock()
    first = [pacing.wait_for_turn("sms", clock=clock, sleep=clock.sleep) for _ in range(2)]
    assert first == [0.0, 0.0]
    # A second worker in the same second finds the places taken and waits for the next one.
    assert pacing.wait_for_turn("sms", clock=clock, sleep=clock.sleep) > 0.7


def test_telegram_keeps_one_per_second_per_chat_and_email_is_unpaced(rates):
    clock = Clock()
    assert pacing.wait_for_turn("telegram", "111", clock=clock, sleep=clock.sleep) == 0.0
    assert pacing.wait_for_turn("telegram", "222", clock=clock, sleep=clock.sleep) == 0.0
    assert pacing.wait_for_turn("telegram", "111", clock=clock, sleep=clock.sleep) > 0.7
    assert all(pacing.wait_for_turn("email", clock=clock, sleep=clock.sleep) == 0.0 for _ in range(100))


def test_pacing_can_be_switched_off(settings, rates):
    settings.NOTIFICATIONS_PACING = False
    clock = Clock()
    assert all(pacing.wait_for_turn("sms", clock=clock, sleep=clock.sleep) == 0.0 for _ in range(10))
