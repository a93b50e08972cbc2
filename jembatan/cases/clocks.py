"""Declarative legal clocks.

A :class:`Clock` is a declaration: its name, the milestone that starts it, how many working days it
gives, the date field that holds its due date, the statuses in which it runs and those that pause
it, and what happens when it expires (escalation to the people responsible, or a transition of the
case's workflow such as an automatic close). :class:`Clocks` holds a case type's clocks and derives
from them everything that used to be written by hand per capability: due dates on every transition,
recomputation after a calendar change, the overdue filter, the deadline that matters now, the
expired cases a job acts on, and how a due date was reached (the days skipped and why).

A pause never restarts a clock: the working days spent in a pausing status (read from the case's
timeline) are added to the days the clock gives, and while the case is paused the due date is empty.
A due date is computed only while its clock runs; once a clock stops, its last due date stays as the
record of what the deadline was.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Case, DateField, F, Q, When
from django.utils import timezone

from jembatan.core.audit import audit_record
from jembatan.core.workdays import SkippedDay, WorkingCalendar

ESCALATE = "escalate"


@dataclass(frozen=True)
class Clock:
    name: str
    starts: str  # the milestone (a datetime field) the clock counts from
    days: int  # working days after the milestone's day
    due: str  # the date field that holds the due date
    runs_in: frozenset[str]
    pauses_in: frozenset[str] = frozenset()
    on_expiry: str = ESCALATE  # ESCALATE, or the name of a workflow transition to perform
    label: str = ""
    # An integer field of the case with working days added to this clock (a lawful extension).
    extra_days: str = ""

    def __post_init__(self) -> None:
        if self.runs_in & self.pauses_in:
            raise ValueError(f"clock {self.name}: a status cannot both run and pause it")
        if self.days < 0:
            raise ValueError(f"clock {self.name}: days must not be negative")

    @property
    def escalates(self) -> bool:
        return self.on_expiry == ESCALATE

    def days_for(self, case) -> int:
        """The working days this clock gives ``case``: its own, plus any extension the case holds."""
        return self.days + ((getattr(case, self.extra_days) or 0) if self.extra_days else 0)


@dataclass(frozen=True)
class DueExplanation:
    """How a due date was reached: the start day, the working days given and every day skipped."""

    clock: Clock
    start: datetime.date
    days: int
    paused_days: int
    extra_days: int
    due: datetime.date
    skipped: list[SkippedDay] = field(default_factory=list)


def default_calendar(case) -> WorkingCalendar:
    """The calendar of the case's regency (its ``regency_id``), or of the current site."""
    return WorkingCalendar.current(getattr(case, "regency_id", None))


class Clocks:
    """The clocks of one case type.

    ``history(case)``: the case's status changes as ``[(status, datetime), …]`` in time order; needed
    only when a clock can pause. ``calendar(case)``: the working calendar that governs the case.
    """

    def __init__(
        self,
        *clocks: Clock,
        history: Callable[[object], list[tuple[str, datetime.datetime]]] | None = None,
        calendar: Callable[[object], WorkingCalendar] = default_calendar,
    ) -> None:
        names = [clock.name for clock in clocks]
        if len(set(names)) != len(names):
            raise ValueError("clock names must be unique")
        if any(clock.pauses_in for clock in clocks) and history is None:
            raise ValueError("a clock that pauses needs the case's history")
        self.clocks = clocks
        self.history = history
        self.calendar = calendar

    def __iter__(self):
        return iter(self.clocks)

    def __getitem__(self, name: str) -> Clock:
        for clock in self.clocks:
            if clock.name == name:
                return clock
        raise KeyError(name)

    @property
    def due_fields(self) -> list[str]:
        return [clock.due for clock in self.clocks]

    @property
    def open_statuses(self) -> frozenset[str]:
        """Statuses in which some clock runs or is paused: the cases a calendar change may move."""
        return frozenset().union(*(clock.runs_in | clock.pauses_in for clock in self.clocks))

    # --- Computing due dates ------------------------------------------------------------------

    def _paused_days(self, clock: Clock, case, start: datetime.date, calendar: WorkingCalendar) -> int:
        if not clock.pauses_in:
            return 0
        paused = 0
        entered: datetime.date | None = None
        for status, at in self.history(case):
            day = timezone.localdate(at)
            if status in clock.pauses_in and entered is None:
                entered = max(day, start)
            elif status not in clock.pauses_in and entered is not None:
                paused += max(calendar.working_days_between(entered, max(day, start)), 0)
                entered = None
        if entered is not None and case.status not in clock.pauses_in:
            # The case is leaving the pause right now (its timeline event is written after the save).
            paused += max(calendar.working_days_between(entered, max(timezone.localdate(), start)), 0)
        return paused

    def paused_days(self, clock_name: str, case, calendar: WorkingCalendar | None = None) -> int:
        """Working days ``clock_name`` has spent paused so far (0 when it never paused or has not started)."""
        clock = self[clock_name]
        started = getattr(case, clock.starts)
        if started is None:
            return 0
        return self._paused_days(clock, case, timezone.localdate(started), calendar or self.calendar(case))

    def due_date(self, clock: Clock, case, calendar: WorkingCalendar | None = None) -> datetime.date | None:
        """The due date of ``clock`` now, or ``None`` when it has not started or is paused."""
        started = getattr(case, clock.starts)
        if started is None or case.status in clock.pauses_in:
            return None
        calendar = calendar or self.calendar(case)
        start = timezone.localdate(started)
        return calendar.add_working_days(start, clock.days_for(case) + self._paused_days(clock, case, start, calendar))

    def explain(self, clock_name: str, case, calendar: WorkingCalendar | None = None) -> DueExplanation | None:
        clock = self[clock_name]
        started = getattr(case, clock.starts)
        if started is None:
            return None
        calendar = calendar or self.calendar(case)
        start = timezone.localdate(started)
        paused = self._paused_days(clock, case, start, calendar)
        extra = clock.days_for(case) - clock.days
        due, skipped = calendar.explain(start, clock.days + extra + paused)
        return DueExplanation(clock, start, clock.days, paused, extra, due, skipped)

    def apply(self, case, calendar: WorkingCalendar | None = None) -> list[str]:
        """Set the due date of every clock that runs or is paused in the case's status; the changed fields."""
        calendar = calendar or self.calendar(case)
        changed = []
        for clock in self.clocks:
            if case.status not in clock.runs_in | clock.pauses_in:
                continue
            due = self.due_date(clock, case, calendar)
            if getattr(case, clock.due) != due:
                setattr(case, clock.due, due)
                changed.append(clock.due)
        return changed

    def running(self, case) -> Clock | None:
        return next((clock for clock in self.clocks if case.status in clock.runs_in), None)

    # --- Queries ------------------------------------------------------------------------------

    def overdue_q(self, today: datetime.date) -> Q:
        """Cases past the due date of a clock that escalates, in a status where that clock runs."""
        condition = Q(pk__in=[])
        for clock in self.clocks:
            if clock.escalates:
                condition |= Q(status__in=clock.runs_in, **{f"{clock.due}__lt": today})
        return condition

    def expired_q(self, clock_name: str, today: datetime.date) -> Q:
        clock = self[clock_name]
        return Q(status__in=clock.runs_in, **{f"{clock.due}__lt": today})

    def next_due(self) -> Case:
        """A query expression: the due date of the clock running in each case's status."""
        return Case(
            *(When(status__in=sorted(clock.runs_in), then=F(clock.due)) for clock in self.clocks),
            default=None,
            output_field=DateField(),
        )

    # --- Jobs ---------------------------------------------------------------------------------

    def recompute(self, queryset, *, verb, calendar: WorkingCalendar | None = None) -> int:
        """After a calendar change: recompute the open cases of ``queryset`` under a lock, audited.

        ``calendar``: read fresh by the caller (never a cached copy, this runs right after a change);
        ``None`` uses each case's own calendar.
        """
        fields = self.due_fields
        changed = 0
        pks = list(queryset.filter(status__in=self.open_statuses).values_list("pk", flat=True))
        for pk in pks:
            with transaction.atomic():
                case = queryset.model.objects.select_for_update().get(pk=pk)
                before = {name: getattr(case, name) for name in fields}
                if self.apply(case, calendar):
                    case.save(update_fields=[*fields, "updated_at"])
                    audit_record(
                        actor=None, verb=verb, obj=case, actor_label="sistem", before=before,
                        after={name: getattr(case, name) for name in fields},
                    )  # fmt: skip
                    changed += 1
        return changed

    def expire(self, model, clock_name: str, today: datetime.date, act: Callable[[int], bool]) -> int:
        """Call ``act(pk)`` for every case whose ``clock_name`` expired before ``today``; how many acted."""
        pks = list(model.objects.filter(self.expired_q(clock_name, today)).values_list("pk", flat=True))
        return sum(1 for pk in pks if act(pk))


def escalate_overdue(
    queryset,
    *,
    clocks: Clocks,
    today: datetime.date,
    verb,
    send: Callable[[object], Iterable[str]],
) -> int:
    """Tell the people responsible about overdue cases, once a day per case.

    ``send(case)`` enqueues the messages (inside the transaction that marks the case escalated, so a
    crash cannot mark without sending nor send twice) and returns the recipients for the audit row.
    """
    escalated = 0
    overdue = queryset.filter(clocks.overdue_q(today)).filter(
        Q(escalated_at__isnull=True) | Q(escalated_at__date__lt=today)
    )
    for case in overdue:
        with transaction.atomic():
            type(case).objects.filter(pk=case.pk).update(escalated_at=timezone.now())
            recipients = sorted(send(case))
            audit_record(actor=None, verb=verb, obj=case, actor_label="sistem", after={"to": recipients})
        escalated += 1
    return escalated
