"""Events and registrations: every write locks the event row, so two people never take the last place and
a freed place goes to the first in line exactly once. Refusals are ``DomainError`` in Indonesian, raised
before anything is written; messages go through the notifications outbox in the same transaction."""

from __future__ import annotations

import datetime
import secrets
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jembatan.core import tenancy
from jembatan.core.audit import audit_record, snapshot
from jembatan.core.errors import DomainError
from jembatan.core.i18n import in_default_language, long_date
from jembatan.core.privacy import email_hash
from jembatan.core.slugs import free_slug
from jembatan.core.workflow import Transition, Workflow
from jembatan.literacy.models import EventStatus, LiteracyEvent, Organiser, Registration, RegistrationStatus
from jembatan.literacy.verbs import LiteracyVerb

# Registration codes: read aloud and typed at the door, so without 0/O and 1/I.
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 7
R = RegistrationStatus
AUDITED = ["title", "kind", "slug", "status", "starts_at", "ends_at", "capacity", "reserved_for_officers",
           "registration_opens_at", "registration_closes_at", "online", "village_id", "address", "organiser",
           "kim_id", "agency_id"]  # fmt: skip


EVENT_WORKFLOW = Workflow(
    model=LiteracyEvent,
    transitions=[
        Transition("publish", frozenset({EventStatus.DRAFT}), EventStatus.PUBLISHED, verb=LiteracyVerb.EVENT_PUBLISHED),
        Transition(
            "cancel",
            frozenset({EventStatus.DRAFT, EventStatus.PUBLISHED}),
            EventStatus.CANCELLED,
            verb=LiteracyVerb.EVENT_CANCELLED,
        ),
    ],  # fmt: skip
    refused=gettext_lazy("This event is “%(status)s”: that step is not possible now."),
    audited=AUDITED,
    initial=EventStatus.DRAFT,
)


@dataclass
class EventData:
    title: str
    kind: str
    description: str
    audience: str
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    capacity: int
    registration_opens_at: datetime.datetime
    registration_closes_at: datetime.datetime
    reserved_for_officers: int = 0
    online: bool = False
    online_url: str = ""
    village: object = None
    address: str = ""
    organiser: str = Organiser.DISKOMINFO
    kim: object = None
    agency: object = None


def _check_event(data: EventData) -> None:
    problems = []
    if not data.title.strip() or not data.description.strip() or not data.audience.strip():
        problems.append(_("Write the title, the description and for whom it is."))
    if data.ends_at <= data.starts_at:
        problems.append(_("The event must end after it starts."))
    if data.registration_closes_at <= data.registration_opens_at:
        problems.append(_("Registration must close after it opens."))
    if data.registration_closes_at > data.ends_at:
        problems.append(_("Registration must close before the event ends."))
    if data.capacity < 1:
        problems.append(_("An event has at least one place."))
    if not 0 <= data.reserved_for_officers <= data.capacity:
        problems.append(_("The places reserved for KIM officers cannot exceed the places."))
    if data.online and not data.online_url:
        problems.append(_("An online event needs the link to join."))
    if not data.online and not (data.village and data.address.strip()):
        problems.append(_("An event at a place needs its kelurahan and address."))
    if data.organiser == Organiser.KIM and data.kim is None:
        problems.append(_("Choose the organising KIM."))
    if data.organiser == Organiser.AGENCY and data.agency is None:
        problems.append(_("Choose the organising agency."))
    if problems:
        raise DomainError(" ".join(problems), code="invalid_event")


def event_save(
    *, actor, regency_code: str, data: EventData, event: LiteracyEvent | None = None, publish: bool = False
) -> LiteracyEvent:
    """Create or change an event (audited); ``publish`` makes a draft public."""
    _check_event(data)
    with transaction.atomic():
        before = snapshot(event, AUDITED) if event is not None else None
        if event is not None:
            event = LiteracyEvent.objects.select_for_update().get(pk=event.pk)
            confirmed = event.registrations.filter(status=R.CONFIRMED).count()
            if data.capacity < confirmed:
                raise DomainError(
                    _("%(n)s people already hold a place: the event cannot have fewer places.") % {"n": confirmed}
                )
        else:
            event = LiteracyEvent(regency_id=regency_code, created_by=actor, slug=_free_slug(regency_code, data.title))
        for name, value in data.__dict__.items():
            setattr(event, name, value.strip() if isinstance(value, str) else value)
        if data.organiser != Organiser.KIM:
            event.kim = None
        if data.organiser != Organiser.AGENCY:
            event.agency = None
        event.save()
        audit_record(actor=actor, verb=LiteracyVerb.EVENT_SAVED, obj=event, before=before,
                     after=snapshot(event, AUDITED))  # fmt: skip
        if publish and event.status == EventStatus.DRAFT:
            event = EVENT_WORKFLOW.perform("publish", event, actor=actor)
        if before is not None:
            _promote(event)  # more places: the waiting list moves up
    return event


def _free_slug(regency_code: str, title: str) -> str:
    return free_slug(LiteracyEvent, regency_code=regency_code, title=title, fallback="kegiatan")


@dataclass
class RegistrationData:
    name: str
    phone: str = ""
    email: str = ""
    village: object = None
    kim: object = None
    officer: bool = False
    consent: bool = False


def _new_code() -> str:
    while True:
        code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
        if not Registration.objects.filter(code=code).exists():
            return code


def _contact(name: str, phone: str, email: str) -> tuple[str, str, str, str]:
    """The name, phone (E.164), email and the keyed hash that finds the person again, whatever the spelling
    (``0812 3456 7890`` and ``+6281234567890`` are the same person)."""
    from django.core.exceptions import ValidationError

    from jembatan.core.privacy import normalize_phone

    name, email, phone = " ".join((name or "").split())[:150], (email or "").strip().lower(), (phone or "").strip()
    if phone:
        try:
            phone = normalize_phone(phone)
        except ValidationError as exc:
            raise DomainError(" ".join(exc.messages), code="phone") from exc
    if not name or not (email or phone):
        raise DomainError(_("Give your name and a telephone number or an email address."), code="contact")
    return name, phone, email, email_hash(email or phone)


def places_left(event: LiteracyEvent) -> int:
    taken = event.registrations.filter(status=R.CONFIRMED).count()
    return max(event.capacity - taken, 0)


def _taken(event: LiteracyEvent) -> tuple[int, int]:
    """Places held: in all, and by KIM officers."""
    counts = event.registrations.filter(status=R.CONFIRMED).aggregate(
        total=Count("id"), officers=Count("id", filter=Q(officer=True))
    )
    return counts["total"], counts["officers"]


def _fits(event: LiteracyEvent, total: int, officers: int, *, officer: bool) -> bool:
    """Officers may take any place; others only those not reserved for officers (whatever officers hold of
    the reserved ones is theirs first)."""
    if total >= event.capacity:
        return False
    if officer:
        return True
    return total - min(officers, event.reserved_for_officers) < event.capacity - event.reserved_for_officers


@in_default_language
def registration_create(
    *, event: LiteracyEvent, data: RegistrationData, now: datetime.datetime | None = None
) -> Registration:
    """Register for an event: a place if one is free (officers may take the reserved ones), otherwise the
    waiting list. The same phone or email registers once per event (asking again returns the first)."""
    now = now or timezone.now()
    name, phone, email, contact_hash = _contact(data.name, data.phone, data.email)
    if not data.consent:
        raise DomainError(_("Tick the box to agree; without it the registration cannot be stored."), code="consent")
    if data.officer and data.kim is None:
        raise DomainError(_("Choose your KIM to register as its officer."), code="kim")
    with transaction.atomic():
        event = LiteracyEvent.objects.select_for_update().get(pk=event.pk)
        if event.status != EventStatus.PUBLISHED:
            raise DomainError(_("This event is not open for registration."), code="closed")
        if now < event.registration_opens_at:
            raise DomainError(_("Registration opens on %(date)s.") % {"date": long_date(event.registration_opens_at)},
                              code="not_yet")  # fmt: skip
        if now >= event.registration_closes_at:
            raise DomainError(_("Registration for this event has closed."), code="closed")
        existing = event.registrations.exclude(status=R.CANCELLED).filter(contact_hash=contact_hash).first()
        if existing is not None:
            return existing
        status = R.CONFIRMED if _fits(event, *_taken(event), officer=data.officer) else R.WAITLISTED
        registration = Registration.objects.create(
            event=event, code=_new_code(), token=secrets.token_urlsafe(24), name=name, phone=phone, email=email,
            contact_hash=contact_hash, village=data.village, kim=data.kim, officer=data.officer, status=status,
            consent_at=now,
        )  # fmt: skip
        audit_record(actor=None, verb=LiteracyVerb.REGISTERED, obj=event, actor_label="pendaftar",
                     after={"registration": registration.code, "status": status})  # fmt: skip
        _tell(registration, "literacy.registered" if status == R.CONFIRMED else "literacy.waitlisted")
    return registration


@in_default_language
def registration_cancel(*, token: str) -> Registration | None:
    """Cancel by the registrant's own link; a place freed goes to the first in line, who is told."""
    with transaction.atomic():
        found = Registration.objects.filter(token=token[:40]).values_list("event_id", flat=True).first()
        if found is None:
            return None
        event = LiteracyEvent.objects.select_for_update().get(pk=found)
        registration = Registration.objects.get(token=token[:40])
        if registration.status == R.CANCELLED:
            return registration
        was_confirmed = registration.status == R.CONFIRMED
        Registration.objects.filter(pk=registration.pk).update(status=R.CANCELLED, cancelled_at=timezone.now())
        registration.refresh_from_db()
        audit_record(actor=None, verb=LiteracyVerb.CANCELLED, obj=event, actor_label="pendaftar",
                     after={"registration": registration.code})  # fmt: skip
        if was_confirmed:
            _promote(event)
    return registration


def _promote(event: LiteracyEvent) -> list[Registration]:
    """Give free places to the waiting list in order (the caller holds the event's lock)."""
    promoted = []
    total, officers = _taken(event)
    for waiting in event.registrations.filter(status=R.WAITLISTED).order_by("created_at", "id"):
        if total >= event.capacity:
            break
        if not _fits(event, total, officers, officer=waiting.officer):
            continue  # the place left is reserved for officers: the next officer in line takes it
        Registration.objects.filter(pk=waiting.pk, status=R.WAITLISTED).update(
            status=R.CONFIRMED, promoted_at=timezone.now()
        )
        waiting.refresh_from_db()
        total, officers = total + 1, officers + waiting.officer
        audit_record(actor=None, verb=LiteracyVerb.PROMOTED, obj=event, actor_label="sistem",
                     after={"registration": waiting.code})  # fmt: skip
        _tell(waiting, "literacy.promoted")
        promoted.append(waiting)
    return promoted


def registration_link(registration: Registration) -> str:
    return tenancy.absolute(reverse("literacy:registration", kwargs={"token": registration.token}),
                            registration.event.regency_id)  # fmt: skip


def _tell(registration: Registration, template: str) -> None:
    """The registrant's message, by email when they gave one, else by SMS or WhatsApp when switched on."""
    from jembatan.notifications import channels
    from jembatan.notifications.api import TemplateError, send

    event = registration.event
    values = {
        "event": event.title, "code": registration.code, "link": registration_link(registration),
        "when": long_date(timezone.localtime(event.starts_at)),
    }  # fmt: skip
    if registration.email:
        send(template, channel="email", to=registration.email, values=values)
        return
    for channel in ("whatsapp", "sms"):
        if channel in channels.configured():
            try:
                send(template, channel=channel, to=registration.phone, values=values)
            except TemplateError:
                continue
            return


@dataclass(frozen=True)
class CheckIn:
    registration: Registration
    already: bool


def normalised_code(code: str) -> str:
    """A code as typed or scanned: any case, spaces and dashes ignored."""
    return "".join(ch for ch in (code or "").upper() if ch.isalnum())[: CODE_LENGTH + 2]


def check_in(*, actor, event: LiteracyEvent, code: str, now: datetime.datetime | None = None) -> CheckIn:
    """Record that a registrant came, by their code (typed or scanned). Doing it again changes nothing
    (a queue resent after a bad connection); a code of another event, a waiting or cancelled registration is
    refused with nothing written."""
    code = normalised_code(code)
    with transaction.atomic():
        registration = Registration.objects.select_for_update().filter(code=code).select_related("event").first()
        if registration is None or len(code) != CODE_LENGTH:
            raise DomainError(_("No registration has the code %(code)s.") % {"code": code or "-"}, code="unknown")
        if registration.event_id != event.pk:
            raise DomainError(_("The code %(code)s is for another event: %(event)s.")
                              % {"code": code, "event": registration.event.title}, code="other_event")  # fmt: skip
        if registration.status == R.WAITLISTED:
            raise DomainError(_("%(code)s is on the waiting list and has no place.") % {"code": code}, code="waiting")
        if registration.status == R.CANCELLED:
            raise DomainError(_("%(code)s was cancelled.") % {"code": code}, code="cancelled")
        if registration.checked_in_at is not None:
            return CheckIn(registration, already=True)
        Registration.objects.filter(pk=registration.pk).update(checked_in_at=now or timezone.now())
        registration.refresh_from_db()
        audit_record(actor=actor, verb=LiteracyVerb.CHECKED_IN, obj=event, after={"registration": code})
    return CheckIn(registration, already=False)


def walk_in(*, actor, event: LiteracyEvent, name: str, phone: str = "", email: str = "") -> Registration:
    """Someone who came without registering: recorded as registered and present at once (even beyond the
    places: they are in the room). Someone already registered is checked in instead."""
    name, phone, email, contact_hash = _contact(name, phone, email)
    with transaction.atomic():
        event = LiteracyEvent.objects.select_for_update().get(pk=event.pk)
        existing = event.registrations.exclude(status=R.CANCELLED).filter(contact_hash=contact_hash).first()
        if existing is not None and existing.status == R.CONFIRMED:
            return check_in(actor=actor, event=event, code=existing.code).registration
        now = timezone.now()
        if existing is not None:  # waiting: here in person, so the place is theirs now
            Registration.objects.filter(pk=existing.pk).update(status=R.CONFIRMED, checked_in_at=now, walk_in=True)
            existing.refresh_from_db()
            registration = existing
        else:
            registration = Registration.objects.create(
                event=event, code=_new_code(), token=secrets.token_urlsafe(24), name=name, phone=phone, email=email,
                contact_hash=contact_hash, status=R.CONFIRMED, consent_at=now, checked_in_at=now, walk_in=True,
            )  # fmt: skip
        audit_record(actor=actor, verb=LiteracyVerb.WALK_IN, obj=event, after={"registration": registration.code})
    return registration
