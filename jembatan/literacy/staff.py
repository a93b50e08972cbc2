"""Diskominfo's event pages: the events, a form to create or change one, and its registrations."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jembatan.accounts.permissions import access_instance_regency, require_access
from jembatan.accounts.roles import Role
from jembatan.core.errors import DomainError
from jembatan.literacy import services
from jembatan.literacy.forms import EventForm
from jembatan.literacy.models import LiteracyEvent, RegistrationStatus

ROLES = (Role.ADMIN, Role.EDITOR)
FIELDS = ("title", "kind", "description", "audience", "starts_at", "ends_at", "online", "online_url", "village",
          "address", "organiser", "kim", "agency", "capacity", "reserved_for_officers", "registration_opens_at",
          "registration_closes_at")  # fmt: skip


@require_access(*ROLES)
def list_view(request):
    regency = access_instance_regency(request.user, *ROLES)
    events = LiteracyEvent.objects.filter(regency_id=regency).order_by("-starts_at")[:300]
    return render(request, "literacy/staff_list.html", {"events": events})


def _event(request, pk: int) -> LiteracyEvent:
    regency = access_instance_regency(request.user, *ROLES)
    event = LiteracyEvent.objects.filter(pk=pk, regency_id=regency).first()
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
    rows = event.registrations.select_related("village", "kim", "certificate").order_by("created_at", "id")
    if request.GET.get("format") in ("csv", "xlsx"):
        return (_csv if request.GET["format"] == "csv" else _xlsx)(event, rows)
    counts = {status: rows.filter(status=status).count() for status in RegistrationStatus.values}
    return render(request, "literacy/staff_registrations.html",
                  {"event": event, "rows": rows, "counts": counts, "places_left": services.places_left(event),
                   "present": rows.filter(checked_in_at__isnull=False).count()})  # fmt: skip


def _table(rows) -> tuple[list[str], list[list[str]]]:
    """The attendance list: who registered, their place in it, and whether they came (no contacts)."""
    from django.utils import timezone

    heading = [_("Code"), _("Name"), _("Kelurahan"), _("KIM"), _("KIM officer"), _("Status"), _("Registered"),
               _("Present"), _("Walk-in")]  # fmt: skip
    body = [
        [row.code, _cell(row.name), row.village.name if row.village else "", _cell(row.kim.name) if row.kim else "",
         _("yes") if row.officer else "", str(row.get_status_display()),
         timezone.localtime(row.created_at).strftime("%Y-%m-%d %H:%M"),
         timezone.localtime(row.checked_in_at).strftime("%Y-%m-%d %H:%M") if row.checked_in_at else "",
         _("yes") if row.walk_in else ""]
        for row in rows
    ]  # fmt: skip
    return heading, body


def _csv(event, rows) -> HttpResponse:
    import csv

    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="pendaftar-{event.slug}.csv"'
    writer = csv.writer(response)
    heading, body = _table(rows)
    writer.writerow(heading)
    writer.writerows(body)
    return response


def _xlsx(event, rows) -> HttpResponse:
    import io

    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Pendaftar"
    heading, body = _table(rows)
    sheet.append(heading)
    for line in body:
        sheet.append(line)
    buffer = io.BytesIO()
    book.save(buffer)
    response = HttpResponse(buffer.getvalue(),
                            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")  # fmt: skip
    response["Content-Disposition"] = f'attachment; filename="pendaftar-{event.slug}.xlsx"'
    return response


def _cell(value: str) -> str:
    """A name that a spreadsheet would run as a formula is written as text."""
    return "'" + value if value[:1] in ("=", "+", "-", "@") else value


@require_POST
@require_access(*ROLES)
def certificates_view(request, pk: int):
    """Issue certificates to everyone checked in, or revoke one (with a reason)."""
    from jembatan.literacy import certificates
    from jembatan.literacy.models import Certificate

    event = _event(request, pk)
    try:
        if request.POST.get("action") == "revoke":
            certificate = Certificate.objects.filter(pk=request.POST.get("certificate") or 0,
                                                     registration__event=event).first()  # fmt: skip
            if certificate is None:
                raise Http404
            certificates.certificate_revoke(actor=request.user, certificate=certificate,
                                            reason=request.POST.get("reason", ""))  # fmt: skip
            messages.success(request, _("The certificate is revoked; its page says so."))
        else:
            count = certificates.certificates_issue(actor=request.user, event=event)
            messages.success(request, _("%(n)s certificate(s) issued.") % {"n": count})
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("literacy_staff:registrations", pk=event.pk)


@require_access(*ROLES)
def check_in_view(request, pk: int):
    """The door: a code typed or scanned (the page's script queues scans offline and sends them when the
    connection is back; without the script the form posts here), and walk-ins."""
    event = _event(request, pk)
    if request.method == "POST":
        try:
            if request.POST.get("action") == "walk_in":
                registration = services.walk_in(actor=request.user, event=event, name=request.POST.get("name", ""),
                                                phone=request.POST.get("phone", ""), email=request.POST.get("email", ""))  # fmt: skip
                messages.success(request, _("%(name)s is recorded as present (%(code)s).")
                                 % {"name": registration.name, "code": registration.code})  # fmt: skip
            else:
                done = services.check_in(actor=request.user, event=event, code=request.POST.get("code", ""))
                messages.success(request, _check_in_message(done))
        except DomainError as exc:
            messages.error(request, exc.message)
        return redirect("literacy_staff:check_in", pk=event.pk)
    present = event.registrations.filter(checked_in_at__isnull=False).count()
    expected = event.registrations.filter(status=RegistrationStatus.CONFIRMED).count()
    return render(request, "literacy/staff_check_in.html", {"event": event, "present": present, "expected": expected})


def _check_in_message(done) -> str:
    values = {"name": done.registration.name, "code": done.registration.code}
    if done.already:
        return _("%(name)s (%(code)s) was already checked in.") % values
    return _("%(name)s (%(code)s) is checked in.") % values


@require_POST
@require_access(*ROLES)
def check_in_api_view(request, pk: int):
    """One check-in from the page's queue, as JSON: ``{"ok", "already", "message"}``. A refusal is an answer
    (200, ``ok: false``), so the queue drops it; only a lost connection or a server error is retried."""
    import json

    event = _event(request, pk)
    try:
        code = json.loads(request.body or b"{}").get("code", "")
    except (ValueError, AttributeError):
        code = ""
    try:
        done = services.check_in(actor=request.user, event=event, code=str(code)[:20])
    except DomainError as exc:
        return JsonResponse({"ok": False, "already": False, "message": exc.message})
    return JsonResponse({"ok": True, "already": done.already, "code": done.registration.code,
                         "message": _check_in_message(done)})  # fmt: skip


app_name = "literacy_staff"
urlpatterns = [
    path("", list_view, name="list"),
    path("baru/", edit_view, name="new"),
    path("<int:pk>/", registrations_view, name="registrations"),
    path("<int:pk>/ubah/", edit_view, name="edit"),
    path("<int:pk>/hadir/", check_in_view, name="check_in"),
    path("<int:pk>/sertifikat/", certificates_view, name="certificates"),
    path("<int:pk>/hadir/catat/", check_in_api_view, name="check_in_api"),
]
