"""The editors' pages for the clarification library: the desk, the form, and the review steps."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from jembatan.accounts.permissions import access_instance_regency, regencies_for, require_access
from jembatan.accounts.roles import Role
from jembatan.clarifications import services
from jembatan.clarifications.models import Claim, ClaimStatus, Verdict
from jembatan.core import tenancy
from jembatan.core.errors import DomainError

ROLES = (Role.ADMIN, Role.EDITOR)


def desk_panel(user) -> dict | None:
    if tenancy.regency_code() not in regencies_for(user, *ROLES):
        return None
    waiting = Claim.objects.filter(regency_id=tenancy.regency_code(), status=ClaimStatus.REVIEW).count()
    return {"clarifications_in_review": waiting}


class ClaimForm(forms.Form):
    title = forms.CharField(label=gettext_lazy("Title (the claim in a few words)"), max_length=200)
    circulated_text = forms.CharField(label=gettext_lazy("The message as it circulated"), max_length=10000,
                                      widget=forms.Textarea(attrs={"rows": 5}))  # fmt: skip
    seen_where = forms.CharField(
        label=gettext_lazy("Where it was seen (e.g. WhatsApp groups, Facebook)"), max_length=200
    )
    first_seen = forms.DateField(label=gettext_lazy("First seen"), widget=forms.DateInput(attrs={"type": "date"}))
    verdict = forms.ModelChoiceField(label=gettext_lazy("Verdict"), queryset=Verdict.objects.all())
    explanation = forms.CharField(label=gettext_lazy("Explanation in plain words"), max_length=10000,
                                  widget=forms.Textarea(attrs={"rows": 6}))  # fmt: skip
    sources = forms.CharField(
        label=gettext_lazy("Sources, one per line: web address | title | archived copy"), max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("For example: https://dinkes.example.go.id/siaran | Siaran pers Dinkes | https://web.archive.org/…"),
    )  # fmt: skip
    agency = forms.ModelChoiceField(label=gettext_lazy("Responsible agency"), queryset=None, required=False,
                                    empty_label=gettext_lazy("— none —"))  # fmt: skip
    image = forms.FileField(label=gettext_lazy("The image that circulated with it (optional)"), required=False)
    image_alt = forms.CharField(label=gettext_lazy("What the image shows (for those who cannot see it)"),
                                max_length=500, required=False)  # fmt: skip

    def __init__(self, *args, regency_code: str, **kwargs):
        from jembatan.agencies.models import Agency

        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = Agency.objects.filter(regency_id=regency_code, is_active=True).order_by("name")

    def clean_sources(self):
        rows = []
        for line in self.cleaned_data["sources"].splitlines():
            parts = [part.strip() for part in line.split("|")]
            if parts and parts[0]:
                rows.append({"url": parts[0], "title": parts[1] if len(parts) > 1 else "",
                             "archived_url": parts[2] if len(parts) > 2 else ""})  # fmt: skip
        return rows


def _sources_text(sources: list) -> str:
    return "\n".join(" | ".join((s.get("url", ""), s.get("title", ""), s.get("archived_url", ""))) for s in sources)


@require_access(*ROLES)
def desk_view(request):
    regency = access_instance_regency(request.user, *ROLES)
    rows = Claim.objects.filter(regency_id=regency).select_related("verdict").order_by("status", "-updated_at")[:300]
    return render(request, "clarifications/staff_desk.html", {"rows": rows})


def _claim(request, pk: int) -> Claim:
    regency = access_instance_regency(request.user, *ROLES)
    claim = Claim.objects.filter(pk=pk, regency_id=regency).select_related("verdict").first()
    if claim is None:
        raise Http404
    return claim


@require_access(*ROLES)
def edit_view(request, pk: int | None = None):
    regency = access_instance_regency(request.user, *ROLES)
    claim = _claim(request, pk) if pk is not None else None
    fields = ("title", "circulated_text", "seen_where", "first_seen", "verdict", "explanation", "agency")
    initial = {name: getattr(claim, name) for name in fields} if claim else {}
    if claim:
        initial["sources"] = _sources_text(claim.sources)
        initial["image_alt"] = claim.image_alt
    form = ClaimForm(request.POST or None, request.FILES or None, initial=initial, regency_code=regency)
    if request.method == "POST" and form.is_valid():
        c = form.cleaned_data
        data = services.ClaimData(**{name: c[name] for name in fields}, sources=c["sources"])
        try:
            claim = services.claim_save(actor=request.user, regency_code=regency, data=data, claim=claim,
                                        image=c.get("image"), image_alt=c.get("image_alt", ""))  # fmt: skip
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Saved."))
            return redirect("clarifications_staff:edit", pk=claim.pk)
    return render(request, "clarifications/staff_edit.html", {"form": form, "claim": claim})


@require_POST
@require_access(*ROLES)
def step_view(request, pk: int, step: str):
    claim = _claim(request, pk)
    service = {"ajukan": services.claim_submit, "terbitkan": services.claim_publish,
               "kembalikan": services.claim_return}.get(step)  # fmt: skip
    if service is None:
        raise Http404
    try:
        service(actor=request.user, claim=claim)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Saved."))
    return redirect("clarifications_staff:edit", pk=claim.pk)


app_name = "clarifications_staff"
urlpatterns = [
    path("", desk_view, name="desk"),
    path("baru/", edit_view, name="new"),
    path("<int:pk>/", edit_view, name="edit"),
    path("<int:pk>/<str:step>/", step_view, name="step"),
]
