"""Share kits and dissemination records for pengurus KIM; the short link; reach pages for editors."""

from __future__ import annotations

import re

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from jembatan.accounts.permissions import PUBLIC, access_instance_regency, require_access
from jembatan.accounts.roles import Role
from jembatan.core.errors import DomainError
from jembatan.core.middleware import client_ip_from_request
from jembatan.core.pagination import paginate
from jembatan.dissemination import selectors, services
from jembatan.dissemination.forms import DisseminationForm
from jembatan.dissemination.models import Dissemination, ShareLink
from jembatan.newsroom.models import Item

PAGE_SIZE = 20
# Link previews (WhatsApp, Facebook, Telegram, X, Slack) and crawlers fetch the link without a person.
BOT_USER_AGENT = re.compile(r"whatsapp|facebookexternalhit|telegrambot|twitterbot|slackbot|bot|crawler|spider", re.I)
READER_ROLES = (Role.ADMIN, Role.EDITOR, Role.PIMPINAN)


# --- The short link (public) --------------------------------------------------------------------


@never_cache
@require_access(PUBLIC)
def open_view(request, code: str):
    """Count one open (not for link previews, crawlers or HEAD requests) and send the reader to the item.

    Nothing about the reader is stored or set: no IP address, no user agent, no cookie (one open per
    connection per hour is counted, see ``services.share_link_register_open``). An item that has since been archived
    still opens; its page says it is archived."""
    code = code.lower()
    if not services.CODE_PATTERN.match(code):
        raise Http404
    link = ShareLink.objects.filter(code=code).select_related("item").first()
    if link is None:
        raise Http404
    if request.method == "GET" and not BOT_USER_AGENT.search(request.headers.get("User-Agent", "")):
        services.share_link_register_open(link=link, client_ip=client_ip_from_request(request))
    response = HttpResponseRedirect(link.item.get_absolute_url())
    response["Cache-Control"] = "no-store, private"
    return response


# --- Pengurus KIM -------------------------------------------------------------------------------


def _chosen_kim(request):
    """The KIM the pengurus acts for: the only one, or the one chosen with ?kim=<id>. Returns (kim, kims);
    kim is None when they hold several and chose none. A KIM they do not hold is not found."""
    kims = selectors.kims_of_pengurus(request.user)
    if not kims:
        raise Http404
    wanted = request.GET.get("kim") or request.POST.get("kim")
    if wanted:
        kim = next((k for k in kims if str(k.pk) == str(wanted).strip()), None)
        if kim is None:
            raise Http404
        return kim, kims
    return (kims[0] if len(kims) == 1 else None), kims


def _choose_kim(request, kims, title: str):
    return render(request, "dissemination/choose_kim.html", {"kims": kims, "title": title, "path": request.path})


def _kim_query(kim, kims) -> str:
    return urlencode({"kim": kim.pk}) if len(kims) > 1 else ""


def _kim_page(request, *, title: str, rows, template: str, **extra):
    """A paginated list for the chosen KIM (or the KIM chooser): ``rows(kim)`` gives the queryset."""
    kim, kims = _chosen_kim(request)
    if kim is None:
        return _choose_kim(request, kims, title)
    page = Paginator(rows(kim), PAGE_SIZE).get_page(request.GET.get("halaman"))
    kim_query = _kim_query(kim, kims)
    context = {"kim": kim, "kims": kims, "page": page, "kim_query": kim_query, "query_string": kim_query}
    return render(request, template, {**context, **extra})


def _with_query(url: str, query: str) -> str:
    return f"{url}?{query}" if query else url


@require_access(Role.PENGURUS_KIM)
def share_list_view(request):
    return _kim_page(
        request,
        title=_("Share news"),
        rows=lambda kim: selectors.shareable_items_for_kim(kim=kim),
        template="dissemination/share_list.html",
    )


@require_access(Role.PENGURUS_KIM)
def share_kit_view(request, slug: str):
    kim, kims = _chosen_kim(request)
    if kim is None:
        return _choose_kim(request, kims, _("Share news"))
    item = selectors.shareable_item(slug=slug, regency_code=kim.village.district.regency_id)
    if item is None:
        raise Http404
    try:
        link = services.share_link_get_or_create(actor=request.user, kim=kim, item=item)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect(_with_query(reverse("dissemination:share_list"), _kim_query(kim, kims)))
    text = selectors.share_text(item=item, kim=kim, link=link)
    query = {"berita": item.slug, "kim": kim.pk}
    return render(
        request,
        "dissemination/share_kit.html",
        {
            "kim": kim,
            "kims": kims,
            "item": item,
            "link": link,
            "link_url": selectors.share_url(link),
            "text": text,
            "whatsapp_url": selectors.whatsapp_url(text),
            "image": selectors.share_image(item),
            "form": DisseminationForm(initial={"date": timezone.localdate()}),
            "record_action": reverse("dissemination:record") + "?" + urlencode(query),
            "kim_query": _kim_query(kim, kims),
        },
    )


@require_access(Role.PENGURUS_KIM)
def record_view(request):
    kim, kims = _chosen_kim(request)
    if kim is None:
        return _choose_kim(request, kims, _("Record a dissemination"))
    regency = kim.village.district.regency_id
    slug = (request.GET.get("berita") or "").strip()
    fixed = None
    if slug:
        fixed = selectors.recordable_item(slug=slug, regency_code=regency)
        if fixed is None:
            raise Http404
    items = None if fixed else list(selectors.recordable_items(regency_code=regency))
    form = DisseminationForm(
        request.POST or None, request.FILES or None, items=items, initial={"date": timezone.localdate()}
    )
    if request.method == "POST" and form.is_valid():
        item = fixed or next((i for i in items if i.slug == form.cleaned_data["item"]), None)
        try:
            if item is None:
                raise DomainError(_("Choose a news item."))
            services.dissemination_record(actor=request.user, kim=kim, item=item, data=form.to_data())
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Thank you. The dissemination has been recorded."))
            return redirect(_with_query(reverse("dissemination:list"), _kim_query(kim, kims)))
    return render(
        request,
        "dissemination/record.html",
        {"kim": kim, "kims": kims, "item": fixed, "form": form, "kim_query": _kim_query(kim, kims)},
    )


@require_access(Role.PENGURUS_KIM)
def list_view(request):
    return _kim_page(
        request,
        title=_("Dissemination records"),
        rows=lambda kim: selectors.disseminations_for_kim(kim=kim),
        template="dissemination/list.html",
        deletable_after=selectors.deletable_after(),
    )


@require_POST
@require_access(Role.PENGURUS_KIM)
def delete_view(request, pk: int):
    kim, kims = _chosen_kim(request)
    record = get_object_or_404(Dissemination, pk=pk, kim_id__in=[k.pk for k in kims])
    try:
        services.dissemination_delete(actor=request.user, record=record)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("The record has been deleted."))
    query = urlencode({"kim": record.kim_id}) if len(kims) > 1 else ""
    return redirect(_with_query(reverse("dissemination:list"), query))


# --- Editors and leadership -----------------------------------------------------------------------


@require_access(*READER_ROLES)
def reach_view(request):
    regency = access_instance_regency(request.user, *READER_ROLES)
    period = request.GET.get("periode", "")
    since = selectors.recent_since() if period == "90" else None
    return render(
        request,
        "dissemination/reach.html",
        {
            "districts": selectors.reach_by_district(regency, since=since),
            "top_items": selectors.top_items(regency, since=since),
            "period": "90" if since else "",
            "recent_days": selectors.RECENT_DAYS,
        },
    )


@require_access(*READER_ROLES)
def reach_item_view(request, pk: int):
    regency = access_instance_regency(request.user, *READER_ROLES)
    item = get_object_or_404(Item, pk=pk, regency_id=regency, published_at__isnull=False)
    return render(request, "dissemination/reach_item.html", {"item": item})


@require_access(*READER_ROLES)
def reach_records_view(request, pk: int):
    """Every dissemination record of one item, newest first, with the photos KIMs attached."""
    regency = access_instance_regency(request.user, *READER_ROLES)
    item = get_object_or_404(Item, pk=pk, regency_id=regency, published_at__isnull=False)
    records = Dissemination.objects.filter(item=item).select_related("kim").order_by("-date", "-id")
    page, query_string = paginate(request, records, 50)
    return render(
        request, "dissemination/reach_records.html", {"item": item, "page": page, "query_string": query_string}
    )


@require_access(*READER_ROLES)
def record_photo_view(request, pk: int):
    """The photo a KIM attached to a dissemination record: for Diskominfo staff only, never cached publicly."""
    regency = access_instance_regency(request.user, *READER_ROLES)
    record = get_object_or_404(Dissemination, pk=pk, item__regency_id=regency)
    if not record.photo:
        raise Http404
    try:
        handle = record.photo.open("rb")
    except OSError as exc:
        raise Http404 from exc
    # The photo was re-encoded on upload; its name ends in the format it was saved in.
    response = FileResponse(handle, filename=record.photo.name.rsplit("/", 1)[-1])
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
