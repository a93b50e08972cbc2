"""The KIM register as a spreadsheet: what Diskominfo reports upwards (no member contact data)."""

from __future__ import annotations

from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from jembatan.communities.models import Kim


def kim_register(regency_code: str) -> tuple[list[str], list[list]]:
    heading = [
        _("KIM name"), _("Kecamatan"), _("Kelurahan/desa"), _("Status"), _("Decree number"), _("Decree date"),
        _("Decree issued by"), _("KIM.id number"), _("Members"), _("Last activity"), _("Applied"),
    ]  # fmt: skip
    kims = (
        Kim.objects.filter(regency_id=regency_code)
        .select_related("village__district")
        .annotate(member_total=Count("members"))
        .order_by("village__district__name", "village__name", "name")
    )
    rows = [
        [
            kim.name,
            kim.village.district.name,
            kim.village.name,
            kim.get_status_display(),
            kim.sk_number,
            kim.sk_date,
            kim.sk_issuer,
            kim.kimid_number,
            kim.member_total,
            timezone.localtime(kim.last_activity_at) if kim.last_activity_at else None,
            timezone.localtime(kim.submitted_at) if kim.submitted_at else None,
        ]  # fmt: skip
        for kim in kims
    ]
    return heading, rows
