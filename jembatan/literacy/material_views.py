"""Learning materials: the public list by topic and each material's page (``/materi/``), and the staff's
list and form (``/staf/materi/``)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jembatan.accounts.permissions import PUBLIC, access_instance_regency, require_access
from jembatan.accounts.roles import Role
from jembatan.core import tenancy
from jembatan.core.cache import public_page
from jembatan.core.errors import DomainError
from jembatan.literacy import materials
from jembatan.literacy.models import LiteracyEvent, Material, MaterialKind, MaterialTopic

ROLES = (Role.ADMIN, Role.EDITOR)


@require_access(PUBLIC)
@public_page
def list_view(request):
    rows = Material.objects.filter(regency_id=tenancy.regency_code(), published=True).order_by("topic", "title")
    groups = [(label, [m for m in rows if m.topic == value]) for value, label in MaterialTopic.choices]
    return render(request, "literacy/materials.html", {"groups": [(label, items) for label, items in groups if items]})


def _published(slug: str) -> Material:
    material = Material.objects.filter(regency_id=tenancy.regency_code(), slug=slug, published=True).first()
    if material is None:
        raise Http404
    return material


@require_access(PUBLIC)
@public_page
def material_view(request, slug: str):
    material = _published(slug)
    events = material.events.filter(status="terbit").order_by("-starts_at")[:10]
    return render(request, "literacy/material.html", {"material": material, "events": events})


@require_access(PUBLIC)
def file_view(request, slug: str):
    material = _published(slug)
    if not material.file:
        raise Http404
    response = FileResponse(material.file.open("rb"), as_attachment=not material.file_is_image,
                            filename=f"{material.slug}{material.file.name[material.file.name.rfind('.'):]}")  # fmt: skip
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox"
    return response


class MaterialForm(forms.Form):
    title = forms.CharField(label=gettext_lazy("Title"), max_length=150)
    topic = forms.ChoiceField(label=gettext_lazy("Topic"), choices=MaterialTopic.choices)
    kind = forms.ChoiceField(label=gettext_lazy("Kind"), choices=MaterialKind.choices)
    summary = forms.CharField(label=gettext_lazy("Summary"), max_length=300)
    body = forms.CharField(label=gettext_lazy("Text (a guide)"), max_length=20000, required=False,
                           widget=forms.Textarea(attrs={"rows": 10}))  # fmt: skip
    video_url = forms.URLField(label=gettext_lazy("Video link"), max_length=500, required=False, assume_scheme="https")
    file = forms.FileField(label=gettext_lazy("File (PDF or image)"), required=False)
    alt_text = forms.CharField(label=gettext_lazy("Text alternative of the image"), max_length=1000, required=False,
                               widget=forms.Textarea(attrs={"rows": 3}))  # fmt: skip
    events = forms.ModelMultipleChoiceField(label=gettext_lazy("Used in these events"), queryset=None,
                                            required=False, widget=forms.CheckboxSelectMultiple)  # fmt: skip
    published = forms.BooleanField(label=gettext_lazy("Published"), required=False)

    def __init__(self, *args, regency_code: str, **kwargs):
        super().__init__(*args, **kwargs)
        import datetime

        from django.utils import timezone

        recent = timezone.now() - datetime.timedelta(days=365)
        self.fields["events"].queryset = LiteracyEvent.objects.filter(
            regency_id=regency_code, ends_at__gte=recent
        ).order_by("-starts_at")


@require_access(*ROLES)
def staff_list_view(request):
    regency = access_instance_regency(request.user, *ROLES)
    rows = Material.objects.filter(regency_id=regency).order_by("topic", "title")
    return render(request, "literacy/staff_materials.html", {"rows": rows})


@require_access(*ROLES)
def staff_edit_view(request, pk: int | None = None):
    regency = access_instance_regency(request.user, *ROLES)
    material = None
    if pk is not None:
        material = Material.objects.filter(pk=pk, regency_id=regency).first()
        if material is None:
            raise Http404
    fields = ("title", "topic", "kind", "summary", "body", "video_url", "alt_text", "published")
    initial = {name: getattr(material, name) for name in fields} if material else {}
    if material:
        initial["events"] = list(material.events.values_list("pk", flat=True))
    form = MaterialForm(request.POST or None, request.FILES or None, initial=initial, regency_code=regency)
    if request.method == "POST" and form.is_valid():
        c = form.cleaned_data
        data = materials.MaterialData(**{name: c[name] for name in fields}, events=tuple(c["events"]))
        try:
            materials.material_save(actor=request.user, regency_code=regency, data=data, material=material,
                                    upload=c.get("file"))  # fmt: skip
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Saved."))
            return redirect("literacy_materials_staff:list")
    return render(request, "literacy/staff_material_edit.html", {"form": form, "material": material})


urlpatterns_public = [
    path("", list_view, name="list"),
    path("<slug:slug>/", material_view, name="material"),
    path("<slug:slug>/berkas/", file_view, name="file"),
]
urlpatterns_staff = [
    path("", staff_list_view, name="list"),
    path("baru/", staff_edit_view, name="new"),
    path("<int:pk>/", staff_edit_view, name="edit"),
]
