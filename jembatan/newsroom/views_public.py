"""Public pages of the newsroom: the list and the article page."""

from __future__ import annotations

from django.conf import settings
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render

from jembatan.accounts.permissions import PUBLIC, require_access
from jembatan.core.cache import public_page
from jembatan.newsroom import selectors

PAGE_SIZE = 20


@require_access(PUBLIC)
@public_page
def list_view(request):
    page = Paginator(selectors.public_items(regency_code=settings.JEMBATAN_REGENCY), PAGE_SIZE).get_page(
        request.GET.get("halaman")
    )
    return render(request, "newsroom/public_list.html", {"page": page})


@require_access(PUBLIC)
@public_page
def detail_view(request, slug):
    item = selectors.public_item(slug)
    if item is None:
        raise Http404
    return render(request, "newsroom/public_detail.html", {"item": item})
