"""Writes for aspirations and complaints. Every status change is a transition of ``WORKFLOW`` (``core.workflow``).

The engine locks the report, checks the allowed source states, stamps the
milestone, adds a timeline event, writes an audit row, and notifies the reporter after the commit.
Deadlines are working days from ``core.workdays``: verify ≤ 3, agency answer ≤ 5, automatic close
10 working days after the answer (SP4N-LAPOR! practice).
"""

from __future__ import annotations

import base64
import datetime
import hashlib
import hmac
import json
import secrets
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jembatan.accounts.tasks import email_with_transaction
from jembatan.aspirations.models import (
    OPEN_STATUSES,
    Aspiration,
    AspirationStatus,
    Attachment,
    Event,
    Follower,
    Privacy,
)
from jembatan.aspirations.verbs import AspirationVerb
from jembatan.core.audit import audit_record, snapshot
from jembatan.core.cache import bump_public_cache
from jembatan.core.errors import DomainError, TransitionNotAllowed
from jembatan.core.i18n import in_default_language, long_date
from jembatan.core.privacy import email_hash, redact_place, redact_text
from jembatan.core.ratelimit import allow
from jembatan.core.workdays import WorkingCalendar
from jembatan.core.workflow import Transition, Workflow

S = AspirationStatus
VERIFY_DAYS = 3
ANSWER_DAYS = 5
CLOSE_DAYS = 10

CONSENT_TEXT = (
    "Saya setuju Diskominfo menyimpan laporan ini beserta kontak yang saya berikan untuk menindaklanjuti "
    "laporan dan mengabarkan perkembangannya kepada saya (UU 27/2022 tentang Pelindungan Data Pribadi). "
    "Identitas saya tidak ditampilkan kepada publik."
)

AUDITED = [
    "status", "category_id", "agency_id", "privacy", "public_title", "public_description", "answer", "closing_note",
    "answer_rejected_reason", "rating", "duplicate_of_id", "verify_due", "answer_due", "close_due",
]  # fmt: skip


def _regency_admin(user, aspiration: Aspiration) -> bool:
    from jembatan.aspirations.permissions import admin_regencies

    return aspiration.village.district.regency_id in admin_regencies(user)


def _agency_officer(user, aspiration: Aspiration) -> bool:
    from jembatan.accounts.permissions import agencies_for

    return aspiration.agency_id is not None and aspiration.agency_id in agencies_for(user)


def _nobody_on_staff(user, aspiration: Aspiration) -> bool:
    return False  # the reporter (by the private link) or the scheduler, never a staff button


def _t(name: str, sources: set, target: str, stamp: str = "", permission=_regency_admin) -> Transition:
    verb = AspirationVerb(f"aspiration.{name}")
    return Transition(name, frozenset(sources), target, verb=verb, stamp=stamp, permission=permission)


def _aspiration_before_save(aspiration: Aspiration, transition: Transition, now: datetime.datetime) -> None:
    calendar = WorkingCalendar.current()
    if transition.name == "answer" and aspiration.disposed_at and aspiration.answer_working_days is None:
        # The first answer counts for the agency's figures; a second round after the reporter
        # sent it back does not reset the clock.
        elapsed = calendar.working_days_between(
            timezone.localdate(aspiration.disposed_at), timezone.localdate(aspiration.answered_at)
        )
        aspiration.answer_working_days = max(elapsed, 0)
    _apply_deadlines(aspiration, calendar)


def _aspiration_record(aspiration: Aspiration, transition: Transition, actor, note: str, public: bool) -> None:
    Event.objects.create(aspiration=aspiration, status=transition.target, note=note, public=public)


WORKFLOW = Workflow(
    model=Aspiration,
    initial=S.BARU,
    refused=gettext_lazy("This action is not possible while the report is “%(status)s”."),
    audited=AUDITED,
    before_save=_aspiration_before_save,
    record=_aspiration_record,
    on_commit=(lambda aspiration: bump_public_cache(),),
    transitions=[
        _t("verify", {S.BARU}, S.TERVERIFIKASI, "verified_at"),
        _t("dispose", {S.TERVERIFIKASI}, S.DIDISPOSISIKAN, "disposed_at"),
        _t("answer", {S.DIDISPOSISIKAN}, S.DITINDAKLANJUTI, "answered_at", permission=_agency_officer),
        _t("accept", {S.DITINDAKLANJUTI}, S.SELESAI, "closed_at", permission=_nobody_on_staff),
        _t("auto_close", {S.DITINDAKLANJUTI}, S.SELESAI, "closed_at", permission=_nobody_on_staff),
        _t("reject_answer", {S.DITINDAKLANJUTI}, S.DIDISPOSISIKAN, "disposed_at", permission=_nobody_on_staff),
        _t("return_to_admin", {S.DIDISPOSISIKAN}, S.TERVERIFIKASI, permission=_agency_officer),
        _t("reject", {S.BARU, S.TERVERIFIKASI}, S.DITOLAK, "closed_at"),
        _t("not_competent", {S.BARU, S.TERVERIFIKASI}, S.BUKAN_WEWENANG, "closed_at"),
        _t("duplicate", {S.BARU, S.TERVERIFIKASI}, S.DUPLIKAT, "closed_at"),
    ],
)
# action: (allowed sources, target, milestone field or "")
TRANSITIONS = WORKFLOW.table()


class IdempotencyConflict(DomainError):
    def __init__(self) -> None:
        super().__init__(
            _("This idempotency key was already used for a different report. Send a new key."),
            code="idempotency_conflict",
        )


@dataclass
class SubmissionData:
    kind: str
    title: str
    description: str
    category: object
    village: object
    privacy: str = Privacy.ANONIM
    place: str = ""
    latitude: object = None
    longitude: object = None
    event_date: datetime.date | None = None
    reporter_name: str = ""
    reporter_email: str = ""
    reporter_phone: str = ""
    relayed_by_kim: object = None
    attachments: list = field(default_factory=list)

    def fingerprint(self) -> str:
        canonical = {
            "kind": self.kind, "title": self.title, "description": self.description,
            "category": getattr(self.category, "pk", None), "village": getattr(self.village, "pk", None),
            "privacy": self.privacy, "place": self.place, "latitude": str(self.latitude), "longitude": str(self.longitude),
            "event_date": str(self.event_date), "reporter_email": self.reporter_email, "reporter_phone": self.reporter_phone,
            "attachments": [getattr(a, "size", 0) for a in self.attachments],
        }  # fmt: skip
        return hashlib.sha256(json.dumps(canonical, sort_keys=True).encode()).hexdigest()


def aspiration_secret(aspiration: Aspiration) -> str:
    """The reporter's private-link secret (256 bits), derived so a retried submission gets the same link."""
    digest = hmac.new(
        settings.SECRET_KEY.encode(), f"aspiration:{aspiration.pk}:{aspiration.secret_salt}".encode(), hashlib.sha256
    ).digest()
    return base64.urlsafe_b64encode(digest).decode().rstrip("=")


def aspiration_check_secret(aspiration: Aspiration, secret: str) -> bool:
    return bool(secret) and hmac.compare_digest(aspiration_secret(aspiration).encode(), secret.encode())


def private_link(aspiration: Aspiration) -> str:
    return settings.PUBLIC_BASE_URL.rstrip("/") + reverse(
        "aspirations:track_private", kwargs={"code": aspiration.code, "secret": aspiration_secret(aspiration)}
    )


def _notify(aspiration: Aspiration, subject: str, body: str) -> None:
    """Email the reporter (with the private link) and the followers (with the public page only)."""
    reporter = aspiration.reporter_email
    if reporter:
        text = _("%(body)s\n\nFollow the report: %(link)s\n\nTracking code: %(code)s") % {
            "body": body, "link": private_link(aspiration), "code": aspiration.code,
        }  # fmt: skip
        email_with_transaction(to=[reporter], subject=subject, body=text)
    if aspiration.is_secret:
        return  # a secret report tells no one but its reporter
    followers = {f.email: f for f in aspiration.followers.filter(confirmed_at__isnull=False) if f.email}
    followers.pop(reporter, None)
    if not followers:
        return
    base = settings.PUBLIC_BASE_URL.rstrip("/")
    public = base + reverse("aspirations:track", kwargs={"code": aspiration.code})
    for email, follower in sorted(followers.items()):
        text = _(
            "The report %(code)s you follow has news: %(status)s.\n\nSee it here: %(link)s\n\n"
            "To stop these emails: %(unsubscribe)s"
        ) % {
            "code": aspiration.code, "status": aspiration.get_status_display(), "link": public,
            "unsubscribe": base + reverse("aspirations:unfollow", kwargs={"token": follower.token}),
        }  # fmt: skip
        email_with_transaction(to=[email], subject=subject, body=text)


def _notify_agency(aspiration: Aspiration, subject: str, body: str) -> None:
    """Email the agency's contact address and its officers (the staff page link, no reporter identity)."""
    from jembatan.accounts.models import User
    from jembatan.accounts.roles import Role

    if aspiration.agency_id is None:
        return
    recipients = set(
        User.objects.filter(
            role_assignments__role=Role.PETUGAS_OPD, role_assignments__agency_id=aspiration.agency_id, is_active=True
        ).values_list("email", flat=True)
    )
    if aspiration.agency.email:
        recipients.add(aspiration.agency.email)
    link = settings.PUBLIC_BASE_URL.rstrip("/") + reverse("aspirations:staff_detail", kwargs={"code": aspiration.code})
    text = _("%(body)s\n\nOpen the report: %(link)s") % {"body": body, "link": link}
    for email in sorted(recipients):
        email_with_transaction(to=[email], subject=subject, body=text)


def _public_texts(aspiration: Aspiration) -> None:
    names = [aspiration.reporter_name]
    aspiration.public_title = redact_text(aspiration.public_title or aspiration.title, names=names)[:150]
    aspiration.public_description = redact_text(aspiration.public_description or aspiration.description, names=names)
    aspiration.public_place = redact_place(aspiration.public_place or aspiration.place, names=names)[:300]


@in_default_language
def aspiration_submit(
    *, data: SubmissionData, actor=None, idempotency_key: str | None = None
) -> tuple[Aspiration, bool]:
    """Store a report once. Returns (report, created). A retry with the same key returns the first report."""
    fingerprint = data.fingerprint()
    if idempotency_key:
        existing = Aspiration.objects.filter(idempotency_key=idempotency_key).first()
        if existing is not None:
            if existing.request_fingerprint != fingerprint:
                raise IdempotencyConflict()
            return existing, False
    try:
        with transaction.atomic():
            now = timezone.now()
            aspiration = Aspiration(
                secret_salt=secrets.token_hex(16), idempotency_key=idempotency_key or None, request_fingerprint=fingerprint,
                kind=data.kind, title=data.title.strip(), description=data.description.strip(), category=data.category,
                village=data.village, place=data.place.strip(), latitude=data.latitude, longitude=data.longitude,
                event_date=data.event_date, privacy=data.privacy, reporter_name=data.reporter_name.strip(),
                reporter_email=data.reporter_email.strip().lower(), reporter_phone=data.reporter_phone,
                reporter=actor if getattr(actor, "is_authenticated", False) and not data.relayed_by_kim else None,
                consent_text=CONSENT_TEXT, consent_at=now, relayed_by_kim=data.relayed_by_kim,
                relayed_by=actor if data.relayed_by_kim else None, received_at=now,
                verify_due=WorkingCalendar.current().add_working_days(timezone.localdate(now), VERIFY_DAYS),
            )  # fmt: skip
            _public_texts(aspiration)
            aspiration.save()
            aspiration.code = f"ASP-{timezone.localdate(now).year}-{aspiration.pk:06d}"
            aspiration.save(update_fields=["code"])
            for upload in data.attachments:
                attachment = Attachment(aspiration=aspiration, content_type=upload.content_type or "", size=upload.size)
                attachment.file.save(upload.name, upload, save=False)
                attachment.save()
            if aspiration.reporter_email:
                Follower.objects.create(
                    aspiration=aspiration,
                    email=aspiration.reporter_email,
                    phone=aspiration.reporter_phone,
                    confirmed_at=now,
                )
            Event.objects.create(aspiration=aspiration, status=WORKFLOW.initial, note="")
            audit_record(
                actor=actor, verb=AspirationVerb.SUBMITTED, obj=aspiration, after=snapshot(aspiration, AUDITED)
            )
            _notify(
                aspiration,
                _("Report received: %(code)s") % {"code": aspiration.code},
                _("Thank you. Your report “%(title)s” has been received and will be checked by %(date)s.")
                % {"title": aspiration.title, "date": long_date(aspiration.verify_due)},
            )
            transaction.on_commit(bump_public_cache)
    except IntegrityError:
        if idempotency_key:
            existing = Aspiration.objects.filter(idempotency_key=idempotency_key).first()
            if existing is not None:
                if existing.request_fingerprint != fingerprint:
                    raise IdempotencyConflict() from None
                return existing, False
        raise
    return aspiration, True


def _transition(
    *,
    aspiration: Aspiration,
    action: str,
    actor,
    changes: dict | None = None,
    note: str = "",
    public_note: bool = True,
    expect_agency_id: int | None = None,
    guard=None,
    lock_also=(),
) -> Aspiration:
    """Apply ``action``. ``expect_agency_id``: the agency the actor answers for; checked under the lock,
    so an officer cannot act on a report that was routed elsewhere since they opened it."""

    def checks(locked: Aspiration, related: dict) -> None:
        if expect_agency_id is not None and locked.agency_id != expect_agency_id:
            raise TransitionNotAllowed(_("This report is no longer with your agency."))
        if guard is not None:
            guard(locked, related)

    return WORKFLOW.perform(
        action, aspiration, actor=actor, changes=changes, guard=checks, lock_also=lock_also, note=note,
        public_note=public_note,
    )  # fmt: skip


def _apply_deadlines(aspiration: Aspiration, calendar: WorkingCalendar) -> None:
    """Deadlines follow from the milestone dates and the calendar; recomputable at any time."""
    local = timezone.localdate
    aspiration.verify_due = calendar.add_working_days(local(aspiration.received_at), VERIFY_DAYS)
    if aspiration.status == S.DIDISPOSISIKAN and aspiration.disposed_at:
        aspiration.answer_due = calendar.add_working_days(local(aspiration.disposed_at), ANSWER_DAYS)
    if aspiration.status == S.DITINDAKLANJUTI and aspiration.answered_at:
        aspiration.close_due = calendar.add_working_days(local(aspiration.answered_at), CLOSE_DAYS)


def aspiration_deadlines_recompute() -> int:
    """After a calendar change: recompute the deadlines of every open report. Returns how many changed."""
    calendar = WorkingCalendar.load()  # never a cached copy: this runs right after a change
    changed = 0
    for pk in list(Aspiration.objects.filter(status__in=OPEN_STATUSES).values_list("pk", flat=True)):
        with transaction.atomic():
            aspiration = Aspiration.objects.select_for_update().get(pk=pk)
            before = (aspiration.verify_due, aspiration.answer_due, aspiration.close_due)
            _apply_deadlines(aspiration, calendar)
            after = (aspiration.verify_due, aspiration.answer_due, aspiration.close_due)
            if after != before:
                aspiration.save(update_fields=["verify_due", "answer_due", "close_due", "updated_at"])
                audit_record(
                    actor=None, verb=AspirationVerb.DEADLINES_RECOMPUTED, obj=aspiration, actor_label="sistem",
                    before=dict(zip(["verify_due", "answer_due", "close_due"], before, strict=True)),
                    after=dict(zip(["verify_due", "answer_due", "close_due"], after, strict=True)),
                )  # fmt: skip
                changed += 1
    return changed


@in_default_language
def aspiration_verify(
    *,
    actor,
    aspiration: Aspiration,
    category=None,
    public_title: str = "",
    public_description: str = "",
    public_place: str | None = None,
) -> Aspiration:
    changes = {}
    if category is not None:
        changes["category"] = category
    if public_title.strip():
        changes["public_title"] = redact_text(public_title.strip(), names=[aspiration.reporter_name])[:150]
    if public_description.strip():
        changes["public_description"] = redact_text(public_description.strip(), names=[aspiration.reporter_name])
    if public_place is not None:
        changes["public_place"] = redact_place(public_place.strip(), names=[aspiration.reporter_name])[:300]
    with transaction.atomic():
        result = _transition(aspiration=aspiration, action="verify", actor=actor, changes=changes)
        _notify(
            result,
            _("Report verified: %(code)s") % {"code": result.code},
            _("Your report has been verified and will be passed to the responsible agency."),
        )
    return result


@in_default_language
def aspiration_dispose(*, actor, aspiration: Aspiration, agency) -> Aspiration:
    if agency is None or not agency.is_active:
        raise DomainError(_("Choose an active agency."))
    if agency.regency_id != aspiration.village.district.regency_id:
        raise DomainError(_("The agency belongs to another region."))
    with transaction.atomic():
        result = _transition(
            aspiration=aspiration,
            action="dispose",
            actor=actor,
            changes={"agency": agency},
            note=_("Passed to %(agency)s.") % {"agency": agency.name},
        )
        _notify(
            result,
            _("Report passed to %(agency)s") % {"agency": agency.short_name},
            _("Your report is now with %(agency)s, which answers by %(date)s.")
            % {"agency": agency.name, "date": long_date(result.answer_due)},
        )
        _notify_agency(
            result,
            _("New report for your agency: %(code)s") % {"code": result.code},
            _("Diskominfo has passed you the report “%(title)s”. Answer it by %(date)s.")
            % {"title": result.public_title, "date": long_date(result.answer_due)},
        )
    return result


@in_default_language
def aspiration_answer(*, actor, aspiration: Aspiration, answer: str, agency_id: int | None = None) -> Aspiration:
    """The agency's answer. ``agency_id``: the officer's agency, checked against the report under the lock."""
    answer = (answer or "").strip()
    if len(answer) < 10:
        raise DomainError(_("Write the answer to the reporter (at least 10 characters)."))
    with transaction.atomic():
        # The answer is also the timeline's note: a second answer (after the reporter rejected the first)
        # replaces ``answer`` but every answer stays in the timeline.
        result = _transition(
            aspiration=aspiration,
            action="answer",
            actor=actor,
            changes={"answer": answer, "answered_by": actor},
            note=answer,
            expect_agency_id=agency_id,
        )
        _notify(
            result,
            _("Your report has been answered: %(code)s") % {"code": result.code},
            _("The agency has answered. Open the link to read it, accept it or say why it does not solve the problem."),
        )
    return result


@in_default_language
def aspiration_accept(*, aspiration: Aspiration, rating: int | None = None) -> Aspiration:
    if rating is not None and not 1 <= rating <= 5:
        raise DomainError(_("Choose a rating from 1 to 5."))
    return _transition(
        aspiration=aspiration,
        action="accept",
        actor=None,
        changes={"rating": rating},
        note=_("The reporter accepted the answer."),
    )


@in_default_language
def aspiration_reject_answer(*, aspiration: Aspiration, reason: str) -> Aspiration:
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("Say why the answer does not solve the problem."))
    with transaction.atomic():
        locked = Aspiration.objects.select_for_update().get(pk=aspiration.pk)
        if locked.answer_rejected_reason:
            raise DomainError(_("An answer can be rejected only once. Contact Diskominfo if the problem remains."))
        # The reporter's own words stay with the report (staff and the reporter read them); the public
        # timeline only says that the answer was not accepted.
        result = _transition(
            aspiration=locked,
            action="reject_answer",
            actor=None,
            changes={"answer_rejected_reason": reason},
            note=_("The reporter did not accept the answer; the report is back with the agency."),
        )
        _notify_agency(
            result,
            _("The reporter did not accept your answer: %(code)s") % {"code": result.code},
            _("The report is back with your agency. Answer again by %(date)s.")
            % {"date": long_date(result.answer_due)},
        )
        return result


def aspiration_rate(*, aspiration: Aspiration, rating: int) -> Aspiration:
    if not 1 <= rating <= 5:
        raise DomainError(_("Choose a rating from 1 to 5."))

    def closed_only(locked: Aspiration) -> None:
        if locked.status != S.SELESAI:
            raise TransitionNotAllowed(_("A report can be rated once it is closed."))

    return _set_fields(
        aspiration=aspiration, values={"rating": rating}, verb=AspirationVerb.RATED, actor=None, actor_label="pelapor",
        check=closed_only,
    )  # fmt: skip


@in_default_language
def aspiration_return_to_admin(
    *, actor, aspiration: Aspiration, reason: str, agency_id: int | None = None
) -> Aspiration:
    """The agency says the report is not its business; Diskominfo routes it again."""
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("Write why the report is not for your agency."))
    return _transition(
        aspiration=aspiration,
        action="return_to_admin",
        actor=actor,
        changes={"agency": None, "answer_due": None},
        note=reason,
        public_note=False,
        expect_agency_id=agency_id,
    )


@in_default_language
def aspiration_reject(*, actor, aspiration: Aspiration, reason: str) -> Aspiration:
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("Write the reason; the reporter will read it."))
    with transaction.atomic():
        result = _transition(
            aspiration=aspiration, action="reject", actor=actor, changes={"closing_note": reason}, note=reason
        )
        _notify(result, _("Report not processed: %(code)s") % {"code": result.code}, reason)
    return result


@in_default_language
def aspiration_not_competent(*, actor, aspiration: Aspiration, explanation: str) -> Aspiration:
    explanation = (explanation or "").strip()
    if not explanation:
        raise DomainError(_("Explain who is responsible instead, so the reporter knows where to go."))
    with transaction.atomic():
        result = _transition(
            aspiration=aspiration,
            action="not_competent",
            actor=actor,
            changes={"closing_note": explanation},
            note=explanation,
        )
        _notify(
            result, _("Report outside the local government's authority: %(code)s") % {"code": result.code}, explanation
        )
    return result


@in_default_language
def aspiration_mark_duplicate(*, actor, aspiration: Aspiration, original: Aspiration) -> Aspiration:
    if original.pk == aspiration.pk:
        raise DomainError(_("Choose another open report as the original."))

    def original_may_be_followed(locked: Aspiration, related: dict) -> None:
        """Checked on the original locked with the report (both rows, in primary-key order)."""
        current = related.get(original.pk)
        if (
            current is None
            or current.duplicate_of_id is not None
            or not (current.is_open or current.status == S.SELESAI)
        ):
            raise DomainError(_("Choose another open report as the original."))
        if current.is_secret:
            raise DomainError(
                _("The original report is secret, so others cannot follow it. Handle this report on its own.")
            )

    with transaction.atomic():
        result = _transition(
            aspiration=aspiration,
            action="duplicate",
            actor=actor,
            changes={"duplicate_of": original},
            note=_("Merged into %(code)s.") % {"code": original.code},
            guard=original_may_be_followed,
            lock_also=[original.pk],
        )
        for follower in aspiration.followers.all():
            if follower.email:
                Follower.objects.get_or_create(
                    aspiration=original,
                    email_hash=email_hash(follower.email),
                    defaults={"email": follower.email, "phone": follower.phone, "confirmed_at": follower.confirmed_at},
                )
            elif follower.phone:
                Follower.objects.create(aspiration=original, phone=follower.phone, confirmed_at=follower.confirmed_at)
        _notify(
            result,
            _("Your report is followed as %(code)s") % {"code": original.code},
            _("The same problem was already reported. You will receive the updates of %(code)s.")
            % {"code": original.code},
        )
    return result


def aspiration_make_secret(*, actor, aspiration: Aspiration) -> Aspiration:
    """Staff may make a report more private, never less."""
    return _set_fields(
        aspiration=aspiration, values={"privacy": Privacy.RAHASIA}, verb=AspirationVerb.MADE_SECRET, actor=actor
    )


def aspiration_reporter_set_privacy(*, aspiration: Aspiration, privacy: str) -> Aspiration:
    """Only the reporter (holding the private link) may make a report less private."""
    if privacy not in Privacy.values:
        raise DomainError(_("Choose anonymous or secret."))
    return _set_fields(
        aspiration=aspiration, values={"privacy": privacy}, verb=AspirationVerb.PRIVACY_SET_BY_REPORTER, actor=None,
        actor_label="pelapor",
    )  # fmt: skip


def _set_fields(
    *, aspiration: Aspiration, values: dict, verb: AspirationVerb, actor, actor_label: str | None = None, check=None
) -> Aspiration:
    """Change fields that are not a status (privacy, rating) under the lock, with an audit row; no-op when unchanged."""
    with transaction.atomic():
        locked = Aspiration.objects.select_for_update().get(pk=aspiration.pk)
        if check is not None:
            check(locked)
        if all(getattr(locked, key) == value for key, value in values.items()):
            return locked
        before = snapshot(locked, list(values))
        for key, value in values.items():
            setattr(locked, key, value)
        locked.save(update_fields=[*values, "updated_at"])
        audit_record(
            actor=actor,
            verb=verb,
            obj=locked,
            before=before,
            after=snapshot(locked, list(values)),
            actor_label=actor_label,
        )
        transaction.on_commit(bump_public_cache)
    return locked


@in_default_language
def aspiration_auto_close_due(*, today: datetime.date | None = None) -> int:
    """Close answered reports whose reporter did not reply within 10 working days."""
    today = today or timezone.localdate()
    closed = 0
    for pk in list(
        Aspiration.objects.filter(status=S.DITINDAKLANJUTI, close_due__lt=today).values_list("pk", flat=True)
    ):
        try:
            closed_report = _transition(
                aspiration=Aspiration(pk=pk),
                action="auto_close",
                actor=None,
                note=_("Closed automatically: no reply within 10 working days of the answer."),
            )
        except TransitionNotAllowed:
            continue
        with transaction.atomic():
            _notify(
                closed_report,
                _("Report closed: %(code)s") % {"code": closed_report.code},
                _("The report was closed because there was no reply within 10 working days of the answer."),
            )
        closed += 1
    return closed


def overdue_filter(today: datetime.date) -> Q:
    return (
        Q(status=S.BARU, verify_due__lt=today)
        | Q(status=S.TERVERIFIKASI, verify_due__lt=today)
        | Q(status=S.DIDISPOSISIKAN, answer_due__lt=today)
    )


@in_default_language
def aspiration_escalate_overdue(*, today: datetime.date | None = None) -> int:
    """Tell the agency head and the administrators about overdue reports, once a day per report."""
    from jembatan.accounts.models import User
    from jembatan.accounts.roles import Role

    today = today or timezone.localdate()
    escalated = 0
    overdue = (
        Aspiration.objects.filter(overdue_filter(today))
        .filter(Q(escalated_at__isnull=True) | Q(escalated_at__date__lt=today))
        .select_related("agency", "village__district")
    )
    for aspiration in overdue:
        regency = aspiration.village.district.regency_id
        admins = list(
            User.objects.filter(
                role_assignments__role=Role.ADMIN, role_assignments__regency_id=regency, is_active=True
            ).values_list("email", flat=True)
        )
        recipients = set(admins)
        if aspiration.agency and aspiration.agency.email and aspiration.status == S.DIDISPOSISIKAN:
            recipients.add(aspiration.agency.email)
        subject = _("Overdue report %(code)s") % {"code": aspiration.code}
        link = settings.PUBLIC_BASE_URL.rstrip("/") + reverse(
            "aspirations:staff_detail", kwargs={"code": aspiration.code}
        )
        body = _("The report %(code)s (“%(title)s”) is past its deadline. Handle it here: %(link)s") % {
            "code": aspiration.code,
            "title": aspiration.public_title,
            "link": link,
        }
        with transaction.atomic():
            Aspiration.objects.filter(pk=aspiration.pk).update(escalated_at=timezone.now())
            audit_record(
                actor=None,
                verb=AspirationVerb.ESCALATED,
                obj=aspiration,
                actor_label="sistem",
                after={"to": sorted(recipients)},
            )
            for email in sorted(recipients):
                email_with_transaction(to=[email], subject=subject, body=body)
        escalated += 1
    return escalated


@in_default_language
def aspiration_follow(*, aspiration: Aspiration, email: str) -> Follower:
    """Ask to follow a public report: nothing is sent but a confirmation link until it is opened.

    Asking again sends nothing to a confirmed follower, and the link at most once an hour to an
    unconfirmed one, so no one can fill a stranger's mailbox.
    """
    email = (email or "").strip().lower()
    with transaction.atomic():
        follower, created = Follower.objects.get_or_create(
            aspiration=aspiration, email_hash=email_hash(email), defaults={"email": email}
        )
        if created:
            audit_record(actor=None, verb=AspirationVerb.FOLLOW_REQUESTED, obj=aspiration, actor_label="pengikut")
        if follower.confirmed_at is None and allow(f"follow-confirmation:{follower.pk}", limit=1, window_seconds=3600):
            link = settings.PUBLIC_BASE_URL.rstrip("/") + reverse(
                "aspirations:follow_confirm", kwargs={"token": follower.token}
            )
            email_with_transaction(
                to=[email],
                subject=_("Confirm that you follow %(code)s") % {"code": aspiration.code},
                body=_(
                    "Someone (probably you) asked to receive by email the updates of the report %(code)s.\n\n"
                    "To confirm, open: %(link)s\n\nIf it was not you, ignore this email: nothing more will be sent."
                )
                % {"code": aspiration.code, "link": link},
            )
    return follower


def aspiration_follow_confirm(*, token: str) -> Follower | None:
    with transaction.atomic():
        follower = Follower.objects.select_for_update().select_related("aspiration").filter(token=token).first()
        if follower is not None and follower.confirmed_at is None:
            follower.confirmed_at = timezone.now()
            follower.save(update_fields=["confirmed_at", "email_hash"])
            audit_record(actor=None, verb=AspirationVerb.FOLLOWED, obj=follower.aspiration, actor_label="pengikut")
    return follower


def aspiration_unfollow(*, token: str) -> Aspiration | None:
    """Stop the updates in one step: the follower row (and its email) is deleted."""
    with transaction.atomic():
        follower = Follower.objects.select_for_update().select_related("aspiration").filter(token=token).first()
        if follower is None:
            return None
        aspiration = follower.aspiration
        follower.delete()
        audit_record(actor=None, verb=AspirationVerb.UNFOLLOWED, obj=aspiration, actor_label="pengikut")
    return aspiration


CATEGORY_FIELDS = ["name", "code", "description", "agency_id", "is_active"]


def category_save(*, actor, regency, values: dict, category=None):
    """Create or change a category and the agency it is routed to (the routing table)."""
    from jembatan.aspirations.models import Category

    agency = values.get("agency")
    if agency is not None and agency.regency_id != regency.code:
        raise DomainError(_("The agency belongs to another region."))
    with transaction.atomic():
        duplicate = Category.objects.filter(regency=regency, code=values["code"])
        if category is not None:
            duplicate = duplicate.exclude(pk=category.pk)
        if duplicate.exists():
            raise DomainError(_("Another category already uses this code."))
        before = snapshot(category, CATEGORY_FIELDS) if category is not None else None
        target = category or Category(regency=regency)
        for key in ["name", "code", "description", "agency", "is_active"]:
            setattr(target, key, values.get(key, getattr(target, key, None)))
        target.save()
        audit_record(
            actor=actor, verb=AspirationVerb.CATEGORY_UPDATED if category else AspirationVerb.CATEGORY_CREATED,
            obj=target, before=before, after=snapshot(target, CATEGORY_FIELDS),
        )  # fmt: skip
        transaction.on_commit(bump_public_cache)
    return target


def aspiration_edit_public_texts(
    *, actor, aspiration: Aspiration, public_title: str, public_description: str, public_place: str = ""
) -> Aspiration:
    """Staff correct or redact what the public reads, at any time after verification (audited)."""
    public_title = (public_title or "").strip()
    public_description = (public_description or "").strip()
    if not public_title or not public_description:
        raise DomainError(_("The public title and description cannot be empty."))
    fields = ["public_title", "public_description", "public_place"]
    with transaction.atomic():
        locked = Aspiration.objects.select_for_update().get(pk=aspiration.pk)
        if locked.verified_at is None:
            raise TransitionNotAllowed(_("Verify the report first; the public texts are set then."))
        names = [locked.reporter_name]
        before = snapshot(locked, fields)
        locked.public_title = redact_text(public_title, names=names)[:150]
        locked.public_description = redact_text(public_description, names=names)
        locked.public_place = redact_place(public_place.strip(), names=names)[:300]
        locked.save(update_fields=[*fields, "updated_at"])
        audit_record(
            actor=actor,
            verb=AspirationVerb.PUBLIC_TEXTS_EDITED,
            obj=locked,
            before=before,
            after=snapshot(locked, fields),
        )
        transaction.on_commit(bump_public_cache)
    return locked


@in_default_language
def aspiration_resend_private_link(*, code: str, contact: str) -> None:
    """Email the private link again when ``contact`` is the reporter's email or phone; otherwise nothing.

    The caller answers the same either way, so this tells no one whose report it is. The link goes
    only to the reporter's email on record, never to an address typed here.
    """
    from jembatan.core.privacy import normalize_phone

    aspiration = Aspiration.objects.filter(code=code).first()
    contact = (contact or "").strip()
    if aspiration is None or not aspiration.reporter_email or not contact:
        return
    matches = contact.lower() == aspiration.reporter_email.lower()
    if not matches and aspiration.reporter_phone:
        try:
            matches = normalize_phone(contact) == normalize_phone(aspiration.reporter_phone)
        except ValidationError:  # not a phone number: simply no match
            matches = False
    if not matches:
        return
    with transaction.atomic():
        email_with_transaction(
            to=[aspiration.reporter_email],
            subject=_("Your private link for %(code)s") % {"code": aspiration.code},
            body=_("Here is the private link to your report %(code)s again:\n\n%(link)s")
            % {
                "code": aspiration.code,
                "link": private_link(aspiration),
            },  # fmt: skip
        )
        audit_record(actor=None, verb=AspirationVerb.PRIVATE_LINK_RESENT, obj=aspiration, actor_label="pelapor")


@in_default_language
def aspiration_progress_update(*, actor, aspiration: Aspiration, note: str, agency_id: int | None = None) -> Event:
    """The agency tells the reporter how the work is going, before its final answer.

    The status does not change, so neither does the clock: only a final answer starts the ten working
    days before an answered report closes by itself. The update is in the public timeline (masked
    like every public text) and emailed to the reporter and the followers.
    """
    from jembatan.aspirations.verbs import AspirationVerb

    note = (note or "").strip()
    if len(note) < 10:
        raise DomainError(_("Write what has been done so far (at least 10 characters)."))
    with transaction.atomic():
        locked = Aspiration.objects.select_for_update().get(pk=aspiration.pk)
        if locked.status != S.DIDISPOSISIKAN:
            raise TransitionNotAllowed(_("Progress can only be reported while the report is with the agency."))
        if agency_id is not None and locked.agency_id != agency_id:
            raise TransitionNotAllowed(_("This report is no longer with your agency."))
        event = Event.objects.create(aspiration=locked, status=locked.status, note=note, public=True)
        audit_record(actor=actor, verb=AspirationVerb.PROGRESS_REPORTED, obj=locked, after={"note": note})
        _notify(
            locked,
            _("News on your report %(code)s") % {"code": locked.code},
            _("The agency reports progress: %(note)s") % {"note": note},
        )
        transaction.on_commit(bump_public_cache)
    return event
