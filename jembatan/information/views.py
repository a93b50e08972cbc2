"""The citizen's pages: asking for information (``/informasi/minta/``), the receipt, and the public
register of requests (``/informasi/permohonan/``), which never shows a requester."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlencode

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache

from jembatan.accounts.permissions import PUBLIC, require_access
from jembatan.core import tenancy
from jembatan.core.cache import public_page
from jembatan.core.errors import DomainError
from jembatan.core.middleware import client_ip_from_request
from jembatan.core.ratelimit import allow
from jembatan.information import letters, services
from jembatan.information.clocks import CLOCKS
from jembatan.information.forms import RequestForm
from jembatan.information.models import FileKind, InformationRequest, ObjectionGround

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
    form = RequestForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        if form.is_spam:
            return render(request, "information/submitted.html", {"item": None})
        limit = settings.PPID_FORM_REQUESTS_PER_HOUR
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
    return render(request, "information/submitted.html", {"item": item, "explained": CLOCKS.explain("answer", item),
                                                           "private_link": services.private_link(item)})  # fmt: skip


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
        .select_related("forwarded_to")
        .prefetch_related("events")
        .first()
    )
    if item is None:
        raise Http404
    explained = CLOCKS.explain("answer", item)
    forwarded_url = ""
    if item.forwarded_to is not None:
        from django.urls import reverse

        there = reverse("information:register_entry", kwargs={"number": item.forwarded_to.code})
        forwarded_url = tenancy.absolute(there, item.forwarded_to.regency_id)
    return render(request, "information/register_entry.html",
                  {"item": item, "explained": explained, "forwarded_url": forwarded_url})  # fmt: skip


class ObjectionForm(forms.Form):
    grounds = forms.MultipleChoiceField(label=gettext_lazy("Grounds (UU KIP Art. 35)"), choices=ObjectionGround.choices,
                                        widget=forms.CheckboxSelectMultiple)  # fmt: skip
    reason = forms.CharField(
        label=gettext_lazy("Why you object"), max_length=5000, widget=forms.Textarea(attrs={"rows": 4})
    )


class ClarificationForm(forms.Form):
    answer = forms.CharField(label=gettext_lazy("Your clarification"), max_length=5000,
                             widget=forms.Textarea(attrs={"rows": 4}))  # fmt: skip


def _own_request(number: str, secret: str) -> InformationRequest:
    from jembatan.cases import tracking

    item = InformationRequest.objects.filter(code=number.upper(), regency_id=tenancy.regency_code()).first()
    if item is None or not tracking.check_secret(item, secret):
        raise Http404
    return item


@require_access(PUBLIC)
@never_cache
def private_view(request, number: str, secret: str):
    """The requester's own page (by the private link): the answer, a clarification asked of them, the
    objection and the way to the Komisi Informasi."""
    from jembatan.information import objections

    item = _own_request(number, secret)
    clarification_form = ClarificationForm(request.POST if request.POST.get("action") == "clarify" else None)
    objection_form = ObjectionForm(request.POST if request.POST.get("action") == "object" else None)
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "clarify" and clarification_form.is_valid():
                services.clarification_give(actor=None, request=item, answer=clarification_form.cleaned_data["answer"])
            elif action == "object" and objection_form.is_valid():
                c = objection_form.cleaned_data
                objections.objection_file(request=item, grounds=c["grounds"], reason=c["reason"])
            elif action == "ki":
                objection = item.objections.order_by("-received_at").first()
                if objection is None:
                    raise Http404
                objections.objection_take_to_ki(actor=None, objection=objection)
            else:
                raise DomainError(_("Check the form: something is missing."))
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Received. The PPID has been told."))
            return redirect("information:private", number=item.code, secret=secret)
    deadline = objections.filing_deadline(item)
    objection = item.objections.order_by("-received_at").first()
    context = {
        "item": item, "secret": secret, "explained": CLOCKS.explain("answer", item) if item.answer_due else None,
        "clarification_form": clarification_form, "objection_form": objection_form,
        "can_object": objection is None and deadline is not None and timezone.localdate() <= deadline,
        "objection_deadline": deadline, "objection": objection, "today": timezone.localdate(),
        "documents": item.files.filter(kind=FileKind.JAWABAN),
        "letters": letters.available(item),
    }  # fmt: skip
    return render(request, "information/private.html", context)


def file_response(stored) -> FileResponse:
    """A request's file as a download: never shown inline, never sniffed, sandboxed."""
    import io

    response = FileResponse(io.BytesIO(stored.read()), as_attachment=True, filename=stored.name,
                            content_type=stored.content_type)  # fmt: skip
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox"
    response["Cache-Control"] = "private, no-store"
    return response


@require_access(PUBLIC)
@never_cache
def private_letter_view(request, number: str, secret: str, kind: str):
    """A letter the PPID sent about this request, for the requester (by the private link)."""
    from jembatan.information.staff import letter_response

    return letter_response(_own_request(number, secret), kind)


@require_access(PUBLIC)
@never_cache
def private_document_view(request, number: str, secret: str, pk: int):
    """A document given with the answer, for the requester (by the private link)."""
    item = _own_request(number, secret)
    stored = item.files.filter(pk=pk, kind=FileKind.JAWABAN).first()
    if stored is None:
        raise Http404
    return file_response(stored)
