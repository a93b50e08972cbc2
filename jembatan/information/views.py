"""The citizen's pages: asking for information (``/informasi/minta/``), the receipt, and the public
register of requests (``/informasi/permohonan/``), which never shows a requester."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlencode

from django.conf import settings
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
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
@public_page
def list_view(request):
    """The Daftar Informasi Publik: searchable, by category; exempt entries with their consequence test."""
    from jembatan.information import register
    from jembatan.information.models import InformationCategory

    query = request.GET.get("q", "").strip()[:100].replace("\x00", "")
    category = request.GET.get("kategori", "")
    rows = register.public_entries(regency_code=tenancy.regency_code(), query=query, category=category)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("halaman"))
    query_string = urlencode({k: v for k, v in (("q", query), ("kategori", category)) if v})
    return render(request, "information/list.html", {"page": page, "query": query, "category": category,
                  "categories": InformationCategory.choices, "query_string": query_string})  # fmt: skip


@require_access(PUBLIC)
def document_view(request, pk: int):
    """A listed document (never one of exempt information)."""
    from jembatan.information.models import InformationCategory, RegisterEntry

    entry = (
        RegisterEntry.objects.filter(pk=pk, regency_id=tenancy.regency_code())
        .exclude(category=InformationCategory.DIKECUALIKAN)
        .first()
    )
    if entry is None or not entry.document:
        raise Http404
    response = FileResponse(entry.document.open("rb"), as_attachment=False,
                            filename=f"{entry.number}{Path(entry.document.name).suffix}")  # fmt: skip
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox"
    return response


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
@never_cache
def receipt_view(request):
    """The receipt PDF of the request just sent (this browser's session only: it carries the identity)."""
    from django.http import HttpResponse

    from jembatan.information.receipt import receipt_pdf

    pk = request.session.get("submitted_information_request")
    item = InformationRequest.objects.filter(pk=pk).first() if pk else None
    if item is None:
        raise Http404
    response = HttpResponse(receipt_pdf(item), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="bukti-permohonan-{item.code}.pdf"'
    return response


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
