"""The per-agency answer-time counts the performance page reads, kept by the report workflow."""

from __future__ import annotations

import pytest

from jembatan.aspirations.figures import refresh_all
from jembatan.aspirations.models import AgencyReportCount
from jembatan.aspirations.selectors import agency_figures
from tests.factories import make_aspiration, make_staff

pytestmark = pytest.mark.django_db


def counts() -> dict[tuple[int, int], int]:
    return {(row.agency_id, row.days): row.n for row in AgencyReportCount.objects.all()}


def test_routing_and_answering_keep_the_counts_the_figures_read(regions):
    admin = make_staff("admin")
    routed = make_aspiration(status="didisposisikan", admin=admin)
    agency = routed.agency_id
    assert counts() == {(agency, AgencyReportCount.UNANSWERED): 1}
    answered = make_aspiration(status="ditindaklanjuti", admin=admin)
    assert answered.agency_id == agency and answered.answer_working_days is not None
    assert counts() == {(agency, AgencyReportCount.UNANSWERED): 1, (agency, answered.answer_working_days): 1}
    figures = {f.agency_id: f for f in agency_figures(regency_code="19.71")}
    assert (figures[agency].received, figures[agency].answered) == (2, 1)


def test_the_daily_recount_corrects_counts_that_drifted(regions):
    admin = make_staff("admin")
    report = make_aspiration(status="didisposisikan", admin=admin)
    AgencyReportCount.objects.update(n=40)
    AgencyReportCount.objects.create(agency_id=report.agency_id, days=3, n=9)
    refresh_all()
    assert counts() == {(report.agency_id, AgencyReportCount.UNANSWERED): 1}
