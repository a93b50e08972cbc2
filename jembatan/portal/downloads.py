"""``/staf/unduhan/``: every table the capabilities declare (``Capability.exports``) that a person may
download for the site's regency, as CSV or XLSX."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.utils.module_loading import import_string

from jembatan.accounts.permissions import regencies_for, require_access
from jembatan.accounts.roles import REGENCY_ROLES
from jembatan.core import tenancy
from jembatan.core.exports import FORMATS, table_response
from jembatan.core.registry import exports
from jembatan.core.replicas import replica_reads


def downloads_for(user) -> list:
    """The declared exports ``user`` may download on this site."""
    return [export for export in exports() if regencies_for(user, *export.roles)]


@require_access(*REGENCY_ROLES)
def downloads_view(request):
    available = downloads_for(request.user)
    if not available:
        raise Http404
    return render(request, "portal/downloads.html", {"exports": available, "formats": FORMATS})


@require_access(*REGENCY_ROLES)
@replica_reads
def download_view(request, name: str, fmt: str):
    export = next((e for e in downloads_for(request.user) if e.name == name), None)
    if export is None or fmt not in FORMATS:
        raise Http404
    regency = tenancy.regency_code()
    heading, rows = import_string(export.table)(regency)
    filename = f"{name}-{regency.replace('.', '')}-{timezone.localdate():%Y%m%d}"
    return table_response(heading, rows, filename, fmt)
