"""The working-day calendar over real 2026 dates, the cuti bersama setting, local changes and recomputation."""

import datetime

import pytest
import time_machine
from django.template import Context, Template
from django.utils import translation

from jembatan.core import deadlines, services
from jembatan.core.errors import DomainError
from jembatan.core.models import AuditLog
from jembatan.core.workdays import WorkingCalendar, add_working_days, working_days_between

D = datetime.date


@pytest.mark.parametrize(
    ("start", "days", "due"),
    [
        (D(2026, 11, 27), 1, D(2026, 11, 30)),  # Friday + 1: the weekend does not count
        (D(2026, 11, 28), 0, D(2026, 11, 28)),  # zero days: the start date itself
        (D(2026, 11, 28), 1, D(2026, 11, 30)),  # received on a Saturday
        (D(2026, 3, 17), 1, D(2026, 3, 25)),  # Nyepi, Idul Fitri and its cuti bersama (18–24 March)
        (D(2026, 3, 17), 3, D(2026, 3, 27)),
        (D(2026, 3, 17), 10, D(2026, 4, 8)),  # also Good Friday, 3 April
        (D(2026, 12, 23), 3, D(2026, 12, 30)),  # cuti bersama 24 Dec, Christmas 25 Dec
        (D(2026, 12, 30), 2, D(2027, 1, 4)),  # across the year end: 1 January is a holiday
        (D(2026, 8, 14), 1, D(2026, 8, 18)),  # Independence Day, Monday 17 August
    ],
)
def test_due_date_is_the_nth_working_day_after_receipt(db, start, days, due):
    assert add_working_days(start, days) == due


def test_cuti_bersama_setting_works_both_ways(db):
    assert add_working_days(D(2026, 3, 17), 3) == D(2026, 3, 27)
    services.calendar_settings_update(actor=None, cuti_bersama_is_holiday=False)
    # 18 March counts, 19 Nyepi does not, 20 counts, 21–22 weekend, 23 counts.
    assert add_working_days(D(2026, 3, 17), 3) == D(2026, 3, 23)
    services.calendar_settings_update(actor=None, cuti_bersama_is_holiday=True)
    assert add_working_days(D(2026, 3, 17), 3) == D(2026, 3, 27)


def test_local_day_off_and_worked_holiday(db):
    services.calendar_override_add(actor=None, date=D(2026, 11, 30), kind="libur", reason="Hari jadi kota (contoh)")
    assert add_working_days(D(2026, 11, 27), 1) == D(2026, 12, 1)
    services.calendar_override_add(actor=None, date=D(2026, 11, 28), kind="kerja", reason="Sabtu kerja pengganti")
    assert add_working_days(D(2026, 11, 27), 1) == D(2026, 11, 28)


def test_a_change_needs_a_reason_and_one_per_date(db):
    with pytest.raises(DomainError):
        services.calendar_override_add(actor=None, date=D(2026, 11, 30), kind="libur", reason=" ")
    services.calendar_override_add(actor=None, date=D(2026, 11, 30), kind="libur", reason="Alasan")
    with pytest.raises(DomainError):
        services.calendar_override_add(actor=None, date=D(2026, 11, 30), kind="kerja", reason="Lagi")


def test_open_deadlines_are_recomputed_and_the_change_audited(db, django_capture_on_commit_callbacks):
    """A capability registers its recomputation; a calendar change runs it after commit."""
    deadlines_kept = {"ASP-1": (D(2026, 11, 27), 1, None)}

    def recompute(regency_code="19.71"):
        changed = 0
        for code, (start, days, due) in deadlines_kept.items():
            new_due = add_working_days(start, days)
            if new_due != due:
                deadlines_kept[code] = (start, days, new_due)
                changed += 1
        return changed

    deadlines.register_recomputer("test", recompute)
    try:
        recompute()
        assert deadlines_kept["ASP-1"][2] == D(2026, 11, 30)
        with django_capture_on_commit_callbacks(execute=True):
            services.calendar_override_add(actor=None, date=D(2026, 11, 30), kind="libur", reason="Banjir")
        assert deadlines_kept["ASP-1"][2] == D(2026, 12, 1)
        assert AuditLog.objects.filter(verb="calendar.override_added").count() == 1
    finally:
        deadlines.unregister_recomputer("test")


def test_working_days_between_counts_both_ways(db):
    assert working_days_between(D(2026, 11, 27), D(2026, 11, 30)) == 1
    assert working_days_between(D(2026, 11, 30), D(2026, 11, 27)) == -1
    assert working_days_between(D(2026, 3, 17), D(2026, 3, 27)) == 3


@pytest.mark.parametrize(
    ("today", "due", "text"),
    [
        (D(2026, 11, 27), D(2026, 12, 2), "3 hari kerja lagi"),
        (D(2026, 11, 30), D(2026, 11, 30), "jatuh tempo hari ini"),
        (D(2026, 12, 2), D(2026, 11, 27), "terlambat 3 hari kerja"),
    ],
)
def test_deadlines_read_in_working_days(db, today, due, text):
    with (
        time_machine.travel(datetime.datetime(today.year, today.month, today.day, 10, tzinfo=datetime.UTC), tick=False),
        translation.override("id"),
    ):
        rendered = Template("{{ due|deadline_status }}").render(Context({"due": due}))
    assert rendered == text


def test_calculator_api(client, db):
    response = client.get("/api/v1/calendar/working-days?start=2026-03-17&days=3")
    assert response.json() == {"start": "2026-03-17", "days": 3, "due": "2026-03-27"}
    assert client.get("/api/v1/calendar/working-days?start=2026-02-30&days=3").status_code == 422
    assert client.get("/api/v1/calendar/working-days?start=2026-03-17&days=-1").status_code == 422
    assert client.get("/api/v1/calendar/working-days?start=2026-03-17&days=99999").status_code == 422
    days_off = client.get("/api/v1/calendar/days-off?year=2026").json()
    assert {"date": "2026-03-20", "name": "Cuti Bersama Hari Raya Idul Fitri", "source": "nasional"} in days_off


def test_the_calendar_object_is_pure():
    calendar = WorkingCalendar(cuti_bersama_is_holiday=False)
    assert calendar.is_working_day(D(2026, 3, 18))
    assert not calendar.is_working_day(D(2026, 3, 19))
