from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.db import connection
from django.http import HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache

from jembatan.accounts.permissions import PUBLIC, access_instance_regency, require_access
from jembatan.accounts.roles import Role
from jembatan.communities.selectors import coverage_for_regency
from jembatan.core import tenancy
from jembatan.core.cache import public_page
from jembatan.core.errors import DomainError
from jembatan.core.forms import AuditFilterForm
from jembatan.core.selectors import audit_list, audit_object_types
from jembatan.newsroom.views_public import home_sections


@require_access(PUBLIC)
@never_cache
def healthz(request):
    """Liveness: the process answers. Touches no database."""
    return HttpResponse("ok", content_type="text/plain")


_FAVICON = settings.PACKAGE_DIR / "static" / "img" / "favicon.ico"


@require_access(PUBLIC)
def favicon(request):
    """``/favicon.ico``: browsers, feed readers and bots ask for it whatever the page's <link rel=icon> says."""
    response = HttpResponse(_FAVICON.read_bytes(), content_type="image/vnd.microsoft.icon")
    response["Cache-Control"] = "public, max-age=604800"
    return response


@require_access(PUBLIC)
@never_cache
def readyz(request):
    """Readiness: the database answers (503 otherwise), and how background work is doing.

    A dead or stuck worker does not make the web process unready (it still serves every page), so the
    answer stays 200 with ``"status": "degraded"`` and the ages an operator needs; monitoring alerts on it.
    """
    from jembatan.core.background import background_status

    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        background = background_status()
    except Exception:  # noqa: BLE001 - any database failure means not ready
        return JsonResponse({"status": "unavailable", "database": "error"}, status=503)
    status = "ok" if background.healthy else "degraded"
    return JsonResponse({"status": status, "database": "ok", **background.as_dict()})


@require_access(PUBLIC)
@public_page
def home(request):
    coverage = coverage_for_regency(regency_code=tenancy.regency_code())
    news = home_sections(regency_code=tenancy.regency_code())
    return render(request, "portal/home.html", {"coverage": coverage, **news})


@require_access(PUBLIC)
def set_language(request, code: str):
    """Switch the interface language with a plain link (no form, so public pages stay cacheable)."""
    target = request.GET.get("next", "/")
    if not url_has_allowed_host_and_scheme(target, {request.get_host()}, require_https=request.is_secure()):
        target = "/"
    response = HttpResponseRedirect(target)
    if code in dict(settings.LANGUAGES):
        translation.activate(code)
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            code,
            max_age=365 * 24 * 3600,
            samesite="Lax",
            secure=request.is_secure(),
            httponly=True,
        )
    return response


@require_access(Role.ADMIN)
def audit_view(request):
    regency = access_instance_regency(request.user, Role.ADMIN)
    form = AuditFilterForm(request.GET or None, object_types=audit_object_types(regency_code=regency))
    filters = form.cleaned_data if form.is_valid() else {}
    entries = audit_list(regency_code=regency, **{k: v for k, v in filters.items() if v})
    if request.GET.get("unduh") == "csv":
        return _audit_csv(entries)
    page = Paginator(entries, settings.AUDIT_PAGE_SIZE).get_page(request.GET.get("halaman"))
    query = request.GET.copy()
    query.pop("halaman", None)
    query.pop("unduh", None)
    return render(request, "core/audit.html", {"form": form, "page": page, "query_string": query.urlencode()})


AUDIT_EXPORT_MAX = 100_000


def _audit_csv(entries):
    """The filtered audit log as CSV, newest first, streamed (at most ``AUDIT_EXPORT_MAX`` rows)."""
    import csv
    import json

    from django.http import StreamingHttpResponse

    from jembatan.portal.audit_labels import verb_label

    class Echo:
        def write(self, value):
            return value

    writer = csv.writer(Echo())

    def rows():
        yield "\ufeff"
        yield writer.writerow(
            [
                _("Time"),
                _("Actor"),
                _("Action"),
                _("Action code"),
                _("Object"),
                _("Object id"),
                _("Description"),
                _("Before"),
                _("After"),
                "IP",
            ]
        )
        for entry in entries[:AUDIT_EXPORT_MAX].iterator(chunk_size=2000):
            yield writer.writerow(
                [
                    timezone.localtime(entry.created_at).isoformat(timespec="seconds"),
                    entry.actor_label,
                    verb_label(entry.verb),
                    entry.verb,
                    entry.object_type,
                    entry.object_id,
                    entry.object_repr,
                    json.dumps(entry.before, ensure_ascii=False) if entry.before is not None else "",
                    json.dumps(entry.after, ensure_ascii=False) if entry.after is not None else "",
                    entry.ip_address or "",
                ]
            )

    response = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="audit-{timezone.localdate():%Y%m%d}.csv"'
    return response


@require_access(Role.ADMIN)
def calendar_view(request):
    """Administrators see the non-working days of a year and add local changes."""
    regency = access_instance_regency(request.user, Role.ADMIN)
    from jembatan.core import services
    from jembatan.core.forms import CalendarOverrideForm, CalendarSettingsForm
    from jembatan.core.models import CalendarOverride
    from jembatan.core.workdays import WorkingCalendar

    try:
        year = int(request.GET.get("tahun", timezone.localdate().year))
    except ValueError:
        year = timezone.localdate().year
    year = min(max(year, 1990), 2090)
    override_form = CalendarOverrideForm(request.POST if request.POST.get("form") == "override" else None)
    settings_form = CalendarSettingsForm(
        request.POST if request.POST.get("form") == "settings" else None,
        initial={"cuti_bersama_is_holiday": services.calendar_settings().cuti_bersama_is_holiday},
    )
    if request.method == "POST":
        try:
            if request.POST.get("form") == "override" and override_form.is_valid():
                services.calendar_override_add(actor=request.user, **override_form.cleaned_data)
                messages.success(request, _("The calendar has been changed; open deadlines are being recomputed."))
                return redirect(f"{request.path}?tahun={override_form.cleaned_data['date'].year}")
            if request.POST.get("form") == "settings" and settings_form.is_valid():
                services.calendar_settings_update(actor=request.user, **settings_form.cleaned_data)
                messages.success(request, _("The setting has been saved; open deadlines are being recomputed."))
                return redirect(f"{request.path}?tahun={year}")
            if request.POST.get("form") == "remove":
                override_id = request.POST.get("override", "")
                override = (
                    CalendarOverride.objects.filter(pk=override_id, regency_code=regency).first()
                    if override_id.isdigit()
                    else None
                )
                if override is not None:
                    services.calendar_override_remove(actor=request.user, override=override)
                    messages.success(request, _("The change has been removed; open deadlines are being recomputed."))
                return redirect(f"{request.path}?tahun={year}")
        except DomainError as exc:
            override_form.add_error(None, exc.message)
    calendar = WorkingCalendar.current()
    return render(
        request,
        "core/calendar.html",
        {
            "year": year,
            "days_off": calendar.days_off(year),
            "overrides": CalendarOverride.objects.filter(regency_code=regency, date__year=year),
            "override_form": override_form,
            "settings_form": settings_form,
        },
    )


# Legal clocks a citizen or an officer may want to compute (DOMAIN.md §3.3 and the aspiration SLA).
DEADLINE_PRESETS = [
    (3, gettext_lazy("verifying and forwarding a report")),
    (5, gettext_lazy("the agency's answer to a report")),
    (10, gettext_lazy("closing an answered report without a reply")),
    (10, gettext_lazy("answering a request for public information (UU KIP Art. 22(7))")),
    (7, gettext_lazy("one extension of that answer, with written reasons")),
    (30, gettext_lazy("filing an objection (keberatan) to the atasan PPID")),
    (30, gettext_lazy("the atasan PPID's written answer to an objection")),
    (14, gettext_lazy("taking the dispute to the Komisi Informasi")),
]


@require_access(PUBLIC)
def deadline_calculator_view(request):
    """/hitung-tenggat/: the due date of a legal clock, with every day it skipped and why."""
    from jembatan.core.forms import DeadlineCalculatorForm
    from jembatan.core.workdays import WorkingCalendar

    today = timezone.localdate()
    form = DeadlineCalculatorForm(request.GET or None, initial={"mulai": today, "hari": 10})
    result = None
    if request.GET and form.is_valid():
        start, days = form.cleaned_data["mulai"], form.cleaned_data["hari"]
        due, skipped = WorkingCalendar.current().explain(start, days)
        result = {"start": start, "days": days, "due": due, "skipped": skipped}
    return render(
        request,
        "core/deadline_calculator.html",
        {"form": form, "result": result, "presets": DEADLINE_PRESETS, "today": today},
    )
