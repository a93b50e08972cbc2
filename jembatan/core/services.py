"""Writes shared by every capability: the working-day calendar."""

from __future__ import annotations

import datetime

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from jembatan.core import tenancy
from jembatan.core.audit import CoreVerb, audit_record, snapshot
from jembatan.core.errors import DomainError
from jembatan.core.models import CalendarOverride, CalendarSettings
from jembatan.core.workdays import forget_calendar


def _after_calendar_change(code: str) -> None:
    from jembatan.core.background import enqueue_with_transaction
    from jembatan.core.tasks import recompute_open_deadlines_task

    forget_calendar(code)
    transaction.on_commit(lambda: forget_calendar(code))
    # In the change's own transaction: a calendar change never leaves open deadlines unrecomputed.
    enqueue_with_transaction(recompute_open_deadlines_task, regency_code=code)


def calendar_settings(regency_code: str | None = None) -> CalendarSettings:
    row, _created = CalendarSettings.objects.get_or_create(regency_code=regency_code or tenancy.regency_code())
    return row


def calendar_settings_update(
    *, actor, cuti_bersama_is_holiday: bool, regency_code: str | None = None
) -> CalendarSettings:
    code = regency_code or tenancy.regency_code()
    with transaction.atomic():
        calendar_settings(code)
        row = CalendarSettings.objects.select_for_update().get(regency_code=code)
        if row.cuti_bersama_is_holiday == cuti_bersama_is_holiday:
            return row
        before = snapshot(row, ["cuti_bersama_is_holiday"])
        row.cuti_bersama_is_holiday = cuti_bersama_is_holiday
        row.save()
        audit_record(
            actor=actor,
            verb=CoreVerb.CALENDAR_SETTINGS_UPDATED,
            obj=row,
            before=before,
            after=snapshot(row, ["cuti_bersama_is_holiday"]),
        )
        _after_calendar_change(code)
    return row


def calendar_override_add(
    *, actor, date: datetime.date, kind: str, reason: str, regency_code: str | None = None
) -> CalendarOverride:
    """A local change to the regency's calendar (the current site's by default)."""
    code = regency_code or tenancy.regency_code()
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("Write the reason for this change, for example the decree that sets it."))
    if kind not in CalendarOverride.Kind.values:
        raise DomainError(_("Choose whether the day is a day off or a working day."))
    try:
        with transaction.atomic():
            override = CalendarOverride.objects.create(
                regency_code=code,
                date=date,
                kind=kind,
                reason=reason[:300],
                created_by=actor if getattr(actor, "is_authenticated", False) else None,
            )
            audit_record(
                actor=actor,
                verb=CoreVerb.CALENDAR_OVERRIDE_ADDED,
                obj=override,
                after=snapshot(override, ["date", "kind", "reason"]),
            )
            _after_calendar_change(code)
    except IntegrityError as exc:
        raise DomainError(_("This date already has a change. Remove it first.")) from exc
    return override


def calendar_override_remove(*, actor, override: CalendarOverride) -> None:
    with transaction.atomic():
        before = snapshot(override, ["date", "kind", "reason"])
        audit_record(actor=actor, verb=CoreVerb.CALENDAR_OVERRIDE_REMOVED, obj=override, before=before)
        override.delete()
        _after_calendar_change(override.regency_code)
