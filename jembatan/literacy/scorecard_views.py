"""``/staf/kim/penilaian/``: the KIM scorecard of a month, ranked in each kecamatan (for the annual KIM
awards), its CSV, and the regency's rubric (administrators change the targets and weights)."""

from __future__ import annotations

import csv
import datetime

from django import forms
from django.contrib import messages
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _

from jembatan.accounts.permissions import access_instance_regency, has_role, require_access
from jembatan.accounts.roles import Role
from jembatan.core.audit import audit_record
from jembatan.literacy import scorecard
from jembatan.literacy.verbs import LiteracyVerb

ROLES = (Role.ADMIN, Role.EDITOR, Role.PIMPINAN)


def _month(request) -> tuple[int, int]:
    """The month asked for; otherwise (or for a month not yet begun) the current month, so far."""
    today = timezone.localdate()
    try:
        year, month = (int(part) for part in request.GET.get("bulan", "").split("-"))
        datetime.date(year, month, 1)
    except ValueError:
        return today.year, today.month
    return (year, month) if (year >= 2000 and (year, month) <= (today.year, today.month)) else (today.year, today.month)


@require_access(*ROLES)
def scorecard_view(request):
    from jembatan.regions.selectors import district_list

    regency = access_instance_regency(request.user, *ROLES)
    year, month = _month(request)
    district = request.GET.get("kecamatan", "")[:8]
    rows = scorecard.scorecard(regency, year, month, district=district)
    if request.GET.get("format") == "csv":
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="penilaian-kim-{year}-{month:02d}.csv"'
        writer = csv.writer(response)
        writer.writerow([_("Kecamatan"), _("Rank"), _("KIM"), *[str(label) for _k, label, _kind in scorecard.COMPONENTS],
                         _("Score")])  # fmt: skip
        for row in rows:
            writer.writerow([row.kim.village.district.name, row.rank_in_district, row.kim.name,
                             *[row.values.get(key, 0) for key in scorecard.KEYS], row.total])  # fmt: skip
        return response
    rubric = scorecard.rubric_for(regency)
    return render(request, "literacy/scorecard.html", {
        "rows": rows, "month": datetime.date(year, month, 1), "district": district,
        "districts": district_list(regency_code=regency), "components": scorecard.COMPONENTS,
        "rubric": [(label, kind, rubric[key]["target"], rubric[key]["weight"]) for key, label, kind in scorecard.COMPONENTS],
        "can_edit": has_role(request.user, Role.ADMIN),
    })  # fmt: skip


class RubricForm(forms.Form):
    def __init__(self, *args, rubric: dict, **kwargs):
        super().__init__(*args, **kwargs)
        for key, label, _kind in scorecard.COMPONENTS:
            self.fields[f"{key}-target"] = forms.IntegerField(label=_("%(figure)s: target") % {"figure": label},
                                                              min_value=1, initial=rubric[key]["target"])  # fmt: skip
            self.fields[f"{key}-weight"] = forms.IntegerField(label=_("%(figure)s: weight") % {"figure": label},
                                                              min_value=0, max_value=100, initial=rubric[key]["weight"])  # fmt: skip

    def clean(self):
        cleaned = super().clean()
        weights = [cleaned.get(f"{key}-weight") for key in scorecard.KEYS]
        if all(w is not None for w in weights) and sum(weights) != 100:
            raise forms.ValidationError(_("The weights must add up to 100 (now %(sum)s).") % {"sum": sum(weights)})
        return cleaned


@require_access(Role.ADMIN)
def rubric_view(request):
    from jembatan.literacy.models import ScorecardRubric

    regency = access_instance_regency(request.user, Role.ADMIN)
    current = scorecard.rubric_for(regency)
    form = RubricForm(request.POST or None, rubric=current)
    if request.method == "POST" and form.is_valid():
        rubric = {key: {"target": form.cleaned_data[f"{key}-target"], "weight": form.cleaned_data[f"{key}-weight"]}
                  for key in scorecard.KEYS}  # fmt: skip
        with transaction.atomic():
            row, _created = ScorecardRubric.objects.update_or_create(
                regency_id=regency, defaults={"rubric": rubric, "updated_by": request.user}
            )
            audit_record(actor=request.user, verb=LiteracyVerb.RUBRIC_SAVED, obj=row, before=current, after=rubric)
        messages.success(request, _("Saved."))
        return redirect("literacy_scorecard:scorecard")
    return render(request, "literacy/scorecard_rubric.html", {"form": form})


app_name = "literacy_scorecard"
urlpatterns = [
    path("staf/kim/penilaian/", scorecard_view, name="scorecard"),
    path("staf/kim/penilaian/rubrik/", rubric_view, name="rubric"),
]
