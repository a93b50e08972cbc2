"""The PPID's usual letters as PDF, filled from the request as it stands: the clarification asked of the
requester, the extension with its reason, the written notice of the answer ("pemberitahuan tertulis")
and the refusal with its exemption and consequence test. The wording lives here, in gettext (Indonesian
in the catalogue); the PPID prints and signs the letter, or the requester downloads it from their page.
Only the letters for what happened are offered."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from fpdf import FPDF

from jembatan.core import tenancy
from jembatan.core.i18n import long_date
from jembatan.information.models import Decision, FileKind, RequestStatus
from jembatan.information.receipt import latin1_text

if TYPE_CHECKING:
    from jembatan.information.models import InformationRequest


@dataclass(frozen=True)
class Letter:
    kind: str
    title: object  # a lazy translation

    def applies(self, item: InformationRequest) -> bool:
        if self.kind == "klarifikasi":
            return bool(item.clarification_question)
        if self.kind == "perpanjangan":
            return bool(item.extension_days)
        if self.kind == "pemberitahuan":
            return item.status == RequestStatus.DIJAWAB
        return item.status == RequestStatus.DIJAWAB and item.decision in (Decision.DITOLAK, Decision.SEBAGIAN)


LETTERS = (
    Letter("klarifikasi", gettext_lazy("Request for clarification")),
    Letter("perpanjangan", gettext_lazy("Notice of extension")),
    Letter("pemberitahuan", gettext_lazy("Written notice of the answer")),
    Letter("penolakan", gettext_lazy("Notice of refusal")),
)


def available(item: InformationRequest) -> list[Letter]:
    return [letter for letter in LETTERS if letter.applies(item)]


def find(item: InformationRequest, kind: str) -> Letter | None:
    return next((letter for letter in available(item) if letter.kind == kind), None)


def _received(item: InformationRequest) -> dict:
    return {"number": item.code, "date": long_date(timezone.localtime(item.received_at))}


def _objection_sentence() -> str:
    return _(
        "If you disagree with this answer, you may object in writing to the atasan PPID within 30 working days of "
        "receiving it, quoting the registration number (UU 14/2008)."
    )


def _paragraphs(item: InformationRequest, kind: str) -> list[str]:
    opening = _(
        "Following up your request for public information received on %(date)s with registration number "
        "%(number)s, we inform you as follows."
    ) % _received(item)
    if kind == "klarifikasi":
        return [
            opening,
            _("We need you to clarify your request: %(question)s") % {"question": item.clarification_question},
            _(
                "Please send your clarification by %(date)s. While we wait for it, the period for our answer is "
                "paused; it runs on from where it stopped once we receive it. Without a clarification by that date "
                "the request lapses."
            )
            % {"date": long_date(item.clarification_due) if item.clarification_due else "-"},
        ]
    if kind == "perpanjangan":
        return [
            opening,
            _(
                "The period for answering your request is extended once, by 7 working days, as UU 14/2008 Art. 22 "
                "allows, for this reason: %(reason)s"
            )
            % {"reason": item.extension_reason},
            _("We will answer in writing by %(date)s at the latest.")
            % {"date": long_date(item.answer_due) if item.answer_due else "-"},
        ]
    if kind == "penolakan":
        part = _("in part") if item.decision == Decision.SEBAGIAN else _("in full")
        return [
            opening,
            _(
                "Your request is refused %(part)s: the information is exempt from disclosure under %(ground)s "
                "(UU 14/2008 Art. 17)."
            )
            % {"part": part, "ground": item.exemption_ground},
            _("The consequence test (uji konsekuensi) it rests on: %(test)s") % {"test": item.consequence_test},
            _objection_sentence(),
        ]
    documents = [f.name for f in item.files.all() if f.kind == FileKind.JAWABAN]
    paragraphs = [
        opening,
        _("Decision: %(decision)s.") % {"decision": item.get_decision_display()},
        item.answer,
        _("How you obtain it: %(obtain)s. How a copy reaches you: %(delivery)s.")
        % {"obtain": item.get_obtain_display(), "delivery": item.get_delivery_display()},
        (_("Fee: Rp %(fee)s.") % {"fee": f"{item.fee:,}".replace(",", ".")}) if item.fee else _("There is no fee."),
    ]
    if documents:
        paragraphs.append(_("Documents given: %(names)s.") % {"names": ", ".join(documents)})
    return [*paragraphs, _objection_sentence()]


def letter_pdf(item: InformationRequest, letter: Letter) -> bytes:
    body = tenancy.organisation(item.regency_id)
    pdf = FPDF(format="A4")
    pdf.set_title(latin1_text(f"{letter.title} {item.code}"))
    pdf.set_creator("Jembatan")
    pdf.add_page()
    pdf.set_margins(20, 20, 20)
    pdf.set_font("Helvetica", "B", 12)
    pdf.multi_cell(0, 6, latin1_text(body.upper()), align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 10)
    pdf.multi_cell(0, 5, latin1_text(_("Information and Documentation Management Officer (PPID)")), align="C",
                   new_x="LMARGIN", new_y="NEXT")  # fmt: skip
    pdf.line(20, pdf.get_y() + 2, 190, pdf.get_y() + 2)
    pdf.ln(6)
    pdf.set_font("Helvetica", "", 11)
    for label, value in (
        (_("Number"), f"{item.code}/{letter.kind.upper()}"),
        (_("Subject"), str(letter.title)),
        (_("Date"), long_date(timezone.localdate())),
    ):
        pdf.multi_cell(0, 6, latin1_text(f"{label}: {value}"), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    recipient = item.name + (f" ({item.organisation})" if item.organisation else "")
    pdf.multi_cell(0, 6, latin1_text(_("To: %(name)s") % {"name": recipient}), new_x="LMARGIN", new_y="NEXT")
    pdf.multi_cell(0, 6, latin1_text(item.address), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    for paragraph in _paragraphs(item, letter.kind):
        pdf.multi_cell(0, 6, latin1_text(paragraph), new_x="LMARGIN", new_y="NEXT")
        pdf.ln(2)
    pdf.ln(8)
    pdf.multi_cell(0, 6, latin1_text(_("PPID of %(body)s") % {"body": body}), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(18)
    pdf.multi_cell(0, 6, "( ........................................ )", new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())
