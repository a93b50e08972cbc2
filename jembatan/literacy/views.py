"""The public side of events: the list, an event's page (JSON-LD ``Event``) with its registration form, the
registrant's own page (code, QR, cancel), and the calendars (``.ics`` per event and for all)."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from jembatan.accounts.permissions import PUBLIC, require_access
from jembatan.core import tenancy
from jembatan.core.cache import public_page
from jembatan.core.errors import DomainError
from jembatan.core.jsonld import json_ld
from jembatan.core.middleware import client_ip_from_request
from jembatan.core.qr import qr_svg
from jembatan.core.ratelimit import allow
from jembatan.literacy import calendar, selectors, services
from jembatan.literacy.forms import RegistrationForm
from jembatan.literacy.models import EventStatus, Registration, RegistrationStatus

REGISTRATIONS_PER_HOUR = 20


@require_access(PUBLIC)
@public_page
def list_view(request):
    events = selectors.public_events(regency_code=tenancy.regency_code())[:200]
    return render(request, "literacy/list.html", {"events": events})


def _event_or_404(slug: str):
    event = selectors.public_event(regency_code=tenancy.regency_code(), slug=slug)
    if event is None:
        raise Http404
    return event


def _json_ld(request, event) -> str:
    place = (
        {"@type": "VirtualLocation", "url": request.build_absolute_uri(event.get_absolute_url())}
        if event.online
        else {"@type": "Place", "name": event.address,
              "address": {"@type": "PostalAddress", "streetAddress": event.address,
                          "addressLocality": event.village.name if event.village else "", "addressCountry": "ID"}}
    )  # fmt: skip
    data = {
        "@context": "https://schema.org", "@type": "Event", "name": event.title, "description": event.description,
        "startDate": timezone.localtime(event.starts_at).isoformat(), "endDate": timezone.localtime(event.ends_at).isoformat(),
        "eventStatus": "https://schema.org/EventCancelled" if event.status == EventStatus.CANCELLED
        else "https://schema.org/EventScheduled",
        "eventAttendanceMode": "https://schema.org/OnlineEventAttendanceMode" if event.online
        else "https://schema.org/OfflineEventAttendanceMode",
        "location": place, "organizer": {"@type": "Organization", "name": selectors.organiser_name(event)},
        "isAccessibleForFree": True, "maximumAttendeeCapacity": event.capacity,
        "url": request.build_absolute_uri(event.get_absolute_url()),
    }  # fmt: skip
    return json_ld(data)


@require_access(PUBLIC)
@public_page
def event_view(request, slug: str):
    event = _event_or_404(slug)
    form = RegistrationForm(regency_code=event.regency_id)
    return render(request, "literacy/event.html", _event_context(request, event, form))


def _event_context(request, event, form) -> dict:
    now = timezone.now()
    return {
        "event": event, "form": form, "json_ld": _json_ld(request, event), "organiser": selectors.organiser_name(event),
        "places_left": services.places_left(event),
        "open": event.status == EventStatus.PUBLISHED and event.registration_opens_at <= now < event.registration_closes_at,
        "not_yet": now < event.registration_opens_at,
        "materials": event.materials.filter(published=True).order_by("title"),
    }  # fmt: skip


@require_access(PUBLIC)
@require_POST
def register_view(request, slug: str):
    event = _event_or_404(slug)
    form = RegistrationForm(request.POST, regency_code=event.regency_id)
    if not allow(
        f"event-register:{client_ip_from_request(request)}", limit=REGISTRATIONS_PER_HOUR, window_seconds=3600
    ):
        form.add_error(None, _("Too many requests from this connection in the last hour. Please try again later."))
    elif form.is_valid():
        c = form.cleaned_data
        data = services.RegistrationData(name=c["name"], phone=c["phone"], email=c["email"], village=c["village"],
                                         kim=c["kim"], officer=c["officer"], consent=c["consent"])  # fmt: skip
        try:
            registration = services.registration_create(event=event, data=data)
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            return redirect("literacy:registration", token=registration.token)
    return render(request, "literacy/event.html", _event_context(request, event, form), status=400)


def _registration_or_404(token: str) -> Registration:
    registration = (
        Registration.objects.filter(token=token[:40], event__regency_id=tenancy.regency_code())
        .select_related("event__village")
        .first()
    )
    if registration is None:
        raise Http404
    return registration


@require_access(PUBLIC)
@never_cache
def registration_view(request, token: str):
    """The registrant's own page: the code, its QR for the door, the details, and the way to cancel."""
    registration = _registration_or_404(token)
    if request.method == "POST" and request.POST.get("action") == "cancel":
        services.registration_cancel(token=registration.token)
        messages.success(request, _("Your registration is cancelled. Thank you for freeing the place."))
        return redirect("literacy:registration", token=registration.token)
    qr = qr_svg(registration.code, title=_("QR code of %(code)s") % {"code": registration.code})
    return render(request, "literacy/registration.html", {
        "registration": registration, "event": registration.event, "qr_svg": qr,
        "confirmed": registration.status == RegistrationStatus.CONFIRMED,
        "certificate": getattr(registration, "certificate", None),
        "waiting": registration.status == RegistrationStatus.WAITLISTED,
    })  # fmt: skip


@require_access(PUBLIC)
@public_page
def event_ics_view(request, slug: str):
    event = _event_or_404(slug)
    return _ics(calendar.calendar_for([event], request=request), f"{event.slug}.ics")


@require_access(PUBLIC)
@public_page
def calendar_view(request):
    events = list(selectors.public_events(regency_code=tenancy.regency_code())[:500])
    return _ics(calendar.calendar_for(events, request=request), "kalender.ics")


def _ics(data: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


@require_access(PUBLIC)
@never_cache
def certificate_view(request, token: str):
    """The registrant's certificate (PDF), once issued."""
    from jembatan.literacy.certificates import certificate_pdf
    from jembatan.literacy.models import Certificate

    registration = _registration_or_404(token)
    certificate = Certificate.objects.filter(registration=registration).first()
    if certificate is None:
        raise Http404
    response = HttpResponse(certificate_pdf(certificate), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="sertifikat-{registration.code}.pdf"'
    return response


@require_access(PUBLIC)
@never_cache
def verify_view(request, token: str):
    """What the certificate's QR code opens: valid or revoked, for whom and for which event."""
    from jembatan.literacy.models import Certificate
    from jembatan.literacy.signing import signer

    certificate = (
        Certificate.objects.filter(token=token[:40], registration__event__regency_id=tenancy.regency_code())
        .select_related("registration__event")
        .first()
    )
    if certificate is None:
        return render(request, "literacy/verify.html", {"certificate": None}, status=404)
    return render(request, "literacy/verify.html", {
        "certificate": certificate, "registration": certificate.registration, "event": certificate.registration.event,
        "signature": certificate.signed_by or signer().label(),
    })  # fmt: skip
