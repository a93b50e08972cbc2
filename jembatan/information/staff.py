"""The PPID's workspace: open requests by due date (overdue first, in red), each request with the
requester's identity and the steps the law allows.

The PPID utama and the atasan PPID see every request of the regency, the requester's full identity and
the Daftar Informasi Publik; a PPID pelaksana (an agency's PPID) sees only the requests routed to their
agency, with what delivering the answer needs (name, address, contacts) but not the NIK or the scans."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.db.models import F
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from jembatan.accounts.permissions import agencies_for, has_role, regencies_for, require_access
from jembatan.accounts.roles import Role
from jembatan.core import tenancy
from jembatan.core.errors import DomainError
from jembatan.core.forms import MultipleFileField
from jembatan.core.replicas import replica_reads
from jembatan.information import letters, objections, register, services
from jembatan.information.clocks import CLOCKS
from jembatan.information.models import (
    Decision,
    FileKind,
    InformationCategory,
    InformationRequest,
    ObjectionDecision,
    RegisterEntry,
)

UTAMA = (Role.PPID, Role.ATASAN_PPID)
ROLES = (*UTAMA, Role.PPID_PELAKSANA)
OPEN = services.HANDLED
# What a PPID pelaksana may do on a request routed to their agency.
PELAKSANA_ACTIONS = {"subject", "clarify", "clarified", "extend", "answer", "return"}


def _regencies(user) -> set[str]:
    return regencies_for(user, *UTAMA)


def _scope(user):
    """The requests ``user`` handles, and whether as the PPID utama (or atasan PPID) of the regency."""
    regencies = _regencies(user)
    if regencies:
        return InformationRequest.objects.filter(regency_id__in=regencies), True
    agencies = agencies_for(user, Role.PPID_PELAKSANA)
    return InformationRequest.objects.filter(agency_id__in=agencies, regency_id=tenancy.regency_code()), False


def queue_counts(user) -> dict | None:
    """The workspace panel: open and overdue requests the user handles."""
    rows, utama = _scope(user)
    if not utama and not agencies_for(user, Role.PPID_PELAKSANA):
        return None
    open_requests = rows.filter(status__in=OPEN)
    today = timezone.localdate()
    return {
        "information_open": open_requests.count(),
        "information_overdue": open_requests.filter(CLOCKS.overdue_q(today)).count(),
        "information_lapsing": register.lapsing(_regencies(user), today=today).count() if utama else 0,
        "information_utama": utama,
    }


@require_access(*ROLES)
def queue_view(request):
    show_all = request.GET.get("status") == "semua"
    rows, utama = _scope(request.user)
    if not show_all:
        rows = rows.filter(status__in=OPEN)
    rows = rows.select_related("agency").order_by(F("answer_due").asc(nulls_last=True), "received_at")[:500]
    return render(request, "information/staff_queue.html",
                  {"rows": rows, "today": timezone.localdate(), "show_all": show_all, "utama": utama})  # fmt: skip


def _item(request, number: str) -> tuple[InformationRequest, bool]:
    rows, utama = _scope(request.user)
    item = rows.filter(code=number.upper()).select_related("agency").first()
    if item is None:
        raise Http404
    return item, utama


class RouteForm(forms.Form):
    agency = forms.ModelChoiceField(label=gettext_lazy("Agency whose PPID answers it"), queryset=None,
                                    required=False, empty_label=gettext_lazy("The PPID utama"))  # fmt: skip
    reason = forms.CharField(label=gettext_lazy("Note (required when it goes back to the PPID utama)"),
                             max_length=1000, required=False)  # fmt: skip

    def __init__(self, *args, regency_code: str, **kwargs):
        from jembatan.agencies.models import Agency

        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = Agency.objects.filter(regency_id=regency_code, is_active=True).order_by("name")


class SubjectForm(forms.Form):
    subject = forms.CharField(label=gettext_lazy("Subject as published in the register (no personal data)"),
                              max_length=200)  # fmt: skip


class TextForm(forms.Form):
    text = forms.CharField(label=gettext_lazy("Text"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3}))


class AnswerDocumentsField(MultipleFileField):
    """Checked by the answer service (which refuses the whole answer when one document fails)."""

    max_files = services.MAX_ANSWER_DOCUMENTS
    accept = "application/pdf,image/jpeg,image/png,image/webp,image/heic,.heic,.xlsx,.ods,.csv"


class AnswerForm(forms.Form):
    decision = forms.ChoiceField(label=gettext_lazy("Decision"), choices=Decision.choices)
    answer_text = forms.CharField(label=gettext_lazy("The answer the requester receives"), max_length=5000,
                                  widget=forms.Textarea(attrs={"rows": 5}))  # fmt: skip
    exemption_ground = forms.CharField(label=gettext_lazy("Exemption (UU KIP Art. 17), for a refusal"),
                                       max_length=200, required=False)  # fmt: skip
    consequence_test = forms.CharField(label=gettext_lazy("Consequence test it rests on, for a refusal"),
                                       max_length=5000, required=False, widget=forms.Textarea(attrs={"rows": 2}))  # fmt: skip
    fee = forms.IntegerField(label=gettext_lazy("Fee (rupiah)"), min_value=0, initial=0)
    documents = AnswerDocumentsField(
        label=gettext_lazy("Documents given with it (PDF, images, spreadsheets: XLSX, ODS, CSV)"), required=False,
        help_text=gettext_lazy("Each is checked like every upload. The requester downloads them from their page."),
    )  # fmt: skip


class ObjectionDecisionForm(forms.Form):
    decision = forms.ChoiceField(label=gettext_lazy("Decision"), choices=ObjectionDecision.choices)
    text = forms.CharField(label=gettext_lazy("The atasan PPID's written answer"), max_length=5000,
                           widget=forms.Textarea(attrs={"rows": 4}))  # fmt: skip


class KiStepForm(forms.Form):
    step = forms.ChoiceField(label=gettext_lazy("Step of the Komisi Informasi"), choices=[
        ("ki_registered_on", gettext_lazy("Dispute registered")), ("ki_mediation_on", gettext_lazy("Mediation")),
        ("ki_adjudication_on", gettext_lazy("Adjudication")), ("ki_decided_on", gettext_lazy("Decision")),
    ])  # fmt: skip
    on = forms.DateField(label=gettext_lazy("Date of the KI's letter"), widget=forms.DateInput(attrs={"type": "date"}))
    decision = forms.CharField(label=gettext_lazy("The KI's decision (for the decision step)"), max_length=5000,
                               required=False, widget=forms.Textarea(attrs={"rows": 3}))  # fmt: skip


class ForwardForm(forms.Form):
    regency = forms.ChoiceField(label=gettext_lazy("A region served here"), required=False)
    body = forms.CharField(label=gettext_lazy("Or the name of the body outside this service"), max_length=200,
                           required=False)  # fmt: skip
    reason = forms.CharField(label=gettext_lazy("Why that body holds the information"), max_length=2000,
                             widget=forms.Textarea(attrs={"rows": 2}))  # fmt: skip

    def __init__(self, *args, regency_code: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["regency"].choices = [("", "—")] + services.forward_targets(regency_code)


class FromRequestForm(forms.Form):
    """The DIP fields, filled from an answered request: one step to list what was given."""

    number = forms.CharField(label=gettext_lazy("Number in the list"), max_length=40)
    title = forms.CharField(label=gettext_lazy("Title"), max_length=200)
    summary = forms.CharField(label=gettext_lazy("Summary of the content"), max_length=3000,
                              widget=forms.Textarea(attrs={"rows": 2}))  # fmt: skip
    category = forms.ChoiceField(label=gettext_lazy("Category"), choices=[
        (c.value, c.label) for c in InformationCategory if c != InformationCategory.DIKECUALIKAN
    ], initial=InformationCategory.SETIAP_SAAT)  # fmt: skip
    holder = forms.CharField(label=gettext_lazy("Official or unit that holds it"), max_length=200)
    responsible = forms.CharField(label=gettext_lazy("Responsible for making or publishing it"), max_length=200)
    made = forms.CharField(label=gettext_lazy("When and where it was made"), max_length=200)
    form = forms.CharField(label=gettext_lazy("Form (printed, electronic)"), max_length=100)
    retention = forms.CharField(label=gettext_lazy("Retention period (JRA)"), max_length=100)
    document = forms.ModelChoiceField(label=gettext_lazy("Document to publish with it"), queryset=None,
                                      required=False, empty_label=gettext_lazy("None"))  # fmt: skip

    def __init__(self, *args, item: InformationRequest, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["document"].queryset = item.files.filter(kind=FileKind.JAWABAN)


def _from_request_initial(item: InformationRequest) -> dict:
    holder = item.agency.name if item.agency else tenancy.organisation()
    answered = timezone.localdate(item.answered_at) if item.answered_at else timezone.localdate()
    return {
        "number": f"DIP-{item.code}", "title": item.subject, "summary": item.subject, "holder": holder,
        "responsible": _("PPID of %(body)s") % {"body": holder}, "made": str(answered.year), "form": _("Electronic"),
        "category": InformationCategory.SETIAP_SAAT,
    }  # fmt: skip


@require_access(*ROLES)
def file_view(request, number: str, pk: int):
    """A request's file for its handlers: answer documents; the identity scans for the PPID utama only."""
    from jembatan.information.views import file_response

    item, utama = _item(request, number)
    files = item.files.all() if utama else item.files.filter(kind=FileKind.JAWABAN)
    stored = files.filter(pk=pk).first()
    if stored is None:
        raise Http404
    return file_response(stored)


@require_access(*ROLES)
def letter_view(request, number: str, kind: str):
    """One of the usual letters for this request, as PDF, when what it tells has happened."""
    item, _utama = _item(request, number)
    return letter_response(item, kind)


def letter_response(item: InformationRequest, kind: str):
    from django.http import HttpResponse

    letter = letters.find(item, kind)
    if letter is None:
        raise Http404
    response = HttpResponse(letters.letter_pdf(item, letter), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{item.code}-{letter.kind}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response


@require_access(*ROLES)
def detail_view(request, number: str):
    item, utama = _item(request, number)
    context = {
        "utama": utama, "route_form": RouteForm(prefix="route", regency_code=item.regency_id,
                                                initial={"agency": item.agency_id}),
        "forward_form": ForwardForm(prefix="forward", regency_code=item.regency_id),
        "objections": item.objections.order_by("received_at"),
        "is_atasan": has_role(request.user, Role.ATASAN_PPID),
        "decision_form": ObjectionDecisionForm(prefix="decide"), "ki_form": KiStepForm(prefix="ki"),
        "item": item, "explained": CLOCKS.explain("answer", item) if item.answer_due else None,
        "subject_form": SubjectForm(initial={"subject": item.subject}, prefix="subject"),
        "clarify_form": TextForm(prefix="clarify"), "clarified_form": TextForm(prefix="clarified"),
        "extend_form": TextForm(prefix="extend"), "answer_form": AnswerForm(prefix="answer"),
        "today": timezone.localdate(),
        "files": item.files.all() if utama else item.files.filter(kind=FileKind.JAWABAN),
        "from_request_form": FromRequestForm(prefix="dip", item=item, initial=_from_request_initial(item)),
        "listed": item.register_entries.all(),
        "letters": letters.available(item),
    }  # fmt: skip
    return render(request, "information/staff_detail.html", context)


@require_POST
@require_access(*ROLES)
def action_view(request, number: str, action: str):
    item, utama = _item(request, number)
    user = request.user
    if not utama and action not in PELAKSANA_ACTIONS:
        raise Http404
    try:
        if action == "route" and utama:
            form = RouteForm(request.POST, prefix="route", regency_code=item.regency_id)
            if not form.is_valid():
                raise DomainError(" ".join(str(e) for errors in form.errors.values() for e in errors))
            services.route(actor=user, request=item, agency=form.cleaned_data["agency"],
                           reason=form.cleaned_data["reason"])  # fmt: skip
        elif action == "forward" and utama:
            form = ForwardForm(request.POST, prefix="forward", regency_code=item.regency_id)
            if not form.is_valid():
                raise DomainError(" ".join(str(e) for errors in form.errors.values() for e in errors))
            c = form.cleaned_data
            services.forward(actor=user, request=item, reason=c["reason"], regency_code=c["regency"], body=c["body"])
        elif action == "return":
            services.route(actor=user, request=item, agency=None, reason=request.POST.get("return-reason", ""))
            if not utama:
                messages.success(request, _("The request went back to the PPID utama."))
                return redirect("information_staff:queue")
        elif action == "dip" and utama:
            form = FromRequestForm(request.POST, prefix="dip", item=item)
            if not form.is_valid():
                raise DomainError(" ".join(str(e) for errors in form.errors.values() for e in errors))
            c = form.cleaned_data
            data = register.EntryData(**{k: c[k] for k in ("number", "title", "summary", "holder", "responsible",
                                                           "made", "form", "retention", "category")},
                                      published_on=timezone.localdate())  # fmt: skip
            register.entry_from_request(actor=user, request=item, data=data, document=c["document"])
        elif action == "subject":
            services.subject_word(actor=user, request=item, subject=request.POST.get("subject-subject", ""))
        elif action in ("clarify", "clarified", "extend"):
            text = request.POST.get(f"{action}-text", "")
            if action == "clarify":
                services.clarification_ask(actor=user, request=item, question=text)
            elif action == "clarified":
                services.clarification_give(actor=user, request=item, answer=text)
            else:
                services.extend(actor=user, request=item, reason=text)
        elif action == "answer":
            form = AnswerForm(request.POST, request.FILES, prefix="answer")
            if not form.is_valid():
                raise DomainError(" ".join(str(e) for errors in form.errors.values() for e in errors))
            services.answer(actor=user, request=item, **form.cleaned_data)
        elif action in ("decide", "ki"):
            objection = item.objections.filter(pk=request.POST.get("objection") or 0).first()
            if objection is None:
                raise Http404
            form = (ObjectionDecisionForm if action == "decide" else KiStepForm)(request.POST, prefix=action)
            if not form.is_valid():
                raise DomainError(" ".join(str(e) for errors in form.errors.values() for e in errors))
            if action == "decide":
                objections.objection_decide(actor=user, objection=objection, **form.cleaned_data)
            else:
                objections.objection_ki_record(actor=user, objection=objection, **form.cleaned_data)
        else:
            raise Http404
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Saved."))
    return redirect("information_staff:detail", number=item.code)


class EntryForm(forms.Form):
    number = forms.CharField(label=gettext_lazy("Number"), max_length=40)
    title = forms.CharField(label=gettext_lazy("Title"), max_length=200)
    summary = forms.CharField(label=gettext_lazy("Summary of the content"), max_length=3000,
                              widget=forms.Textarea(attrs={"rows": 3}))  # fmt: skip
    category = forms.ChoiceField(label=gettext_lazy("Category"), choices=InformationCategory.choices)
    consequence_test = forms.CharField(label=gettext_lazy("Consequence test (for exempt information)"),
                                       max_length=5000, required=False, widget=forms.Textarea(attrs={"rows": 3}))  # fmt: skip
    holder = forms.CharField(label=gettext_lazy("Official or unit that holds it"), max_length=200)
    responsible = forms.CharField(label=gettext_lazy("Responsible for making or publishing it"), max_length=200)
    made = forms.CharField(label=gettext_lazy("When and where it was made"), max_length=200)
    form = forms.CharField(label=gettext_lazy("Form (printed, electronic)"), max_length=100)
    retention = forms.CharField(label=gettext_lazy("Retention period (JRA)"), max_length=100)
    published_on = forms.DateField(label=gettext_lazy("Published or last updated on"),
                                   widget=forms.DateInput(attrs={"type": "date"}))  # fmt: skip
    document = forms.FileField(label=gettext_lazy("Document (PDF, image or spreadsheet)"), required=False)
    remove_document = forms.BooleanField(label=gettext_lazy("Remove the document"), required=False)


@require_access(*UTAMA)
def entries_view(request):
    regencies = _regencies(request.user)
    rows = RegisterEntry.objects.filter(regency_id__in=regencies).order_by("category", "number")
    return render(request, "information/staff_entries.html",
                  {"rows": rows, "lapsing": register.lapsing(regencies), "today": timezone.localdate()})  # fmt: skip


@require_access(*UTAMA)
def entry_edit_view(request, pk: int | None = None):
    regencies = _regencies(request.user)
    entry = None
    if pk is not None:
        entry = RegisterEntry.objects.filter(pk=pk, regency_id__in=regencies).first()
        if entry is None:
            raise Http404
    initial = {name: getattr(entry, name) for name in EntryForm.base_fields if entry and hasattr(entry, name)}
    initial.pop("document", None)
    form = EntryForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        c = form.cleaned_data
        data = register.EntryData(**{k: c[k] for k in ("number", "title", "summary", "holder", "responsible", "made",
                                                       "form", "retention", "category", "published_on",
                                                       "consequence_test")})  # fmt: skip
        try:
            register.entry_save(actor=request.user, regency_code=sorted(regencies)[0] if entry is None else entry.regency_id,
                                data=data, entry=entry, document=c.get("document"), remove_document=c.get("remove_document"))  # fmt: skip
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Saved."))
            return redirect("information_staff:entries")
    return render(request, "information/staff_entry_edit.html", {"form": form, "entry": entry})


@require_access(*UTAMA, Role.PIMPINAN)
@replica_reads
def report_view(request):
    """The annual report for a year: figures on the page, PDF to publish, XLSX for the e-Monev evidence."""
    from django.http import HttpResponse

    from jembatan.information import report as annual

    regencies = sorted(regencies_for(request.user, *UTAMA, Role.PIMPINAN))
    if not regencies:
        raise Http404
    this_year = timezone.localdate().year
    try:
        year = int(request.GET.get("tahun", this_year - 1))
    except ValueError:
        year = this_year - 1
    year = min(max(year, 2000), this_year)
    figures = annual.annual_report(regency_code=regencies[0], year=year)
    fmt = request.GET.get("format")
    if fmt in ("pdf", "xlsx"):
        data = annual.report_pdf(figures) if fmt == "pdf" else annual.report_xlsx(figures)
        kind = (
            "application/pdf" if fmt == "pdf" else "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        )
        response = HttpResponse(data, content_type=kind)
        response["Content-Disposition"] = f'attachment; filename="laporan-layanan-informasi-{year}.{fmt}"'
        return response
    return render(request, "information/staff_report.html",
                  {"report": figures, "rows": annual._rows(figures), "year": year,
                   "years": list(range(this_year, this_year - 6, -1))})  # fmt: skip


app_name = "information_staff"
urlpatterns = [
    path("", queue_view, name="queue"),
    path("laporan/", report_view, name="report"),
    path("daftar/", entries_view, name="entries"),
    path("daftar/baru/", entry_edit_view, name="entry_new"),
    path("daftar/<int:pk>/", entry_edit_view, name="entry_edit"),
    path("<str:number>/", detail_view, name="detail"),
    path("<str:number>/berkas/<int:pk>/", file_view, name="file"),
    path("<str:number>/surat/<str:kind>.pdf", letter_view, name="letter"),
    path("<str:number>/<str:action>/", action_view, name="action"),
]
