from __future__ import annotations

from django.conf import settings
from django.core.paginator import Paginator
from django.db import connection
from django.http import HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache

from jembatan.accounts.permissions import PUBLIC, require_access
from jembatan.accounts.roles import Role
from jembatan.communities.selectors import coverage_for_regency
from jembatan.core.cache import public_page
from jembatan.core.forms import AuditFilterForm
from jembatan.core.selectors import audit_list, audit_object_types


@require_access(PUBLIC)
@never_cache
def healthz(request):
    """Liveness: the process answers. Touches no database."""
    return HttpResponse("ok", content_type="text/plain")


@require_access(PUBLIC)
@never_cache
def readyz(request):
    """Readiness: the database answers."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:  # noqa: BLE001 - any database failure means not ready
        return JsonResponse({"status": "unavailable", "database": "error"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


@require_access(PUBLIC)
@public_page
def home(request):
    coverage = coverage_for_regency(regency_code=settings.JEMBATAN_REGENCY)
    return render(request, "core/home.html", {"coverage": coverage})


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
    form = AuditFilterForm(request.GET or None, object_types=audit_object_types())
    filters = form.cleaned_data if form.is_valid() else {}
    entries = audit_list(**{k: v for k, v in filters.items() if v})
    page = Paginator(entries, settings.AUDIT_PAGE_SIZE).get_page(request.GET.get("halaman"))
    query = request.GET.copy()
    query.pop("halaman", None)
    return render(request, "core/audit.html", {"form": form, "page": page, "query_string": query.urlencode()})
