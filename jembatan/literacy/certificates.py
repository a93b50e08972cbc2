"""Certificates of attendance: issued to those checked in, rendered as PDF in the background (fpdf2, the
same engine as the PPID's letters: no system libraries) and kept; each carries a QR code to its public
verification page. Revocation is audited and shown there at once."""

from __future__ import annotations

import io
import secrets

from django.core.files.base import ContentFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from fpdf import FPDF

from jembatan.core import tenancy
from jembatan.core.audit import audit_record
from jembatan.core.background import enqueue_with_transaction
from jembatan.core.errors import DomainError
from jembatan.core.i18n import long_date
from jembatan.literacy.models import Certificate, LiteracyEvent, Registration
from jembatan.literacy.signing import signer
from jembatan.literacy.verbs import LiteracyVerb


def _latin1(text: str) -> str:
    from anyascii import anyascii

    return "".join(ch if ord(ch) < 256 else anyascii(ch) for ch in str(text))


def verification_url(certificate: Certificate) -> str:
    path = reverse("literacy_verify:verify", kwargs={"token": certificate.token})
    return tenancy.absolute(path, certificate.registration.event.regency_id)


def certificates_issue(*, actor, event: LiteracyEvent) -> int:
    """A certificate for everyone checked in who has none yet (once the event has started); returns how many."""
    if timezone.now() < event.starts_at:
        raise DomainError(_("Certificates are issued once the event has started."), code="too_early")
    from jembatan.literacy.tasks import render_certificate_task

    with transaction.atomic():
        present = Registration.objects.filter(event=event, checked_in_at__isnull=False, certificate__isnull=True)
        created = [Certificate.objects.create(registration=r, token=secrets.token_urlsafe(24)) for r in present]
        if created:
            audit_record(actor=actor, verb=LiteracyVerb.CERTIFICATES_ISSUED, obj=event, after={"count": len(created)})
        for certificate in created:
            enqueue_with_transaction(render_certificate_task, certificate_id=certificate.pk)
    return len(created)


def certificate_revoke(*, actor, certificate: Certificate, reason: str) -> Certificate:
    reason = " ".join((reason or "").split())[:300]
    if not reason:
        raise DomainError(_("Write why the certificate is revoked."), code="reason")
    with transaction.atomic():
        if not Certificate.objects.filter(pk=certificate.pk, revoked_at__isnull=True).update(
            revoked_at=timezone.now(), revoked_reason=reason
        ):
            raise DomainError(_("This certificate is already revoked."), code="revoked")
        certificate.refresh_from_db()
        audit_record(actor=actor, verb=LiteracyVerb.CERTIFICATE_REVOKED, obj=certificate.registration.event,
                     after={"registration": certificate.registration.code, "reason": reason})  # fmt: skip
    return certificate


def certificate_pdf(certificate: Certificate) -> bytes:
    """The certificate's PDF: kept after the first rendering (the background task renders it at issue)."""
    if certificate.file:
        with certificate.file.open("rb") as stored:
            return stored.read()
    return render(certificate)


def render(certificate: Certificate) -> bytes:
    from jembatan.core.qr import qr_svg_file

    registration = certificate.registration
    event = registration.event
    used = signer()
    pdf = FPDF(orientation="landscape", format="A4")
    pdf.set_title(_latin1(_("Certificate: %(name)s") % {"name": registration.name}))
    pdf.set_creator("Jembatan")
    pdf.add_page()
    pdf.set_draw_color(11, 93, 75)
    pdf.set_line_width(1.2)
    pdf.rect(10, 10, 277, 190)
    pdf.set_y(28)
    pdf.set_font("Helvetica", "", 13)
    pdf.cell(0, 8, _latin1(tenancy.organisation(event.regency_id)), align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(6)
    pdf.set_font("Helvetica", "B", 30)
    pdf.cell(0, 14, _latin1(_("CERTIFICATE")), align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 13)
    pdf.cell(0, 8, _latin1(_("is given to")), align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    pdf.set_font("Helvetica", "B", 24)
    pdf.multi_cell(0, 12, _latin1(registration.name), align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    pdf.set_font("Helvetica", "", 13)
    pdf.multi_cell(0, 7, _latin1(_("for taking part in %(kind)s “%(title)s” on %(date)s.") % {
        "kind": event.get_kind_display().lower(), "title": event.title,
        "date": long_date(timezone.localtime(event.starts_at)),
    }), align="C", new_x="LMARGIN", new_y="NEXT")  # fmt: skip
    url = verification_url(certificate)
    pdf.image(io.BytesIO(qr_svg_file(url)), x=230, y=140, w=45, h=45)
    pdf.set_xy(20, 160)
    pdf.set_font("Helvetica", "", 9)
    pdf.multi_cell(200, 5, _latin1(
        _("Number %(code)s. Check it at %(url)s") % {"code": registration.code, "url": url} + "\n" + used.label()
    ), new_x="LMARGIN", new_y="NEXT")  # fmt: skip
    return used.sign(bytes(pdf.output()))


def render_and_keep(certificate_id: int) -> bool:
    certificate = Certificate.objects.select_related("registration__event").filter(pk=certificate_id).first()
    if certificate is None or certificate.file:
        return False
    data = render(certificate)
    certificate.file.save(f"{certificate.token[:16]}.pdf", ContentFile(data), save=False)
    Certificate.objects.filter(pk=certificate.pk).update(file=certificate.file.name, signed_by=signer().label()[:200])
    return True
