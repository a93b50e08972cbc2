"""Public calendar endpoints: the working-day calculator and the non-working days of a year."""

import datetime

from ninja import Field, Query, Router, Schema

from jembatan.core.workdays import MAX_DAYS, WorkingCalendar

router = Router(tags=["calendar"])


class WorkingDaysOut(Schema):
    start: datetime.date
    days: int
    due: datetime.date


class YearIn(Schema):
    year: int = Field(..., ge=1990, le=2090)


class DayOffOut(Schema):
    date: datetime.date
    name: str
    source: str


class WorkingDaysIn(Schema):
    start: datetime.date = Field(..., ge=datetime.date(1990, 1, 1), le=datetime.date(2090, 12, 31))
    days: int = Field(..., ge=0, le=MAX_DAYS)


@router.get(
    "/calendar/working-days",
    response=WorkingDaysOut,
    summary="Due date: the n-th working day after the start date (the start date itself is not counted)",
)
def working_days(request, params: Query[WorkingDaysIn]):
    start, days = params.start, params.days
    return {"start": start, "days": days, "due": WorkingCalendar.current().add_working_days(start, days)}


@router.get("/calendar/days-off", response=list[DayOffOut], summary="Non-working weekdays of a year")
def days_off(request, params: Query[YearIn]):
    year = params.year
    return [{"date": d, "name": name, "source": source} for d, name, source in WorkingCalendar.current().days_off(year)]
