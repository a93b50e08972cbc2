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


def _action_forms(client, user, aspiration) -> list[str]:
    from tests.factories import signed_in

    page = signed_in(client, user).get(f"/staf/aspirasi/{aspiration.code}/").content.decode()
    prefix = f'action="/staf/aspirasi/{aspiration.code}/aksi/'
    return [chunk.split("/", 1)[0] for chunk in page.split(prefix)[1:]]


def test_the_page_offers_exactly_the_forms_of_the_open_transitions(client):
    admin = make_staff(Role.ADMIN)
    new = make_aspiration(status="baru", admin=admin)
    assert _action_forms(client, admin, new) == ["verify", "reject", "not_competent", "duplicate", "make_secret"]
    routed = make_aspiration(status="didisposisikan", admin=admin)
    officer = make_staff(Role.PETUGAS_OPD, agency=routed.agency)
    assert _action_forms(client, officer, routed) == ["progress", "answer", "return_to_admin"]
    assert _action_forms(client, make_staff(Role.PIMPINAN), routed) == []  # read-only


def test_a_refusal_without_a_reason_comes_back_bound_with_unique_field_ids(client):
    from tests.factories import form_posting_to, signed_in

    admin = make_staff(Role.ADMIN)
    aspiration = make_aspiration(status="baru", admin=admin)
    response = signed_in(client, admin).post(f"/staf/aspirasi/{aspiration.code}/aksi/reject/", {"reason": " "})
    page = response.content.decode()
    rejected = form_posting_to(page, f"/staf/aspirasi/{aspiration.code}/aksi/reject/")
    assert 'class="errorlist' in rejected and 'id="reject-reason"' in rejected and 'aria-invalid="true"' in rejected
    other = form_posting_to(page, f"/staf/aspirasi/{aspiration.code}/aksi/not_competent/")
    assert 'id="not-competent-reason"' in other and "errorlist" not in other
    aspiration.refresh_from_db()
    assert aspiration.status == "baru"
