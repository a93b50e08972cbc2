from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jembatan.accounts.permissions import PUBLIC, access_instance_regency, require_access
from jembatan.accounts.roles import Role
from jembatan.core import tenancy
from jembatan.core.cache import public_page
from jembatan.newsroom.rendering import markdown_to_html
from jembatan.pages import selectors, services
from jembatan.pages.models import PageSlug


class PageForm(forms.Form):
    title = forms.CharField(label=gettext_lazy("Title"), max_length=150)
    body = forms.CharField(
        label=gettext_lazy("Text"),
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 20}),
        help_text=gettext_lazy("Markdown: ## for a heading, - for a list, **bold**, [text](https://…) for a link."),
    )


@require_access(PUBLIC)
@public_page
def page_view(request, slug: str):
    if slug not in PageSlug.values:
        raise Http404
    text = selectors.page_text(regency_code=tenancy.regency_code(), slug=slug)
    return render(request, "pages/page.html", {"page": text, "body_html": markdown_to_html(text.body)})


@require_access(Role.ADMIN)
def staff_list_view(request):
    regency = access_instance_regency(request.user, Role.ADMIN)
    pages = [selectors.page_text(regency_code=regency, slug=slug) for slug in PageSlug.values]
    return render(request, "pages/staff_list.html", {"pages": pages})


@require_access(Role.ADMIN)
def staff_edit_view(request, slug: str):
    if slug not in PageSlug.values:
        raise Http404
    regency = access_instance_regency(request.user, Role.ADMIN)
    text = selectors.page_text(regency_code=regency, slug=slug)
    form = PageForm(request.POST or None, initial={"title": text.title, "body": text.body})
    if request.method == "POST" and form.is_valid():
        services.page_save(actor=request.user, regency_code=regency, slug=slug, **form.cleaned_data)
        messages.success(request, _("The page has been saved."))
        return redirect(f"pages:{slug}")
    return render(request, "pages/staff_edit.html", {"form": form, "page": text})
