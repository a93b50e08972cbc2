"""The leadership (pimpinan) dashboard at /staf/pimpinan/: a period's reports per agency and per kecamatan,
KIM coverage and the reach of news through KIMs, each table with a chart and a CSV/XLSX export."""

from __future__ import annotations

import datetime

from django import forms
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jembatan.accounts.permissions import access_instance_regency, province_regencies_for, require_access
from jembatan.accounts.roles import Role
from jembatan.aspirations.selectors import period_figures
from jembatan.communities.selectors import coverage_for_regency
from jembatan.core.exports import table_response
from jembatan.core.replicas import replica_reads
from jembatan.dissemination.selectors import reach_by_district

VIEWERS = (Role.PIMPINAN, Role.ADMIN, Role.EDITOR)
MAX_DAYS = 366


class PeriodForm(forms.Form):
    dari = forms.DateField(label=gettext_lazy("From"), widget=forms.DateInput(attrs={"type": "date"}))
    sampai = forms.DateField(label=gettext_lazy("To"), widget=forms.DateInput(attrs={"type": "date"}))

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("dari"), cleaned.get("sampai")
        if start and end:
            if end < start:
                raise forms.ValidationError(_("The end of the period is before its start."))
            if (end - start).days > MAX_DAYS:
                raise forms.ValidationError(_("Choose a period of at most one year."))
        return cleaned


def _period(request) -> tuple[PeriodForm, datetime.date, datetime.date]:
    today = timezone.localdate()
    default_start = today - datetime.timedelta(days=29)
    form = PeriodForm(request.GET or None, initial={"dari": default_start, "sampai": today})
    if request.GET.get("dari") and form.is_valid():
        return form, form.cleaned_data["dari"], form.cleaned_data["sampai"]
    return form, default_start, today


def _figures_heading() -> list[str]:
    return [_("Received"), _("Answered"), _("Answered on time"), _("Due"), _("On time (%)")]


def _figures_table(title: str, first_column: str, figures) -> dict:
    return {
        "title": title,
        "heading": [first_column, *_figures_heading()],
        "rows": [
            [
                f.name,
                f.received,
                f.answered,
                f.answered_on_time,
                f.due,
                "" if f.on_time_percent is None else f.on_time_percent,
            ]
            for f in figures
        ],
        "chart": [(f.name, f.on_time_percent) for f in figures if f.due],
    }


def _agency_table(regency, start, end) -> dict:
    figures = period_figures(regency_code=regency, start=start, end=end, by="agency")
    return _figures_table(_("Reports per agency"), _("Agency"), figures)


def _district_table(regency, start, end) -> dict:
    figures = period_figures(regency_code=regency, start=start, end=end, by="district")
    return _figures_table(_("Reports per kecamatan"), _("Kecamatan"), figures)


def _coverage_table(regency, start, end) -> dict:
    coverage = coverage_for_regency(regency_code=regency)
    return {
        "title": _("KIM coverage per kecamatan (today)"),
        "heading": [_("Kecamatan"), _("Active KIMs"), _("Kelurahan with a KIM"), _("Kelurahan")],
        "rows": [
            [d.name, d.active_kim, d.villages_covered, d.villages_total]
            for d in (coverage.districts if coverage else [])
        ],
        "chart": [],
    }


def _reach_table(regency, start, end) -> dict:
    reach = reach_by_district(regency, since=start)
    return {
        "title": _("Reach of news through KIMs"),
        "heading": [
            _("Kecamatan"),
            _("KIMs"),
            _("KIMs taking part"),
            _("Link opens"),
            _("Disseminations"),
            _("Audience"),
        ],
        "rows": [[r.name, r.kims, r.kims_taking_part, r.opens, r.disseminations, r.audience] for r in reach.rows],
        "chart": [],
    }


def _province_table(codes, start, end) -> dict:
    """For a province-scoped reader: each regency of the province side by side (reports and KIM coverage)."""
    from jembatan.aspirations.selectors import PeriodFigures
    from jembatan.regions.models import Regency

    rows, chart = [], []
    for regency in Regency.objects.filter(code__in=codes).order_by("code"):
        districts = period_figures(regency_code=regency.code, start=start, end=end, by="district")
        total = PeriodFigures(
            key=regency.code, name=str(regency), received=sum(f.received for f in districts),
            answered=sum(f.answered for f in districts), answered_on_time=sum(f.answered_on_time for f in districts),
            overdue=sum(f.overdue for f in districts),
        )  # fmt: skip
        coverage = coverage_for_regency(regency_code=regency.code)
        districts_with_kim = sum(1 for d in coverage.districts if d.active_kim) if coverage else 0
        rows.append([
            total.name, total.received, total.answered, total.answered_on_time, total.due,
            "" if total.on_time_percent is None else total.on_time_percent,
            districts_with_kim, len(coverage.districts) if coverage else 0,
        ])  # fmt: skip
        if total.due:
            chart.append((total.name, total.on_time_percent))
    return {
        "title": _("Regencies and cities of the province"),
        "heading": [_("Regency or city"), *_figures_heading(), _("Kecamatan with an active KIM"), _("Kecamatan")],
        "rows": rows,
        "chart": chart,
    }


# Each table by its name in the download links; an export computes only the table it downloads.
TABLES = {
    "instansi": _agency_table,
    "kecamatan": _district_table,
    "cakupan": _coverage_table,
    "jangkauan": _reach_table,
}


CHART_ROW = 28
CHART_BAR_MAX = 220


def _chart(points: list[tuple[str, int | None]]) -> dict | None:
    """Horizontal bars of on-time shares, as SVG geometry (no inline style: the CSP forbids it)."""
    if not points:
        return None
    bars = [
        {
            "label": label if len(label) <= 26 else label[:25] + "…",
            "percent": percent or 0,
            "y": index * CHART_ROW,
            "text_y": index * CHART_ROW + 18,
            "width": max(1, round((percent or 0) * CHART_BAR_MAX / 100)),
            "value_x": 214 + round((percent or 0) * CHART_BAR_MAX / 100),
        }
        for index, (label, percent) in enumerate(points)
    ]
    return {"bars": bars, "height": len(bars) * CHART_ROW}


@require_access(*VIEWERS)
@replica_reads
def dashboard_view(request):
    regency = access_instance_regency(request.user, *VIEWERS)
    form, start, end = _period(request)
    # A leadership role held for the province reads its regencies side by side, on any of their sites.
    province = sorted(province_regencies_for(request.user, Role.PIMPINAN))
    builders = {**({"provinsi": lambda _regency, s, e: _province_table(province, s, e)} if province else {}), **TABLES}
    export, name = request.GET.get("unduh"), request.GET.get("tabel")
    if export:
        if export not in ("csv", "xlsx") or name not in builders:
            raise Http404
        filename = f"{name}-{start:%Y%m%d}-{end:%Y%m%d}"
        table = builders[name](regency, start, end)
        return table_response(table["heading"], table["rows"], filename, export)
    tables = {table_name: build(regency, start, end) for table_name, build in builders.items()}
    query = f"dari={start:%Y-%m-%d}&sampai={end:%Y-%m-%d}"
    for table in tables.values():
        table["svg"] = _chart(table["chart"])
        table["cells"] = [list(zip(table["heading"], row, strict=True)) for row in table["rows"]]
    return render(
        request,
        "portal/leadership.html",
        {"form": form, "start": start, "end": end, "tables": tables, "query": query},
    )
