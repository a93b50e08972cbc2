"""The per-agency answer-time counts (``AgencyReportCount``) that the performance page reads.

``refresh_agencies`` recounts some agencies from their reports (one grouped query over the
``(agency, answer_working_days)`` index), after locking the agencies' rows so that two transactions
routing or answering reports of the same agency cannot each write a count that misses the other's
change. The report workflow calls it in the transaction of every transition that may change a report's
agency or answer time; ``refresh_all`` recounts every agency (the daily job, and after a bulk load).
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.db.models import Count

from jembatan.agencies.models import Agency
from jembatan.aspirations.models import AgencyReportCount, Aspiration


def refresh_agencies(agency_ids: Iterable[int | None]) -> None:
    ids = sorted({pk for pk in agency_ids if pk})
    if not ids:
        return
    with transaction.atomic():
        list(Agency.objects.select_for_update().filter(pk__in=ids).order_by("pk").values_list("pk", flat=True))
        rows = (
            Aspiration.objects.filter(agency_id__in=ids)
            .values("agency_id", "answer_working_days")
            .annotate(n=Count("*"))
            .order_by()
        )
        AgencyReportCount.objects.filter(agency_id__in=ids).delete()
        AgencyReportCount.objects.bulk_create(
            [
                AgencyReportCount(
                    agency_id=row["agency_id"],
                    days=AgencyReportCount.UNANSWERED
                    if row["answer_working_days"] is None
                    else row["answer_working_days"],
                    n=row["n"],
                )
                for row in rows
            ]
        )


def refresh_all(*, regency_code: str | None = None) -> int:
    agencies = Agency.objects.all() if regency_code is None else Agency.objects.filter(regency_id=regency_code)
    ids = list(agencies.order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(ids), 50):
        refresh_agencies(ids[start : start + 50])
    return len(ids)
