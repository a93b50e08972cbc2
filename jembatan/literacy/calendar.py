"""Events as iCalendar (RFC 5545) with ``icalendar``: one event's ``.ics`` and the feed of all."""

from __future__ import annotations

from django.utils.translation import gettext as _
from icalendar import Calendar
from icalendar import Event as CalendarEvent

from jembatan.core import tenancy


def calendar_for(events, *, request) -> bytes:
    from jembatan.literacy.models import EventStatus
    from jembatan.literacy.selectors import organiser_name

    cal = Calendar()
    cal.add("prodid", "-//Jembatan//Kegiatan//ID")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", _("Events: %(organisation)s") % {"organisation": tenancy.organisation()})
    host = request.get_host().split(":")[0]
    for event in events:
        item = CalendarEvent()
        item.add("uid", f"kegiatan-{event.pk}@{host}")
        item.add("summary", event.title)
        item.add("description", f"{event.description}\n\n{organiser_name(event)}")
        item.add("dtstart", event.starts_at)
        item.add("dtend", event.ends_at)
        item.add("dtstamp", event.updated_at)
        item.add("url", request.build_absolute_uri(event.get_absolute_url()))
        item.add("location", _("Online") if event.online else ", ".join(
            part for part in (event.address, event.village.name if event.village else "") if part
        ))  # fmt: skip
        item.add("status", "CANCELLED" if event.status == EventStatus.CANCELLED else "CONFIRMED")
        cal.add_component(item)
    return cal.to_ical()
