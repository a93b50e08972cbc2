"""The citizen's pages: asking for information (``/informasi/minta/``), the receipt, and the public
register of requests (``/informasi/permohonan/``), which never shows a requester."""

from __future__ import annotations

from django.conf import settings
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from jembatan.accounts.permissions import PUBLIC, require_access
from jembatan.core import tenancy
from jembatan.core.cache import public_page
from jembatan.core.errors import DomainError
from jembatan.core.middleware import client_ip_from_request
from jembatan.core.ratelimit import allow
from jembatan.information import services
from jembatan.information.clocks import CLOCKS
from jembatan.information.forms import RequestForm
from jembatan.information.models import InformationRequest

PAGE_SIZE = 25


@require_access(PUBLIC)
def request_view(request):
    form = RequestForm(request.POST or None)
    if request.method == "POST":
        if form.is_spam:
            return render(request, "information/submitted.html", {"item": None})
        limit = getattr(settings, "PPID_FORM_REQUESTS_PER_HOUR", 30)
        if not allow(f"information-submit:{client_ip_from_request(request)}", limit=limit, window_seconds=3600):
            form.add_error(None, _("Too many requests from this connection in the last hour. Please try again later."))
        elif form.is_valid():
            try:
                item, _created = services.information_request_submit(
                    data=form.to_data(), idempotency_key=f"web:{form.cleaned_data['idempotency_key']}"
                )
            except DomainError as exc:
                form.add_error(None, exc.message)
            else:
                request.session["submitted_information_request"] = item.pk
                return redirect("information:submitted")
    return render(request, "information/request.html", {"form": form, "consent_text": services.CONSENT_TEXT})


@require_access(PUBLIC)
@never_cache
def submitted_view(request):
    """Shown once after sending: the number, the due date and how it was computed."""
    pk = request.session.get("submitted_information_request")
    item = InformationRequest.objects.filter(pk=pk).first() if pk else None
    if item is None:
        return redirect("information:request")
    return render(request, "information/submitted.html", {"item": item, "explained": CLOCKS.explain("answer", item)})


@require_access(PUBLIC)
@public_page
def register_view(request):
    """Every request, newest first: number, the PPID's wording of the subject, dates, decision, days taken."""
    rows = (
        InformationRequest.objects.filter(regency_id=tenancy.regency_code())
        .only("code", "subject", "status", "received_at", "answer_due", "decision", "answered_at",
              "answer_working_days", "extension_days")
        .order_by("-received_at", "-id")
    )  # fmt: skip
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("halaman"))
    return render(request, "information/register.html", {"page": page})


@require_access(PUBLIC)
@public_page
def register_entry_view(request, number: str):
    item = (
        InformationRequest.objects.filter(code=number.upper(), regency_id=tenancy.regency_code())
        .prefetch_related("events")
        .first()
    )
    if item is None:
        raise Http404
    explained = CLOCKS.explain("answer", item)
    return render(request, "information/register_entry.html", {"item": item, "explained": explained})
