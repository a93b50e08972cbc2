"""The receipt of a request ("bukti permohonan") as a PDF: the registration number, the dates, what was
asked and how, for the requester to keep. Made with fpdf2 in its core font: texts are reduced to the
characters that font carries (anyascii), so any name prints."""

from __future__ import annotations

from anyascii import anyascii
from django.utils import timezone
from django.utils.translation import gettext as _
from fpdf import FPDF

from jembatan.core import tenancy
from jembatan.core.i18n import long_date
from jembatan.information.models import InformationRequest


def latin1_text(text: str) -> str:
    return "".join(ch if ord(ch) < 256 else anyascii(ch) for ch in str(text))


def receipt_pdf(item: InformationRequest) -> bytes:
    pdf = FPDF(format="A4")
    pdf.set_title(latin1_text(_("Receipt of request %(number)s") % {"number": item.code}))
    pdf.set_creator("Jembatan")
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 15)
    pdf.multi_cell(0, 8, latin1_text(_("Receipt of a request for public information")), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 11)
    pdf.multi_cell(0, 6, latin1_text(tenancy.organisation()), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    rows = [
        (_("Registration number"), item.code),
        (_("Received"), long_date(timezone.localtime(item.received_at))),
        (_("Answer due"), long_date(item.answer_due) if item.answer_due else "-"),
        (_("Name"), item.name + (f" ({item.organisation})" if item.organisation else "")),
        (_("Information requested"), item.information),
        (_("Purpose"), item.purpose),
        (_("How to obtain it"), item.get_obtain_display()),
        (_("How to receive a copy"), item.get_delivery_display()),
    ]
    for label, value in rows:
        pdf.set_font("Helvetica", "B", 10)
        pdf.multi_cell(0, 6, latin1_text(label), new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("Helvetica", "", 11)
        pdf.multi_cell(0, 6, latin1_text(value), new_x="LMARGIN", new_y="NEXT")
        pdf.ln(1)
    pdf.ln(4)
    pdf.set_font("Helvetica", "", 9)
    pdf.multi_cell(0, 5, latin1_text(_(
        "The PPID answers in writing within 10 working days of receipt, once extendable by 7 working days with a "
        "written reason (UU 14/2008 Art. 22). Without an answer, or if you disagree with it, you may object to the "
        "atasan PPID within 30 working days, quoting the registration number."
    )), new_x="LMARGIN", new_y="NEXT")  # fmt: skip
    return bytes(pdf.output())
