"""The active-KIM count of each kelurahan, kept by the workflow and read by the coverage pages and API."""

from __future__ import annotations

import pytest

from jembatan.communities import services
from jembatan.communities.counts import refresh_all
from jembatan.communities.models import VillageKimCount
from jembatan.communities.selectors import coverage_for_regency
from tests.factories import make_kim, make_staff

pytestmark = pytest.mark.django_db
VILLAGE = "19.71.07.1003"


def active_in(village: str) -> int:
    found = VillageKimCount.objects.filter(village_id=village).first()
    return found.active if found else 0


def district_of(coverage, code: str):
    return next(d for d in coverage.districts if d.code == code)


def test_every_status_change_keeps_the_count_and_the_coverage_reads_it(regions):
    admin = make_staff("admin")
    kim = make_kim(status="dikukuhkan", admin=admin, village_code=VILLAGE)
    assert active_in(VILLAGE) == 0
    services.kim_activate(actor=admin, kim=kim)
    assert active_in(VILLAGE) == 1
    coverage = coverage_for_regency(regency_code="19.71")
    district = district_of(coverage, "19.71.07")
    assert (district.active_kim, district.villages_covered) == (1, 1)
    services.kim_lapse(kim=kim)
    assert active_in(VILLAGE) == 0
    assert district_of(coverage_for_regency(regency_code="19.71"), "19.71.07").active_kim == 0


def test_the_nightly_recount_corrects_a_count_that_drifted(regions):
    admin = make_staff("admin")
    make_kim(status="aktif", admin=admin, village_code=VILLAGE)
    VillageKimCount.objects.filter(village_id=VILLAGE).update(active=7)  # e.g. rows loaded behind the workflow's back
    assert refresh_all() >= 42
    assert active_in(VILLAGE) == 1
    assert VillageKimCount.objects.filter(active__gt=0).count() == 1
