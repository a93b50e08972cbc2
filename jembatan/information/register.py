"""The Daftar Informasi Publik (DIP): the public body's list of its public information, with the DIP
fields of Perki 1/2021 and the four categories of UU KIP. An exempt entry carries its consequence test
and never a document; a periodic (berkala) one must be published again within 6 months, and the PPID's
workspace warns 30 days before."""

from __future__ import annotations

import calendar
import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jembatan.core.audit import audit_record, snapshot
from jembatan.core.errors import DomainError
from jembatan.core.uploads import validate_document_image_or_spreadsheet
from jembatan.information.models import InformationCategory, RegisterEntry
from jembatan.information.verbs import InformationVerb

WARN_DAYS = 30
AUDITED = ["number", "title", "summary", "holder", "responsible", "made", "form", "retention", "category",
           "consequence_test", "document", "published_on", "next_due"]  # fmt: skip


def six_months_after(day: datetime.date) -> datetime.date:
    month = day.month + 6
    year, month = day.year + (month - 1) // 12, (month - 1) % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


@dataclass
class EntryData:
    number: str
    title: str
    summary: str
    holder: str
    responsible: str
    made: str
    form: str
    retention: str
    category: str
    published_on: datetime.date
    consequence_test: str = ""


def entry_save(*, actor, regency_code: str, data: EntryData, entry: RegisterEntry | None = None, document=None,
               remove_document: bool = False, source_request=None) -> RegisterEntry:  # fmt: skip
    """Add or change an entry; refused (nothing written) when an exempt entry lacks its consequence test or
    would publish a document, the date is in the future, or the number is taken."""
    if data.category not in InformationCategory.values:
        raise DomainError(_("Choose the category."), code="category")
    exempt = data.category == InformationCategory.DIKECUALIKAN
    if exempt and not data.consequence_test.strip():
        raise DomainError(_("Exempt information needs the consequence test it rests on (UU KIP Art. 17)."),
                          code="consequence_test")  # fmt: skip
    if exempt and (document is not None or (entry is not None and entry.document and not remove_document)):
        raise DomainError(_("Exempt information is listed without its document."), code="exempt_document")
    if data.published_on > timezone.localdate():
        raise DomainError(_("The date cannot be in the future."), code="future")
    number = data.number.strip()
    taken = RegisterEntry.objects.filter(regency_id=regency_code, number=number)
    if entry is not None:
        taken = taken.exclude(pk=entry.pk)
    if not number or taken.exists():
        raise DomainError(_("Give the entry a number not used by another one."), code="number")
    if document is not None:
        try:
            document = validate_document_image_or_spreadsheet(document)
        except ValidationError as exc:
            raise DomainError(" ".join(exc.messages), code="document") from exc
    with transaction.atomic():
        before = snapshot(entry, AUDITED) if entry is not None else None
        entry = entry or RegisterEntry(regency_id=regency_code)
        for name, value in data.__dict__.items():
            setattr(entry, name, value.strip() if isinstance(value, str) else value)
        entry.number = number
        if source_request is not None:
            entry.source_request = source_request
        entry.next_due = six_months_after(data.published_on) if data.category == InformationCategory.BERKALA else None
        if remove_document and entry.document:
            entry.document.delete(save=False)
            entry.document = ""
        if document is not None:
            entry.document.save(document.name, document, save=False)
        entry.save()
        audit_record(actor=actor, verb=InformationVerb.REGISTER_ENTRY_SAVED, obj=entry, before=before,
                     after=snapshot(entry, AUDITED))  # fmt: skip
    return entry


def entry_from_request(*, actor, request, data: EntryData, document=None) -> RegisterEntry:
    """Add an answered request's information to the list in one step: the information given (in full or in
    part) becomes an entry pointing back at the request, with one of the answer's documents if chosen."""
    from django.core.files.base import ContentFile

    from jembatan.information.models import Decision, FileKind, RequestStatus

    if request.status != RequestStatus.DIJAWAB or request.decision not in (Decision.DIKABULKAN, Decision.SEBAGIAN):
        raise DomainError(_("Only information that was given, in full or in part, can be added to the list."),
                          code="not_given")  # fmt: skip
    if data.category == InformationCategory.DIKECUALIKAN:
        raise DomainError(_("Information that was given is not exempt."), code="category")
    upload = None
    if document is not None:
        if document.request_id != request.pk or document.kind != FileKind.JAWABAN:
            raise DomainError(_("Choose one of the documents given with this answer."), code="document")
        upload = ContentFile(document.read(), name=document.name)
    return entry_save(actor=actor, regency_code=request.regency_id, data=data, document=upload,
                      source_request=request)  # fmt: skip


def lapsing(regency_codes, *, today: datetime.date | None = None):
    """Periodic entries due again within ``WARN_DAYS`` (or already late)."""
    today = today or timezone.localdate()
    return RegisterEntry.objects.filter(
        regency_id__in=regency_codes, category=InformationCategory.BERKALA,
        next_due__lte=today + datetime.timedelta(days=WARN_DAYS),
    ).order_by("next_due")  # fmt: skip


def public_entries(*, regency_code: str, query: str = "", category: str = ""):
    rows = RegisterEntry.objects.filter(regency_id=regency_code)
    if category in InformationCategory.values:
        rows = rows.filter(category=category)
    if query:
        rows = rows.filter(search_text__contains=" ".join(query.split()).upper())
    return rows
