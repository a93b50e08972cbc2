"""The annual public information service report (Perki 1/2021 Art. 56; DOMAIN.md §3.5) for one year:
requests received, time taken, decisions and the reasons for refusals, objections and disputes, and the
same figures per agency; as a PDF to publish and an XLSX for the e-Monev KIP evidence."""

from __future__ import annotations

import io
import statistics
from collections import Counter
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import gettext as _

from jembatan.information.models import Decision, InformationRequest, Objection, RequestStatus
from jembatan.information.receipt import latin1_text


@dataclass
class Figures:
    received: int = 0
    answered: int = 0
    on_time: int = 0
    median_days: float | None = None
    mean_days: float | None = None
    decisions: Counter = field(default_factory=Counter)
    refusal_grounds: Counter = field(default_factory=Counter)
    withdrawn: int = 0
    lapsed: int = 0
    forwarded: int = 0
    open: int = 0


@dataclass
class AnnualReport:
    year: int
    regency_code: str
    total: Figures
    by_agency: dict[str, Figures]
    objections: Counter
    objection_decisions: Counter
    disputes: int
    ki_decided: int


def _figures(requests) -> Figures:
    figures = Figures()
    days = []
    for item in requests:
        figures.received += 1
        if item.decision:
            figures.answered += 1
            figures.decisions[item.decision] += 1
            if item.answer_working_days is not None:
                days.append(item.answer_working_days)
                if item.answer_due and item.answered_at and timezone.localdate(item.answered_at) <= item.answer_due:
                    figures.on_time += 1
            if item.decision in (Decision.DITOLAK, Decision.SEBAGIAN) and item.exemption_ground:
                figures.refusal_grounds[item.exemption_ground] += 1
        figures.withdrawn += item.status == RequestStatus.DITARIK
        figures.lapsed += item.status == RequestStatus.GUGUR
        figures.forwarded += item.status == RequestStatus.DITERUSKAN
        figures.open += item.status in (RequestStatus.DITERIMA, RequestStatus.DIPERPANJANG, RequestStatus.KLARIFIKASI)
    if days:
        figures.median_days, figures.mean_days = statistics.median(days), round(statistics.fmean(days), 1)
    return figures


def annual_report(*, regency_code: str, year: int) -> AnnualReport:
    requests = list(
        InformationRequest.objects.filter(regency_id=regency_code, received_at__year=year)
        .select_related("agency")
        .only("status", "decision", "answer_working_days", "answer_due", "answered_at", "exemption_ground",
              "agency__name")
    )  # fmt: skip
    by_agency: dict[str, list] = {}
    for item in requests:
        by_agency.setdefault(item.agency.name if item.agency else _("PPID utama"), []).append(item)
    objections = Objection.objects.filter(regency_id=regency_code, received_at__year=year)
    return AnnualReport(
        year=year, regency_code=regency_code, total=_figures(requests),
        by_agency={name: _figures(items) for name, items in sorted(by_agency.items())},
        objections=Counter(g for grounds in objections.values_list("grounds", flat=True) for g in grounds),
        objection_decisions=Counter(d for d in objections.values_list("decision", flat=True) if d),
        disputes=objections.filter(dispute_filed_at__isnull=False).count(),
        ki_decided=objections.filter(ki_decided_on__isnull=False).count(),
    )  # fmt: skip


def _rows(report: AnnualReport) -> list[tuple[str, object]]:
    t = report.total
    rows = [
        (_("Requests received"), t.received), (_("Answered"), t.answered),
        (_("Answered within the legal period"), t.on_time),
        (_("Working days taken (median)"), t.median_days if t.median_days is not None else "-"),
        (_("Working days taken (mean)"), t.mean_days if t.mean_days is not None else "-"),
    ]  # fmt: skip
    rows += [(str(label), t.decisions.get(value, 0)) for value, label in Decision.choices]
    rows += [(_("Withdrawn"), t.withdrawn), (_("Lapsed without clarification"), t.lapsed),
             (_("Forwarded to another body"), t.forwarded), (_("Still open"), t.open)]  # fmt: skip
    rows += [(_("Refusal ground: %(ground)s") % {"ground": ground}, n) for ground, n in t.refusal_grounds.most_common()]
    rows += [(_("Objections on ground (%(ground)s)") % {"ground": g}, n) for g, n in sorted(report.objections.items())]
    rows += [(_("Objections upheld"), report.objection_decisions.get("diterima", 0)),
             (_("Objections rejected"), report.objection_decisions.get("ditolak", 0)),
             (_("Disputes taken to the Komisi Informasi"), report.disputes),
             (_("Disputes decided by the Komisi Informasi"), report.ki_decided)]  # fmt: skip
    return rows


def report_xlsx(report: AnnualReport) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = _("Summary")[:31]
    sheet.append([_("Public information service report %(year)s") % {"year": report.year}])
    for label, value in _rows(report):
        sheet.append([label, value])
    agencies = book.create_sheet(_("Per agency")[:31])
    agencies.append([_("Agency"), _("Requests received"), _("Answered"), _("Answered within the legal period"),
                     _("Working days taken (median)"), *[str(label) for _v, label in Decision.choices]])  # fmt: skip
    for name, f in report.by_agency.items():
        agencies.append([name, f.received, f.answered, f.on_time, f.median_days if f.median_days is not None else "",
                         *[f.decisions.get(value, 0) for value, _l in Decision.choices]])  # fmt: skip
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def report_pdf(report: AnnualReport) -> bytes:
    from fpdf import FPDF

    from jembatan.core import tenancy

    pdf = FPDF(format="A4")
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 15)
    pdf.multi_cell(0, 8, latin1_text(_("Public information service report %(year)s") % {"year": report.year}),
                   new_x="LMARGIN", new_y="NEXT")  # fmt: skip
    pdf.set_font("Helvetica", "", 11)
    pdf.multi_cell(0, 6, latin1_text(tenancy.organisation()), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)
    for label, value in _rows(report):
        pdf.cell(140, 6, latin1_text(label))
        pdf.cell(0, 6, latin1_text(str(value)), new_x="LMARGIN", new_y="NEXT", align="R")
    pdf.ln(4)
    pdf.set_font("Helvetica", "B", 12)
    pdf.multi_cell(0, 7, latin1_text(_("Per agency")), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 10)
    for name, f in report.by_agency.items():
        line = _("%(name)s: %(received)s received, %(answered)s answered, %(on_time)s on time") % {
            "name": name, "received": f.received, "answered": f.answered, "on_time": f.on_time}  # fmt: skip
        pdf.multi_cell(0, 5, latin1_text(line), new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())
