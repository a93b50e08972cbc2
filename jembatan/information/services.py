"""Information requests: stored once per idempotency key, with the registration number and due date
issued at once; then the PPID's steps, each a transition of ``workflow.WORKFLOW``.

Every refusal is a ``DomainError`` with an Indonesian message, raised before anything is written.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jembatan.cases import intake, tracking
from jembatan.core.audit import audit_record, snapshot
from jembatan.core.crypto import encrypt_bytes
from jembatan.core.errors import DomainError
from jembatan.core.i18n import in_default_language, long_date
from jembatan.core.uploads import validate_document_image_or_spreadsheet, validate_document_or_image
from jembatan.information.clocks import CLOCKS, EXTENSION_DAYS
from jembatan.information.models import (
    Decision,
    DeliveryMethod,
    FileKind,
    InformationRequest,
    ObtainMethod,
    RequesterKind,
    RequestEvent,
    RequestFile,
    RequestStatus,
)
from jembatan.information.nik import clean_nik
from jembatan.information.verbs import InformationVerb
from jembatan.information.workflow import AUDITED, WORKFLOW

CONSENT_TEXT = (
    "Saya setuju PPID menyimpan identitas dan permohonan ini untuk melayani permohonan informasi saya "
    "(UU 14/2008 dan UU 27/2022 tentang Pelindungan Data Pribadi). Identitas saya tidak ditampilkan kepada publik."
)


@dataclass
class RequestData:
    name: str
    nik: str
    address: str
    information: str
    purpose: str
    obtain: str
    delivery: str
    regency_code: str
    occupation: str = ""
    email: str = ""
    phone: str = ""
    requester_kind: str = RequesterKind.PERORANGAN
    organisation: str = ""
    # Optional scans (uploads): the KTP, and an organisation's deed. Checked like every upload, stored encrypted.
    ktp: object = field(default=None, repr=False)
    deed: object = field(default=None, repr=False)
    # Asked by chat: where the requester hears back (the channel and their address on it).
    requester_channel: str = ""
    requester_chat: str = ""

    def cleaned(self) -> RequestData:
        """The same data, checked and normalised; ``DomainError`` naming every problem at once."""
        problems = []
        try:
            nik = clean_nik(self.nik)
        except ValidationError as exc:
            problems += exc.messages
            nik = ""
        for value, label in ((self.name, _("name")), (self.address, _("address")),
                             (self.information, _("the information requested")), (self.purpose, _("the purpose"))):  # fmt: skip
            if not value.strip():
                problems.append(_("Fill in %(field)s.") % {"field": label})
        if self.obtain not in ObtainMethod.values:
            problems.append(_("Choose how you want to obtain the information."))
        if self.delivery not in DeliveryMethod.values:
            problems.append(_("Choose how you want to receive a copy."))
        if self.delivery == DeliveryMethod.EMAIL and not self.email.strip():
            problems.append(_("Give an email address to receive the copy by email."))
        if self.delivery == DeliveryMethod.CHAT and not self.requester_chat:
            problems.append(_("Choose how you want to receive a copy."))
        if not (self.email.strip() or self.phone.strip() or self.requester_chat):
            problems.append(_("Give a telephone number or an email address."))
        if self.requester_kind == RequesterKind.ORGANISASI and not self.organisation.strip():
            problems.append(_("Give the organisation's name."))
        scans = {}
        for name, upload in (("ktp", self.ktp), ("deed", self.deed)):
            if upload is None:
                continue
            try:
                scans[name] = validate_document_or_image(upload)
            except ValidationError as exc:
                problems.append((_("KTP scan") if name == "ktp" else _("Deed of the organisation")) + ": "
                                + " ".join(exc.messages))  # fmt: skip
        if problems:
            raise DomainError(" ".join(problems), code="invalid_request")
        return RequestData(
            name=self.name.strip()[:150], nik=nik, address=self.address.strip()[:500], information=self.information.strip(),
            purpose=self.purpose.strip(), obtain=self.obtain, delivery=self.delivery, regency_code=self.regency_code,
            occupation=self.occupation.strip()[:100], email=self.email.strip().lower()[:254], phone=self.phone.strip()[:30],
            requester_kind=self.requester_kind, organisation=self.organisation.strip()[:200],
            ktp=scans.get("ktp"), deed=scans.get("deed"), requester_channel=self.requester_channel,
            requester_chat=self.requester_chat,
        )  # fmt: skip

    def fingerprint(self) -> str:
        text = {k: v for k, v in self.__dict__.items() if k not in ("nik", "ktp", "deed")}
        return intake.fingerprint(text | {"nik": self.nik[-4:], "scans": [bool(self.ktp), bool(self.deed)]})


@in_default_language
def information_request_submit(
    *, data: RequestData, actor=None, idempotency_key: str | None = None
) -> tuple[InformationRequest, bool]:
    """Store a request once; its registration number (``PPID-YYYY-NNNNNN``) and due date are set at once.
    Returns (request, created); a retry with the same key returns the first request and its clock."""
    data = data.cleaned()
    fingerprint = data.fingerprint()

    def create() -> InformationRequest:
        now = timezone.now()
        request = InformationRequest(
            secret_salt=tracking.new_salt(), idempotency_key=idempotency_key or None, request_fingerprint=fingerprint,
            regency_id=data.regency_code, requester_kind=data.requester_kind, name=data.name, nik=data.nik,
            address=data.address, occupation=data.occupation, email=data.email, phone=data.phone,
            organisation=data.organisation, information=data.information, purpose=data.purpose, obtain=data.obtain,
            delivery=data.delivery, consent_text=CONSENT_TEXT, consent_at=now, received_at=now,
            requester_channel=data.requester_channel, requester_chat=data.requester_chat,
        )  # fmt: skip
        WORKFLOW.set_initial(request)
        CLOCKS.apply(request)
        request.save()
        tracking.assign_code(request)
        for kind, upload in ((FileKind.KTP, data.ktp), (FileKind.AKTA, data.deed)):
            if upload is not None:
                store_file(request, kind, upload, name=str(FileKind(kind).label), encrypted=True)
        RequestEvent.objects.create(request=request, status=request.status)
        audit_record(actor=actor, verb=InformationVerb.SUBMITTED, obj=request, after=snapshot(request, AUDITED))
        _notify(
            request, _("Information request received: %(number)s") % {"number": request.code},
            _("Your request for public information was received on %(date)s.") % {"date": long_date(now)}
            + " " + _due_sentence(request),
        )  # fmt: skip
        return request

    return intake.intake_once(InformationRequest, key=idempotency_key, request_fingerprint=fingerprint, create=create)


MAX_ANSWER_DOCUMENTS = 10


def store_file(request: InformationRequest, kind: str, upload, *, name: str, encrypted: bool = False) -> RequestFile:
    """Store a checked upload for a request (in the caller's transaction); identity scans encrypted."""
    from django.core.files.base import ContentFile

    upload.seek(0)
    data = upload.read()
    stored = RequestFile(request=request, kind=kind, name=name[:150], size=len(data),
                         content_type=getattr(upload, "content_type", "") or "application/octet-stream",
                         encrypted=encrypted)  # fmt: skip
    stored.file.save(upload.name, ContentFile(encrypt_bytes(data) if encrypted else data), save=False)
    stored.save()
    return stored


def _display_name(original: str, checked) -> str:
    """The name the requester sees: theirs, without its folder, with the extension of what was checked."""
    from pathlib import PurePath

    from django.core.exceptions import SuspiciousFileOperation
    from django.utils.text import get_valid_filename

    stem = PurePath((original or "").replace("\\", "/")).stem[:90]
    try:
        stem = get_valid_filename(stem)
    except SuspiciousFileOperation:  # nothing usable is left of it
        stem = ""
    return f"{stem or 'dokumen'}{PurePath(checked.name).suffix}"


def private_link(request: InformationRequest) -> str:
    """The requester's own page: the answer, the clarification form, the objection."""
    from django.urls import reverse

    return tracking.absolute(
        reverse("information:private", kwargs={"number": request.code, "secret": tracking.case_secret(request)})
    )


def _notify(request: InformationRequest, subject: str, message: str) -> None:
    """Tell the requester, by email when they gave one and in the chat they asked from (in the caller's
    transaction: the outbox)."""
    from jembatan.cases.notify import send_chat
    from jembatan.notifications.api import send_email

    values = {"subject": subject, "message": message, "number": request.code, "link": private_link(request)}
    if request.email:
        send_email("information.requester_update", to=request.email, values=values)
    if request.requester_chat:
        send_chat("information.requester_update", (request.requester_channel, request.requester_chat), values)


def _due_sentence(request: InformationRequest) -> str:
    return _("The PPID answers in writing by %(date)s at the latest.") % {"date": long_date(request.answer_due)}


def _required(text: str, message: str) -> str:
    text = (text or "").strip()
    if not text:
        raise DomainError(message, code="required")
    return text


def subject_word(*, actor, request: InformationRequest, subject: str) -> InformationRequest:
    """The PPID's wording of the request for the public register (never the requester's own text)."""
    subject = (subject or "").strip()
    if not subject or len(subject) > 200:
        raise DomainError(_("Write the subject in at most 200 characters."), code="subject")
    with transaction.atomic():
        before = {"subject": request.subject}
        InformationRequest.objects.filter(pk=request.pk).update(subject=subject)
        audit_record(actor=actor, verb=InformationVerb.SUBJECT_WORDED, obj=request, before=before,
                     after={"subject": subject})  # fmt: skip
    request.subject = subject
    return request


@in_default_language
def clarification_ask(*, actor, request: InformationRequest, question: str) -> InformationRequest:
    """The PPID asks the requester to clarify: the answer clock pauses until they reply."""
    question = _required(question, _("Write what the requester should clarify."))
    with transaction.atomic():
        request = WORKFLOW.perform("ask_clarification", request, actor=actor,
                                   changes={"clarification_question": question}, note=question)  # fmt: skip
        _notify(
            request, _("Clarification needed: %(number)s") % {"number": request.code},
            _("The PPID asks you to clarify your request: %(question)s") % {"question": question} + " "
            + _("Please answer by %(date)s; until then the answer period is paused. Without an answer by then the "
                "request lapses.") % {"date": long_date(request.clarification_due)},
        )  # fmt: skip
    return request


def clarification_give(*, actor, request: InformationRequest, answer: str) -> InformationRequest:
    """The requester's clarification: the clock runs again from where it stopped (never from zero)."""
    answer = _required(answer, _("Write your clarification."))
    name = "clarified_extended" if request.extension_days else "clarified"
    return WORKFLOW.perform(name, request, actor=actor, changes={"clarification_answer": answer}, note=answer)


@in_default_language
def extend(*, actor, request: InformationRequest, reason: str) -> InformationRequest:
    """The one lawful extension: 7 working days more, with a written reason."""
    reason = _required(reason, _("Write the reason for the extension; the requester receives it."))

    def once(locked, _rows):
        if locked.extension_days:
            raise DomainError(_("This request has already been extended once; the law allows one extension."))
        return {"extension_days": EXTENSION_DAYS, "extension_reason": reason}

    if request.extension_days:
        raise DomainError(_("This request has already been extended once; the law allows one extension."))
    with transaction.atomic():
        request = WORKFLOW.perform("extend", request, actor=actor, guard=once, note=reason)
        _notify(
            request, _("Answer period extended: %(number)s") % {"number": request.code},
            _("The PPID extends the answer period by 7 working days: %(reason)s") % {"reason": reason} + " "
            + _due_sentence(request),
        )  # fmt: skip
    return request


@in_default_language
def answer(
    *, actor, request: InformationRequest, decision: str, answer_text: str, exemption_ground: str = "",
    consequence_test: str = "", fee: int = 0, documents=(),
) -> InformationRequest:  # fmt: skip
    """The written answer: granted in full or in part, refused under Art. 17 with its consequence test,
    or the information is not held. ``documents`` (uploads: PDF, images, spreadsheets) go with it, each
    checked before anything is written; the requester downloads them from their private page."""
    if decision not in Decision.values:
        raise DomainError(_("Choose the decision."), code="decision")
    answer_text = _required(answer_text, _("Write the answer the requester receives."))
    refused = decision in (Decision.DITOLAK, Decision.SEBAGIAN)
    if refused and not (exemption_ground.strip() and consequence_test.strip()):
        raise DomainError(
            _(
                "A refusal, in full or in part, names the exemption (UU KIP Art. 17) and the consequence test it rests on."
            ),
            code="exemption",
        )
    if fee < 0:
        raise DomainError(_("A fee cannot be negative."), code="fee")
    documents = [upload for upload in documents if upload is not None]
    if len(documents) > MAX_ANSWER_DOCUMENTS:
        raise DomainError(_("Attach at most %(n)s documents.") % {"n": MAX_ANSWER_DOCUMENTS}, code="documents")
    if documents and decision not in (Decision.DIKABULKAN, Decision.SEBAGIAN):
        raise DomainError(_("Documents go with information that is given, in full or in part."), code="documents")
    checked = []
    for upload in documents:
        try:
            checked.append((_display_name(upload.name, safe := validate_document_image_or_spreadsheet(upload)), safe))
        except ValidationError as exc:
            raise DomainError(f"{upload.name[:80]}: " + " ".join(exc.messages), code="document") from exc
    changes = {"decision": decision, "answer": answer_text, "exemption_ground": exemption_ground.strip()[:200],
               "consequence_test": consequence_test.strip(), "fee": fee}  # fmt: skip
    with transaction.atomic():
        request = WORKFLOW.perform("answer", request, actor=actor, changes=changes, note=answer_text)
        for name, safe in checked:
            store_file(request, FileKind.JAWABAN, safe, name=name)
        if checked:
            answer_text += "\n\n" + _("Documents: %(names)s. Download them from your page (the link below).") % {
                "names": ", ".join(name for name, _safe in checked)
            }  # fmt: skip
        _notify(
            request, _("Your information request is answered: %(number)s") % {"number": request.code},
            _("Decision: %(decision)s.") % {"decision": request.get_decision_display()} + "\n\n" + answer_text,
        )  # fmt: skip
    return request


def forward_targets(regency_code: str) -> list[tuple[str, str]]:
    """The other regencies of this installation a request can be forwarded to, with their office's name."""
    from jembatan.core import tenancy

    return [(code, tenancy.organisation(code)) for code in tenancy.served_regencies() if code != regency_code]


@in_default_language
def forward(
    *, actor, request: InformationRequest, reason: str, regency_code: str = "", body: str = ""
) -> InformationRequest:
    """The information is held by another public body: the request goes to it, which then owns it.

    When that body is a regency served by this installation, the request is registered there at once
    with its own number and its own clock from today (the requester's identity and scans go with it), and
    this request points at it. Otherwise the body's name is recorded and the requester told where to turn.
    Either way this request ends here as forwarded; the requester is told with the reason."""
    from jembatan.accounts.roles import Role
    from jembatan.core import tenancy
    from jembatan.notifications.api import send_email

    reason = _required(reason, _("Write why the information is held by that body."))
    body = " ".join((body or "").split())[:200]
    targets = dict(forward_targets(request.regency_id))
    if bool(regency_code) == bool(body):
        raise DomainError(_("Choose the region on this service, or write the name of the body outside it."),
                          code="target")  # fmt: skip
    if regency_code and regency_code not in targets:
        raise DomainError(_("That region is not served here: write the body's name instead."), code="target")
    with transaction.atomic():
        locked = InformationRequest.objects.select_for_update().get(pk=request.pk)
        if locked.status not in HANDLED:
            raise DomainError(_("This request is “%(status)s”: that step is not possible now.")
                              % {"status": locked.get_status_display()}, code="status")  # fmt: skip
        there = None
        if regency_code:
            scans = {f.kind: ContentFile(f.read(), name=f"{f.kind}{Path(f.file.name).suffix}")
                     for f in locked.files.exclude(kind=FileKind.JAWABAN)}  # fmt: skip
            data = RequestData(
                name=locked.name, nik=locked.nik, address=locked.address, information=locked.information,
                purpose=locked.purpose, obtain=locked.obtain, delivery=locked.delivery, regency_code=regency_code,
                occupation=locked.occupation, email=locked.email, phone=locked.phone,
                requester_kind=locked.requester_kind, organisation=locked.organisation,
                ktp=scans.get(FileKind.KTP), deed=scans.get(FileKind.AKTA),
            )  # fmt: skip
            with tenancy.activate(regency_code):
                there, _created = information_request_submit(
                    data=data, actor=actor, idempotency_key=f"forward:{locked.pk}"
                )
                values = {"number": there.code, "due": long_date(there.answer_due), "link": _staff_link(there),
                          "message": _("Forwarded by %(body)s (%(number)s): %(reason)s")
                          % {"body": tenancy.organisation(locked.regency_id), "number": locked.code, "reason": reason}}  # fmt: skip
                for email in _staff_emails(regency_code, Role.PPID):
                    send_email("information.routed", to=email, values=values)
            body = targets[regency_code]
        note = _("Forwarded to %(body)s, which holds the information: %(reason)s") % {"body": body, "reason": reason}
        locked = WORKFLOW.perform("forward", locked, actor=actor, note=note,
                                  changes={"forwarded_to": there, "forwarded_body": body})  # fmt: skip
        message = note
        if there is not None:
            message += "\n\n" + _(
                "It is registered there as %(number)s and answered by %(date)s at the latest: %(link)s"
            ) % {"number": there.code, "date": long_date(there.answer_due),
                 "link": tenancy.absolute(_private_path(there), regency_code)}  # fmt: skip
        else:
            message += "\n\n" + _("Please send your request to that body; it answers on its own clock.")
        _notify(locked, _("Your information request is forwarded: %(number)s") % {"number": locked.code}, message)
    return locked


def _private_path(request: InformationRequest) -> str:
    from django.urls import reverse

    return reverse("information:private", kwargs={"number": request.code, "secret": tracking.case_secret(request)})


def withdraw(*, actor, request: InformationRequest, reason: str = "") -> InformationRequest:
    return WORKFLOW.perform("withdraw", request, actor=actor, note=reason.strip())


def lapse_unclarified(*, today=None) -> int:
    """Requests whose clarification period ended without an answer lapse (a periodic job)."""
    today = today or timezone.localdate()

    def act(pk: int) -> bool:
        with transaction.atomic():
            WORKFLOW.perform("lapse", pk, actor=None, actor_label="sistem",
                             note=_("No clarification was received within the stated period."))  # fmt: skip
        return True

    return CLOCKS.expire(InformationRequest, "clarification", today, act)


def information_deadlines_recompute(regency_code: str) -> int:
    """After a regency's calendar change: recompute its open requests' and objections' deadlines (audited)."""
    from jembatan.core.workdays import WorkingCalendar
    from jembatan.information import objections
    from jembatan.information.models import Objection
    from jembatan.information.verbs import ObjectionVerb

    calendar = WorkingCalendar.load(regency_code)
    requests = CLOCKS.recompute(
        InformationRequest.objects.filter(regency_id=regency_code), verb=InformationVerb.DEADLINES_RECOMPUTED,
        calendar=calendar,
    )  # fmt: skip
    return requests + objections.CLOCKS.recompute(
        Objection.objects.filter(regency_id=regency_code), verb=ObjectionVerb.DEADLINES_RECOMPUTED, calendar=calendar
    )


HANDLED = (RequestStatus.DITERIMA, RequestStatus.DIPERPANJANG, RequestStatus.KLARIFIKASI)


@in_default_language
def route(*, actor, request: InformationRequest, agency, reason: str = "") -> InformationRequest:
    """The PPID utama passes a request to the PPID pelaksana of the agency that holds the information, or
    the request comes back to the PPID utama (``agency=None``, with a reason). The clock runs on: the same
    public body answers, so nothing restarts."""
    from jembatan.notifications.api import send_email

    if agency is not None and (agency.regency_id != request.regency_id or not agency.is_active):
        raise DomainError(_("Choose an active agency of this region."), code="agency")
    if agency is None:
        reason = _required(reason, _("Write why the request goes back to the PPID utama."))
    with transaction.atomic():
        locked = InformationRequest.objects.select_for_update().get(pk=request.pk)
        if locked.status not in HANDLED:
            raise DomainError(_("This request is “%(status)s”: that step is not possible now.")
                              % {"status": locked.get_status_display()}, code="status")  # fmt: skip
        if locked.agency_id == (agency.pk if agency else None):
            raise DomainError(_("The request is already there."), code="same")
        before = {"agency_id": locked.agency_id}
        InformationRequest.objects.filter(pk=locked.pk).update(agency=agency, updated_at=timezone.now())
        locked.agency = agency
        note = (_("Passed to the PPID of %(agency)s.") % {"agency": agency.name} if agency is not None
                else _("Back to the PPID utama: %(reason)s") % {"reason": reason})  # fmt: skip
        RequestEvent.objects.create(request=locked, status=locked.status, note=note, public=False)
        audit_record(actor=actor, verb=InformationVerb.ROUTED, obj=locked, before=before,
                     after={"agency_id": locked.agency_id, "reason": reason})  # fmt: skip
        values = {"number": locked.code, "due": long_date(locked.answer_due) if locked.answer_due else "-",
                  "link": _staff_link(locked), "message": note}  # fmt: skip
        for email in _handler_emails(locked):
            send_email("information.routed", to=email, values=values)
    return locked


def _handler_emails(request: InformationRequest) -> list[str]:
    """Who handles the request now: the agency's PPID pelaksana when it was routed there, else the PPID."""
    from jembatan.accounts.models import User
    from jembatan.accounts.roles import Role

    if request.agency_id is not None:
        return sorted(set(User.objects.filter(
            role_assignments__role=Role.PPID_PELAKSANA, role_assignments__agency_id=request.agency_id, is_active=True,
        ).values_list("email", flat=True)))  # fmt: skip
    return _staff_emails(request.regency_id, Role.PPID)


REMINDER_DAYS = (7, 9, 10)


def _staff_emails(regency_code: str, role: str) -> list[str]:
    from jembatan.accounts.models import User

    return sorted(set(User.objects.filter(role_assignments__role=role, role_assignments__regency_id=regency_code,
                                          is_active=True).values_list("email", flat=True)))  # fmt: skip


def _staff_link(request: InformationRequest) -> str:
    from django.urls import reverse

    return tracking.absolute(reverse("information_staff:detail", kwargs={"number": request.code}))


@in_default_language
def remind_and_escalate(*, today=None) -> dict[str, int]:
    """The periodic job: remind the PPID after 7, 9 and 10 working days (the days waited for a clarification
    not counted), each once; tell the atasan PPID of every overdue request, once a day."""
    from jembatan.accounts.roles import Role
    from jembatan.cases.clocks import escalate_overdue
    from jembatan.notifications.api import send_email

    today = today or timezone.localdate()
    reminded = 0
    running = InformationRequest.objects.filter(status__in=[RequestStatus.DITERIMA, RequestStatus.DIPERPANJANG],
                                                reminded_after_days__lt=REMINDER_DAYS[-1])  # fmt: skip
    for request in running.iterator():
        calendar = CLOCKS.calendar(request)
        start = timezone.localdate(request.received_at)
        elapsed = calendar.working_days_between(start, today) - CLOCKS.paused_days("answer", request, calendar)
        crossed = [days for days in REMINDER_DAYS if request.reminded_after_days < days <= elapsed]
        if not crossed:
            continue
        with transaction.atomic():
            changed = InformationRequest.objects.filter(
                pk=request.pk, reminded_after_days=request.reminded_after_days
            ).update(reminded_after_days=crossed[-1])  # fmt: skip
            if changed:
                values = {"number": request.code, "days": str(crossed[-1]), "link": _staff_link(request),
                          "due": long_date(request.answer_due) if request.answer_due else "-"}  # fmt: skip
                for email in _handler_emails(request):
                    send_email("information.staff_reminder", to=email, values=values)
                reminded += 1

    def send(request: InformationRequest) -> list[str]:
        recipients = _staff_emails(request.regency_id, Role.ATASAN_PPID)
        values = {"number": request.code, "due": long_date(request.answer_due), "link": _staff_link(request)}
        for email in recipients:
            send_email("information.overdue", to=email, values=values)
        return recipients

    escalated = escalate_overdue(InformationRequest.objects.all(), clocks=CLOCKS, today=today,
                                 verb=InformationVerb.ESCALATED, send=send)  # fmt: skip
    return {"reminded": reminded, "escalated": escalated}
