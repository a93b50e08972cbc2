"""Public pages of the newsroom: the list, the article, its images, and the home page of a kelurahan."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone

from jembatan.accounts.permissions import PUBLIC, require_access
from jembatan.communities.selectors import kim_public_list
from jembatan.core import tenancy
from jembatan.core.cache import public_page
from jembatan.core.pagination import CappedPaginator, paginate
from jembatan.newsroom import selectors
from jembatan.newsroom.feeds import feed_links
from jembatan.newsroom.forms_public import NewsFilterForm, VillagePickForm
from jembatan.newsroom.images import rendition_response
from jembatan.newsroom.models import ItemStatus
from jembatan.newsroom.presentation import absolute_url, author_name, og_image
from jembatan.regions.selectors import district_list, village_list

PAGE_SIZE = 20
IMMUTABLE = "public, max-age=31536000, immutable"


def home_sections(*, regency_code: str) -> dict:
    """What the site's home page shows of the newsroom: the latest items and the kelurahan picker."""
    return {
        "latest_news": selectors.latest_public_items(regency_code=regency_code),
        "village_form": VillagePickForm(villages=village_list(regency_code=regency_code)),
        "feeds": feed_links(),
    }


@require_access(PUBLIC)
@public_page
def list_view(request):
    regency = tenancy.regency_code()
    form = NewsFilterForm(
        request.GET or None,
        topics=list(selectors.topics_for(regency)),
        districts=list(district_list(regency_code=regency)),
    )
    filters = form.filters()
    items = selectors.public_item_cards(
        regency_code=regency,
        topic=filters.get("topic"),
        district_code=filters["district"].code if filters.get("district") else "",
        kind=filters.get("kind", ""),
    )
    page, query_string = paginate(request, items, PAGE_SIZE, paginator_class=CappedPaginator)
    return render(
        request,
        "newsroom/public_list.html",
        {
            "form": form,
            "page": page,
            "query_string": query_string,
            "filtered": any(filters.values()),
            "topic": filters.get("topic"),
            "district": filters.get("district"),
            "feeds": feed_links(topic=filters.get("topic"), district=filters.get("district")),
        },
    )


@require_access(PUBLIC)
@public_page
def detail_view(request, slug):
    item = selectors.public_item(slug)
    if item is None:
        raise Http404
    now = timezone.now()
    image = og_image(item)
    return render(
        request,
        "newsroom/public_detail.html",
        {
            "item": item,
            "absolute_url": absolute_url(item.get_absolute_url()),
            "og_image_url": absolute_url(image.jpeg) if image else "",
            "og_image": image,
            "author_name": author_name(item),
            "archived": item.status == ItemStatus.DIARSIPKAN,
            "expired": item.expires_at is not None and item.expires_at <= now,
            "origin_link": item.origin_url if item.origin_url.lower().startswith(("https://", "http://")) else "",
        },
    )


@require_access(PUBLIC)
@public_page
def correction_view(request, slug, pk: int):
    """What a published correction changed in the text: the version before and the corrected one."""
    from jembatan.newsroom.diff import revision_changes
    from jembatan.newsroom.views_staff import REVISION_FIELDS

    item = selectors.public_item(slug)
    correction = selectors.public_correction(item, pk) if item is not None else None
    if correction is None:
        raise Http404
    newer = correction.revision
    older = item.revisions.filter(number__lt=newer.number).order_by("-number").first()
    return render(
        request,
        "newsroom/public_correction.html",
        {"item": item, "correction": correction, "changes": revision_changes(older, newer, REVISION_FIELDS[:4])},
    )


@require_access(PUBLIC)
def image_view(request, pk: int, name: str):
    """One rendition of a public item's image, cached for a year: a new upload gets new names."""
    renditions = selectors.public_image_renditions(pk) or {}
    return rendition_response(pk, name, renditions.get("sizes", []), cache_control=IMMUTABLE)


@require_access(PUBLIC)
@public_page
def village_pick_view(request):
    """``/kelurahan/?kode=<code>`` sends the visitor to the home page of their kelurahan."""
    form = VillagePickForm(request.GET or None, villages=village_list(regency_code=tenancy.regency_code()))
    if form.is_bound and form.is_valid():
        return redirect("newsroom:village_home", code=form.cleaned_data["kode"])
    return render(request, "newsroom/public_village_pick.html", {"village_form": form})


@require_access(PUBLIC)
@public_page
def village_home_view(request, code: str):
    village = selectors.public_village(regency_code=tenancy.regency_code(), code=code)
    if village is None:
        raise Http404
    return render(
        request,
        "newsroom/public_village.html",
        {
            "village": village,
            "items": selectors.village_items(village=village),
            "agendas": selectors.village_agendas(village=village),
            "kims": list(kim_public_list(regency_code=tenancy.regency_code(), village=village.code)),
            "feeds": feed_links(district=village.district),
        },
    )
