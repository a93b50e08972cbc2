from __future__ import annotations

from django.shortcuts import render
from django.utils.formats import number_format

from jembatan.accounts.permissions import PUBLIC, require_access
from jembatan.core import tenancy
from jembatan.core.cache import public_page
from jembatan.core.pagination import query_without_page
from jembatan.search import selectors
from jembatan.search.forms import SearchForm
from jembatan.search.registry import content_type_labels

PAGE_SIZE = 20


def _page_number(raw: str | None) -> int:
    return int(raw) if raw and raw.isascii() and raw.isdigit() and len(raw) <= 6 else 1


@require_access(PUBLIC)
@public_page
def search_view(request):
    form = SearchForm(request.GET or None)
    page = None
    if form.is_bound and form.is_valid() and form.cleaned_data["q"]:
        page = selectors.search(
            form.cleaned_data["q"],
            kind=form.cleaned_data["jenis"] or None,
            regency_code=tenancy.regency_code(),
            page=_page_number(request.GET.get("halaman")),
            per_page=PAGE_SIZE,
        )
    return render(
        request,
        "search/results.html",
        {
            "form": form,
            "page": page,
            "query_string": query_without_page(request),
            "count_cap": number_format(selectors.COUNT_CAP, force_grouping=True),
            "first_number": (page.number - 1) * page.per_page + 1 if page else 1,
            "type_labels": content_type_labels(),
        },
    )
