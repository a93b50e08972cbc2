"""The active-KIM count of each kelurahan (``VillageKimCount``), which the coverage pages and API read.

``refresh_villages`` recounts some villages from the KIM table, locking their count rows first so that two
transactions changing KIMs of the same village cannot each write a count that misses the other's change
(the second waits for the first, then counts what it committed). The KIM workflow calls it in the
transaction of every status change; a KIM moved to another village recounts both. ``refresh_all`` recounts
every village (the nightly job, and after a bulk load).
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.db.models import Count

from jembatan.communities.models import Kim, KimStatus, VillageKimCount
from jembatan.regions.models import Village


def refresh_villages(codes: Iterable[str]) -> None:
    codes = sorted({code for code in codes if code})
    if not codes:
        return
    with transaction.atomic():
        VillageKimCount.objects.bulk_create([VillageKimCount(village_id=code) for code in codes], ignore_conflicts=True)
        # Locked in one order (by code), so two transactions touching the same villages cannot deadlock.
        list(VillageKimCount.objects.select_for_update().filter(village_id__in=codes).order_by("village_id")
             .values_list("village_id", flat=True))  # fmt: skip
        counted = dict(
            Kim.objects.filter(village_id__in=codes, status=KimStatus.AKTIF)
            .values("village_id")
            .annotate(n=Count("pk"))
            .order_by()
            .values_list("village_id", "n")
        )
        for code in codes:
            VillageKimCount.objects.filter(village_id=code).update(active=counted.get(code, 0))


def refresh_all(*, regency_code: str | None = None) -> int:
    """Recount every village (of one regency): one grouped count, written in batches. Returns villages written."""
    villages = Village.objects.all()
    kims = Kim.objects.filter(status=KimStatus.AKTIF)
    if regency_code:
        villages = villages.filter(district__regency_id=regency_code)
        kims = kims.filter(regency_id=regency_code)
    counted = dict(kims.values("village_id").annotate(n=Count("pk")).order_by().values_list("village_id", "n"))
    written = 0
    codes = list(villages.order_by("code").values_list("code", flat=True))
    for start in range(0, len(codes), 5000):
        chunk = codes[start : start + 5000]
        with transaction.atomic():
            VillageKimCount.objects.bulk_create(
                [VillageKimCount(village_id=code, active=counted.get(code, 0)) for code in chunk],
                update_conflicts=True, unique_fields=["village"], update_fields=["active", "updated_at"],
            )  # fmt: skip
        written += len(chunk)
    return written
