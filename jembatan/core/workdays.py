"""The one working-day calendar behind every legal clock.

Each regency has its own calendar: the national days below are shared, the local changes and the cuti
bersama setting are the regency's (``CalendarOverride`` and ``CalendarSettings`` carry its code).
Non-working days are Saturdays, Sundays, Indonesian public holidays (``holidays`` package, category
``public``), the joint leave days (cuti bersama, category ``government``) when the instance says they
stop the clock, and the local days off in CalendarOverride; a CalendarOverride of kind "kerja" makes
a day a working day again. Deadlines count working days *after* the day of receipt.
"""

from __future__ import annotations

import datetime
import functools
from dataclasses import dataclass, field

import holidays
from django.core.cache import cache

from jembatan.core import tenancy

CACHE_KEY = "workdays:calendar"
MAX_DAYS = 3650


@functools.lru_cache(maxsize=64)
def national_days_off(year: int, include_cuti_bersama: bool) -> dict[datetime.date, str]:
    categories = ("public", "government") if include_cuti_bersama else ("public",)
    return dict(holidays.country_holidays("ID", years=year, categories=categories, language="id").items())


@dataclass(frozen=True)
class SkippedDay:
    """A day a deadline did not count: ``kind`` is "akhir_pekan", "nasional" or "lokal"."""

    date: datetime.date
    kind: str
    name: str


@dataclass(frozen=True)
class WorkingCalendar:
    cuti_bersama_is_holiday: bool = True
    extra_days_off: frozenset[datetime.date] = field(default_factory=frozenset)
    extra_working_days: frozenset[datetime.date] = field(default_factory=frozenset)
    reasons: tuple[tuple[datetime.date, str], ...] = ()

    @classmethod
    def load(cls, regency_code: str | None = None) -> WorkingCalendar:
        """The calendar of a regency (the current site's by default) as stored now, read from the database."""
        from jembatan.core.models import CalendarOverride, CalendarSettings

        code = regency_code or tenancy.regency_code()
        settings_row = CalendarSettings.objects.filter(regency_code=code).first()
        overrides = list(CalendarOverride.objects.filter(regency_code=code).values_list("date", "kind", "reason"))
        return cls(
            cuti_bersama_is_holiday=settings_row.cuti_bersama_is_holiday if settings_row else True,
            extra_days_off=frozenset(d for d, kind, _r in overrides if kind == "libur"),
            extra_working_days=frozenset(d for d, kind, _r in overrides if kind == "kerja"),
            reasons=tuple((d, r) for d, _k, r in overrides),
        )

    @classmethod
    def current(cls, regency_code: str | None = None) -> WorkingCalendar:
        """A regency's calendar as configured now (cached until a calendar service changes it)."""
        code = regency_code or tenancy.regency_code()
        calendar = cache.get(_cache_key(code))
        if calendar is None:
            calendar = cls.load(code)
            # A short lifetime bounds staleness with a per-process cache; with Redis the change is shared at once.
            cache.set(_cache_key(code), calendar, 60)
        return calendar

    def is_working_day(self, day: datetime.date) -> bool:
        if day in self.extra_working_days:
            return True
        if day in self.extra_days_off:
            return False
        if day.weekday() >= 5:
            return False
        return day not in national_days_off(day.year, self.cuti_bersama_is_holiday)

    def add_working_days(self, start: datetime.date, days: int) -> datetime.date:
        """The ``days``-th working day after ``start`` (``start`` itself is not counted)."""
        if not 0 <= days <= MAX_DAYS:
            raise ValueError(f"days must be between 0 and {MAX_DAYS}")
        current = start
        counted = 0
        while counted < days:
            current += datetime.timedelta(days=1)
            if self.is_working_day(current):
                counted += 1
        return current

    def explain(self, start: datetime.date, days: int) -> tuple[datetime.date, list[SkippedDay]]:
        """The due date of ``add_working_days`` and every day it skipped on the way, with the reason.

        The same walk as ``add_working_days``: a due date can always be shown with how it was reached.
        """
        if not 0 <= days <= MAX_DAYS:
            raise ValueError(f"days must be between 0 and {MAX_DAYS}")
        reasons = dict(self.reasons)
        skipped: list[SkippedDay] = []
        current, counted = start, 0
        while counted < days:
            current += datetime.timedelta(days=1)
            if self.is_working_day(current):
                counted += 1
                continue
            if current in self.extra_days_off:
                skipped.append(SkippedDay(current, "lokal", reasons.get(current, "")))
            elif current.weekday() >= 5:
                skipped.append(SkippedDay(current, "akhir_pekan", ""))
            else:
                skipped.append(
                    SkippedDay(
                        current, "nasional", national_days_off(current.year, self.cuti_bersama_is_holiday)[current]
                    )
                )
        return current, skipped

    def working_days_between(self, start: datetime.date, end: datetime.date) -> int:
        """Working days after ``start`` up to and including ``end``; negative when ``end`` is earlier."""
        if end == start:
            return 0
        step = 1 if end > start else -1
        low, high = (start, end) if step == 1 else (end, start)
        count = 0
        current = low
        while current < high:
            current += datetime.timedelta(days=1)
            if self.is_working_day(current):
                count += 1
        return count * step

    def days_off(self, year: int) -> list[tuple[datetime.date, str, str]]:
        """Every non-working weekday of ``year`` with its name and source, for the calendar page."""
        reasons = dict(self.reasons)
        national = national_days_off(year, self.cuti_bersama_is_holiday)
        result = []
        day = datetime.date(year, 1, 1)
        while day.year == year:
            if day.weekday() < 5 and not self.is_working_day(day):
                source = "lokal" if day in self.extra_days_off else "nasional"
                result.append((day, reasons.get(day) or national.get(day, ""), source))
            day += datetime.timedelta(days=1)
        return result


def add_working_days(start: datetime.date, days: int) -> datetime.date:
    return WorkingCalendar.current().add_working_days(start, days)


def working_days_between(start: datetime.date, end: datetime.date) -> int:
    return WorkingCalendar.current().working_days_between(start, end)


def _cache_key(regency_code: str) -> str:
    return f"{CACHE_KEY}:{regency_code}"


def forget_calendar(regency_code: str | None = None) -> None:
    cache.delete(_cache_key(regency_code or tenancy.regency_code()))
