"""The actions a staff member is offered are the transitions the table allows to them from the report's state."""

import pytest

from jembatan.accounts.roles import Role
from jembatan.aspirations.services import WORKFLOW
from tests.factories import make_aspiration, make_staff

pytestmark = [pytest.mark.django_db]


def _names(aspiration, user):
    return [t.name for t in WORKFLOW.allowed(aspiration, user)]


def test_an_administrator_is_offered_the_triage_of_a_new_report_and_an_officer_nothing():
    admin = make_staff(Role.ADMIN)
    aspiration = make_aspiration(status="baru", admin=admin)
    officer = make_staff(Role.PETUGAS_OPD, agency=aspiration.category.agency)
    assert _names(aspiration, admin) == ["verify", "reject", "not_competent", "duplicate"]
    assert _names(aspiration, officer) == []


def test_the_agencys_officer_is_offered_the_answer_and_the_administrator_is_not():
    admin = make_staff(Role.ADMIN)
    aspiration = make_aspiration(status="didisposisikan", admin=admin)
    officer = make_staff(Role.PETUGAS_OPD, agency=aspiration.agency)
    other_officer = make_staff(Role.PETUGAS_OPD)
    assert _names(aspiration, officer) == ["answer", "return_to_admin"]
    assert _names(aspiration, other_officer) == []
    assert _names(aspiration, admin) == []


def test_the_reporters_choices_are_never_staff_buttons():
    admin = make_staff(Role.ADMIN)
    aspiration = make_aspiration(status="ditindaklanjuti", admin=admin)
    assert _names(aspiration, admin) == []
    assert {t.name for t in WORKFLOW.allowed(aspiration)} == {"accept", "auto_close", "reject_answer"}
