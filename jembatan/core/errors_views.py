import sys

from django.db import DatabaseError, InterfaceError, OperationalError
from django.http import JsonResponse
from django.shortcuts import render
from django.template import loader
from django.utils.translation import get_language
from django.utils.translation import gettext as _

# Seconds a client should wait before retrying while the database is unreachable (a restart, a failover).
RETRY_AFTER_SECONDS = 10
_MACHINE_PREFIXES = ("/api/", "/open311/")


def bad_request(request, exception=None):
    return render(request, "errors/400.html", status=400)


def permission_denied(request, exception=None):
    return render(request, "errors/403.html", status=403)


def page_not_found(request, exception=None):
    return render(request, "errors/404.html", status=404)


def _database_unavailable(exc: BaseException | None) -> bool:
    """The database dropped the connection or refused it: a passing outage, not a fault in the code."""
    while exc is not None:
        if isinstance(exc, (OperationalError, InterfaceError)):
            # SQLite reports a missing table or column (a migration not run) as an OperationalError too.
            return not str(exc).startswith(("no such table", "no such column"))
        if isinstance(exc, DatabaseError):
            return False
        exc = exc.__cause__ or exc.__context__
    return False


def server_error(request):
    """500, or 503 with ``Retry-After`` while the database is unreachable, so clients retry instead of giving up.

    Rendered without a request context: the context processors would ask the database again.
    """
    if _database_unavailable(sys.exc_info()[1]):
        if request.path.startswith(_MACHINE_PREFIXES):
            response = JsonResponse(
                {
                    "detail": _("The service is briefly unavailable. Try again shortly."),
                    "retry_after": RETRY_AFTER_SECONDS,
                },
                status=503,
            )
        else:
            response = _static_page("errors/503.html", status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        response["Cache-Control"] = "no-store"
        return response
    return _static_page("errors/500.html", status=500)


def _static_page(template: str, *, status: int):
    from django.http import HttpResponse

    return HttpResponse(loader.get_template(template).render({"LANGUAGE_CODE": get_language()}), status=status)
