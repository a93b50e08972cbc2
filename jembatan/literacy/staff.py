"""Diskominfo's event pages: the events, a form to create or change one, and its registrations."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _

from jembatan.accounts.permissions import access_instance_regency, require_access
from jembatan.accounts.roles import Role
from jembatan.core.errors import DomainError
from jembatan.literacy import services
from jembatan.literacy.forms import EventForm
from jembatan.literacy.models import Event, RegistrationStatus

ROLES = (Role.ADMIN, Role.EDITOR)
FIELDS = ("title", "kind", "description", "audience", "starts_at", "ends_at", "online", "online_url", "village",
          "address", "organiser", "kim", "agency", "capacity", "reserved_for_officers", "registration_opens_at",
          "registration_closes_at")  # fmt: skip


@require_access(*ROLES)
def list_view(request):
    regency = access_instance_regency(request.user, *ROLES)
    events = Event.objects.filter(regency_id=regency).order_by("-starts_at")[:300]
    return render(request, "literacy/staff_list.html", {"events": events})


def _event(request, pk: int) -> Event:
    regency = access_instance_regency(request.user, *ROLES)
    event = Event.objects.filter(pk=pk, regency_id=regency).first()
    if event is None:
        raise Http404
    return event


@require_access(*ROLES)
def edit_view(request, pk: int | None = None):
    regency = access_instance_regency(request.user, *ROLES)
    event = _event(request, pk) if pk is not None else None
    initial = {name: getattr(event, name) for name in FIELDS} if event else {}
    form = EventForm(request.POST or None, initial=initial, regency_code=regency)
    if request.method == "POST" and form.is_valid():
        c = form.cleaned_data
        data = services.EventData(**{name: c[name] if c[name] is not None else "" for name in FIELDS
                                     if name not in ("village", "kim", "agency")},
                                  village=c["village"], kim=c["kim"], agency=c["agency"])  # fmt: skip
        try:
            event = services.event_save(actor=request.user, regency_code=regency, data=data, event=event,
                                        publish=c["publish"])  # fmt: skip
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Saved."))
            return redirect("literacy_staff:registrations", pk=event.pk)
    return render(request, "literacy/staff_edit.html", {"form": form, "event": event})


@require_access(*ROLES)
def registrations_view(request, pk: int):
    event = _event(request, pk)
    rows = event.registrations.select_related("village", "kim").order_by("created_at", "id")
    if request.GET.get("format") == "csv":
        return _csv(event, rows)
    counts = {status: rows.filter(status=status).count() for status in RegistrationStatus.values}
    return render(request, "literacy/staff_registrations.html",
                  {"event": event, "rows": rows, "counts": counts, "places_left": services.places_left(event)})  # fmt: skip


def _csv(event, rows) -> HttpResponse:
    import csv

    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="pendaftar-{event.slug}.csv"'
    writer = csv.writer(response)
    writer.writerow([_("Code"), _("Name"), _("Kelurahan"), _("KIM"), _("KIM officer"), _("Status"), _("Registered")])
    for row in rows:
        writer.writerow([
            row.code, _cell(row.name), row.village.name if row.village else "", _cell(row.kim.name) if row.kim else "",
            _("yes") if row.officer else "", row.get_status_display(), row.created_at.isoformat(timespec="minutes"),
        ])  # fmt: skip
    return response


def _cell(value: str) -> str:
    """A name that a spreadsheet would run as a formula is written as text."""
    return "'" + value if value[:1] in ("=", "+", "-", "@") else value


app_name = "literacy_staff"
urlpatterns = [
    path("", list_view, name="list"),
    path("baru/", edit_view, name="new"),
    path("<int:pk>/", registrations_view, name="registrations"),
    path("<int:pk>/ubah/", edit_view, name="edit"),
]
