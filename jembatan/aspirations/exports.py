"""Reports and their deadlines as a spreadsheet, for follow-up meetings (no reporter identity)."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _

from jembatan.aspirations.models import Aspiration


def _local(value):
    return timezone.localtime(value) if value else None


def report_register(regency_code: str) -> tuple[list[str], list[list]]:
    heading = [
        _("Tracking code"), _("Received"), _("Type"), _("Category"), _("Kecamatan"), _("Kelurahan/desa"),
        _("Status"), _("Agency"), _("Verify by"), _("Answer by"), _("Answered"), _("Working days to answer"),
        _("Closed"), _("Rating (1–5)"), _("Privacy"),
    ]  # fmt: skip
    reports = (
        Aspiration.objects.filter(regency_id=regency_code)
        .select_related("category", "village__district", "agency")
        .order_by("-received_at", "-id")
    )
    rows = [
        [
            a.code,
            _local(a.received_at),
            a.get_kind_display(),
            a.category.name,
            a.village.district.name,
            a.village.name,
            a.get_status_display(),
            a.agency.short_name if a.agency_id else "",
            a.verify_due,
            a.answer_due,
            _local(a.answered_at),
            a.answer_working_days,
            _local(a.closed_at),
            a.rating,
            a.get_privacy_display(),
        ]  # fmt: skip
        for a in reports.iterator(chunk_size=2000)
    ]
    return heading, rows
