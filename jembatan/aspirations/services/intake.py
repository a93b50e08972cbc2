"""A citizen's report arrives: stored once per idempotency key (``cases.intake``), with its tracking
code, masked public texts, the reporter as first follower, the first timeline event, the audit row and
the confirmation message, all in one transaction."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jembatan.aspirations.clocks import CLOCKS
from jembatan.aspirations.models import Aspiration, Attachment, Event, Privacy
from jembatan.aspirations.services.contact import _notify
from jembatan.aspirations.services.workflow import AUDITED, WORKFLOW
from jembatan.aspirations.verbs import AspirationVerb
from jembatan.cases import intake, tracking
from jembatan.cases.intake import IdempotencyConflict
from jembatan.cases.presenter import Masker
from jembatan.core.audit import audit_record, snapshot
from jembatan.core.cache import bump_public_cache
from jembatan.core.i18n import in_default_language, long_date

__all__ = ["CONSENT_TEXT", "IdempotencyConflict", "SubmissionData", "aspiration_submit"]

CONSENT_TEXT = (
    "Saya setuju Diskominfo menyimpan laporan ini beserta kontak yang saya berikan untuk menindaklanjuti "
    "laporan dan mengabarkan perkembangannya kepada saya (UU 27/2022 tentang Pelindungan Data Pribadi). "
    "Identitas saya tidak ditampilkan kepada publik."
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
    reporter_channel: str = ""
    reporter_chat: str = ""
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
        return intake.fingerprint(canonical)


def _public_texts(aspiration: Aspiration) -> None:
    masker = Masker(names=(aspiration.reporter_name,))
    aspiration.public_title = masker.text(aspiration.public_title or aspiration.title)[:150]
    aspiration.public_description = masker.text(aspiration.public_description or aspiration.description)
    aspiration.public_place = masker.place(aspiration.public_place or aspiration.place)[:300]


@in_default_language
def aspiration_submit(
    *, data: SubmissionData, actor=None, idempotency_key: str | None = None
) -> tuple[Aspiration, bool]:
    """Store a report once. Returns (report, created). A retry with the same key returns the first report."""

    def create() -> Aspiration:
        now = timezone.now()
        aspiration = Aspiration(
            secret_salt=tracking.new_salt(), idempotency_key=idempotency_key or None, request_fingerprint=fingerprint,
            kind=data.kind, title=data.title.strip(), description=data.description.strip(), category=data.category,
            village=data.village, regency_id=data.village.district.regency_id, place=data.place.strip(), latitude=data.latitude, longitude=data.longitude,
            event_date=data.event_date, privacy=data.privacy, reporter_name=data.reporter_name.strip(),
            reporter_email=data.reporter_email.strip().lower(), reporter_phone=data.reporter_phone,
            reporter_channel=data.reporter_channel, reporter_chat=data.reporter_chat,
            reporter=actor if getattr(actor, "is_authenticated", False) and not data.relayed_by_kim else None,
            consent_text=CONSENT_TEXT, consent_at=now, relayed_by_kim=data.relayed_by_kim,
            relayed_by=actor if data.relayed_by_kim else None, received_at=now,
        )  # fmt: skip
        CLOCKS.apply(aspiration)
        _public_texts(aspiration)
        aspiration.save()
        tracking.assign_code(aspiration)
        for upload in data.attachments:
            attachment = Attachment(aspiration=aspiration, content_type=upload.content_type or "", size=upload.size)
            attachment.file.save(upload.name, upload, save=False)
            attachment.save()
        Event.objects.create(aspiration=aspiration, status=WORKFLOW.initial, note="")
        audit_record(actor=actor, verb=AspirationVerb.SUBMITTED, obj=aspiration, after=snapshot(aspiration, AUDITED))
        _notify(
            aspiration,
            _("Report received: %(code)s") % {"code": aspiration.code},
            _("Thank you. Your report “%(title)s” has been received and will be checked by %(date)s.")
            % {"title": aspiration.title, "date": long_date(aspiration.verify_due)},
        )
        transaction.on_commit(bump_public_cache)
        return aspiration

    fingerprint = data.fingerprint()
    return intake.intake_once(Aspiration, key=idempotency_key, request_fingerprint=fingerprint, create=create)
