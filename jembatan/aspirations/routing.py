"""Administrators keep the categories and the agency each one is routed to (the routing table)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jembatan.accounts.permissions import access_instance_regency, require_access
from jembatan.accounts.roles import Role
from jembatan.agencies.models import Agency
from jembatan.aspirations import services
from jembatan.aspirations.models import Category
from jembatan.core.errors import DomainError
from jembatan.regions.models import Regency


class CategoryForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Name"), max_length=120)
    code = forms.SlugField(label=gettext_lazy("Code (letters, digits, dashes; used by Open311 clients)"), max_length=40)
    description = forms.CharField(label=gettext_lazy("Description (optional)"), max_length=300, required=False)
    agency = forms.ModelChoiceField(
        label=gettext_lazy("Agency proposed when routing"), queryset=Agency.objects.none(), required=False
    )
    is_active = forms.BooleanField(
        label=gettext_lazy("Citizens can choose this category"), required=False, initial=True
    )

    def __init__(self, *args, regency_code: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = Agency.objects.filter(regency_id=regency_code, is_active=True)


@require_access(Role.ADMIN)
def category_list_view(request):
    regency = access_instance_regency(request.user, Role.ADMIN)
    categories = Category.objects.filter(regency_id=regency).select_related("agency").order_by("name")
    return render(request, "aspirations/categories.html", {"categories": categories})


@require_access(Role.ADMIN)
def category_edit_view(request, pk: int | None = None):
    regency = access_instance_regency(request.user, Role.ADMIN)
    category = get_object_or_404(Category, pk=pk, regency_id=regency) if pk else None
    initial = (
        {"name": category.name, "code": category.code, "description": category.description,
         "agency": category.agency_id, "is_active": category.is_active}
        if category else {"is_active": True}
    )  # fmt: skip
    form = CategoryForm(request.POST or None, initial=initial, regency_code=regency)
    if request.method == "POST" and form.is_valid():
        try:
            services.category_save(
                actor=request.user,
                regency=Regency.objects.get(code=regency),
                values=form.cleaned_data,
                category=category,
            )
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("The category has been saved."))
            return redirect("aspiration_routing:list")
    return render(request, "aspirations/category_edit.html", {"form": form, "category": category})


app_name = "aspiration_routing"
urlpatterns = [
    path("", category_list_view, name="list"),
    path("baru/", category_edit_view, name="create"),
    path("<int:pk>/", category_edit_view, name="edit"),
]
