"""Declarative clocks: due dates, pauses that never restart a clock, overdue and expiry, recomputation."""

from __future__ import annotations

import datetime
from types import SimpleNamespace

import pytest
from django.utils import timezone

from jembatan.aspirations.clocks import CLOCKS as ASPIRATION_CLOCKS
from jembatan.aspirations.models import Aspiration
from jembatan.aspirations.models import AspirationStatus as S
from jembatan.cases.clocks import Clock, Clocks
from jembatan.core.workdays import WorkingCalendar

D = datetime.date
TZ = datetime.timezone(datetime.timedelta(hours=7))


def at(day: datetime.date, hour: int = 10) -> datetime.datetime:
    return datetime.datetime(day.year, day.month, day.day, hour, tzinfo=TZ)


# A request clock: 10 working days from receipt, paused while the requester is asked to clarify.
REQUEST = Clock("answer", starts="received_at", days=10, due="answer_due", runs_in=frozenset({"baru"}),
                pauses_in=frozenset({"klarifikasi"}))  # fmt: skip


def request_clocks(history):
    return Clocks(REQUEST, history=lambda case: history, calendar=lambda case: WorkingCalendar())


def case(status, received):
    return SimpleNamespace(status=status, received_at=at(received), answer_due=None)


def test_a_clock_gives_its_working_days_after_the_milestone(db):
    clocks = request_clocks([("baru", at(D(2026, 3, 2)))])
    request = case("baru", D(2026, 3, 2))
    assert clocks.apply(request) == ["answer_due"]
    assert request.answer_due == WorkingCalendar().add_working_days(D(2026, 3, 2), 10)


def test_a_pause_stops_the_clock_and_resuming_adds_the_paused_days_without_restarting(db):
    calendar = WorkingCalendar()
    received, asked, answered = D(2026, 6, 1), D(2026, 6, 4), D(2026, 6, 11)  # Mon; Thu; next Thu
    paused = request_clocks([("baru", at(received)), ("klarifikasi", at(asked))])
    request = case("klarifikasi", received)
    paused.apply(request)
    assert request.answer_due is None  # stopped while the requester is asked

    resumed = request_clocks([("baru", at(received)), ("klarifikasi", at(asked)), ("baru", at(answered))])
    request.status = "baru"
    resumed.apply(request)
    waited = calendar.working_days_between(asked, answered)
    assert waited == 5
    # Not 10 days from the day the answer came (a restart), but the original due date moved by the wait.
    assert request.answer_due == calendar.add_working_days(received, 10 + waited)
    assert request.answer_due != calendar.add_working_days(answered, 10)
    explained = resumed.explain("answer", request)
    assert (explained.days, explained.paused_days, explained.due) == (10, 5, request.answer_due)
    assert all(not calendar.is_working_day(day.date) for day in explained.skipped)


def test_a_declaration_is_checked():
    with pytest.raises(ValueError):
        Clock("x", starts="a", days=1, due="b", runs_in=frozenset({"s"}), pauses_in=frozenset({"s"}))
    with pytest.raises(ValueError):
        Clocks(REQUEST)  # pauses without a history
    with pytest.raises(ValueError):
        Clocks(Clock("x", "a", 1, "b", frozenset({"s"})), Clock("x", "c", 1, "d", frozenset({"t"})))


def test_the_aspiration_overdue_filter_and_next_due_come_from_the_declaration(db, regions):
    from tests.factories import make_aspiration

    today = timezone.localdate()
    late = make_aspiration()
    Aspiration.objects.filter(pk=late.pk).update(verify_due=today - datetime.timedelta(days=1))
    on_time = make_aspiration()
    Aspiration.objects.filter(pk=on_time.pk).update(verify_due=today + datetime.timedelta(days=1))
    overdue = set(Aspiration.objects.filter(ASPIRATION_CLOCKS.overdue_q(today)).values_list("pk", flat=True))
    assert late.pk in overdue and on_time.pk not in overdue
    row = Aspiration.objects.annotate(next_due=ASPIRATION_CLOCKS.next_due()).get(pk=late.pk)
    assert row.next_due == today - datetime.timedelta(days=1)
    # The close clock does not escalate: it closes the report (a workflow transition) when it expires.
    assert [clock.name for clock in ASPIRATION_CLOCKS if not clock.escalates] == ["close"]
    assert ASPIRATION_CLOCKS["close"].on_expiry == "auto_close"
    assert S.DITINDAKLANJUTI in ASPIRATION_CLOCKS.open_statuses


def test_the_aspiration_due_dates_agree_with_the_working_day_calculator_over_a_year(db):
    """Each clock gives exactly ``add_working_days`` from its milestone's day (the calculator's own answer)."""
    calendar = WorkingCalendar.current()
    for offset in range(0, 365, 5):
        day = D(2026, 1, 1) + datetime.timedelta(days=offset)
        report = SimpleNamespace(
            status=S.BARU, received_at=at(day), disposed_at=at(day), answered_at=at(day),
            verify_due=None, answer_due=None, close_due=None,
        )  # fmt: skip
        ASPIRATION_CLOCKS.apply(report, calendar)
        assert report.verify_due == calendar.add_working_days(day, 3)
        report.status = S.DIDISPOSISIKAN
        ASPIRATION_CLOCKS.apply(report, calendar)
        assert report.answer_due == calendar.add_working_days(day, 5)
        report.status = S.DITINDAKLANJUTI
        ASPIRATION_CLOCKS.apply(report, calendar)
        assert report.close_due == calendar.add_working_days(day, 10)
