"""Staff pages for syndication: the feeds, one feed's page, and the queue of new entries."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jembatan.accounts.permissions import access_instance_regency, require_access
from jembatan.accounts.roles import Role
from jembatan.core.errors import DomainError
from jembatan.syndication import selectors, services
from jembatan.syndication.forms import FeedForm

ROLES = (Role.ADMIN, Role.EDITOR)


def _regency(request) -> str:
    return access_instance_regency(request.user, *ROLES)


def _act(request, call, success: str) -> None:
    """Run a service call; a domain refusal becomes the error message, success the given one."""
    try:
        call()
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, success)


@require_access(*ROLES)
def feed_list_view(request):
    regency = _regency(request)
    return render(request, "syndication/feed_list.html", {"feeds": selectors.feed_list(regency_code=regency)})


@require_access(*ROLES)
def feed_edit_view(request, pk: int | None = None):
    regency = _regency(request)
    feed = selectors.feed_for_staff(regency_code=regency, pk=pk) if pk else None
    initial = {"title": feed.title, "url": feed.url, "is_active": feed.is_active} if feed else None
    form = FeedForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if feed is None:
                feed = services.feed_create(actor=request.user, regency_code=regency, **data)
                if feed.is_active:
                    services.feed_request_fetch(actor=request.user, feed=feed)
            else:
                feed = services.feed_update(actor=request.user, feed=feed, **data)
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("The feed has been saved."))
            return redirect("syndication:detail", pk=feed.pk)
    return render(request, "syndication/feed_edit.html", {"form": form, "feed": feed})


@require_access(*ROLES)
def feed_detail_view(request, pk: int):
    regency = _regency(request)
    feed = selectors.feed_for_staff(regency_code=regency, pk=pk)
    page = Paginator(selectors.feed_entries(feed=feed), 30).get_page(request.GET.get("halaman"))
    return render(request, "syndication/feed_detail.html", {"feed": feed, "page": page})


@require_POST
@require_access(*ROLES)
def feed_deactivate_view(request, pk: int):
    regency = _regency(request)
    feed = selectors.feed_for_staff(regency_code=regency, pk=pk)
    _act(request, lambda: services.feed_deactivate(actor=request.user, feed=feed),
         _("The feed is no longer fetched. Its entries are kept."))  # fmt: skip
    return redirect("syndication:detail", pk=feed.pk)


@require_POST
@require_access(*ROLES)
def feed_fetch_now_view(request, pk: int):
    regency = _regency(request)
    feed = selectors.feed_for_staff(regency_code=regency, pk=pk)
    _act(request, lambda: services.feed_request_fetch(actor=request.user, feed=feed),
         _("The feed will be fetched in a moment. Reload this page to see the result."))  # fmt: skip
    return redirect("syndication:detail", pk=feed.pk)


@require_access(*ROLES)
def queue_view(request):
    regency = _regency(request)
    page = Paginator(selectors.entry_queue(regency_code=regency), 30).get_page(request.GET.get("halaman"))
    return render(request, "syndication/queue.html", {"page": page})


@require_POST
@require_access(*ROLES)
def entry_dismiss_view(request, pk: int):
    regency = _regency(request)
    entry = selectors.entry_for_staff(regency_code=regency, pk=pk)
    _act(request, lambda: services.entry_dismiss(actor=request.user, entry=entry, regency_code=regency),
         _("The entry has been dismissed."))  # fmt: skip
    return redirect("syndication:queue")


@require_POST
@require_access(*ROLES)
def entry_republish_view(request, pk: int):
    regency = _regency(request)
    entry = selectors.entry_for_staff(regency_code=regency, pk=pk)
    try:
        item = services.entry_republish(actor=request.user, entry=entry, regency_code=regency)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("syndication:queue")
    messages.success(request, _("A draft has been created from the entry. Check it, then send it for review."))
    return redirect(services.republished_item_url(item))
