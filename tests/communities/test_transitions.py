"""Every KIM transition: allowed from its source states, refused from every other state."""

import datetime

import pytest
from django.core.files.base import ContentFile

from jembatan.accounts.roles import Role
from jembatan.communities import services
from jembatan.communities.models import KimStatus
from jembatan.core.errors import TransitionNotAllowed
from jembatan.core.models import AuditLog
from tests.factories import MINIMAL_PDF, application_data, make_kim, make_staff

ALL_STATUSES = list(KimStatus.values)


def _run(action, kim, admin):
    if action == "request_correction":
        return services.kim_request_correction(actor=admin, kim=kim, notes="Perbaiki alamat.")
    if action == "resubmit":
        return services.kim_resubmit(
            actor=kim.applicant, kim=kim, data=application_data(village_code=kim.village_id, name=kim.name)
        )
    if action == "reject":
        return services.kim_reject(actor=admin, kim=kim, reason="Tidak lengkap.")
    if action == "verify":
        return services.kim_verify(actor=admin, kim=kim)
    if action == "legalise":
        return services.kim_legalise(
            actor=admin,
            kim=kim,
            sk_number="100/2/KEL/2025",
            sk_date=datetime.date(2025, 11, 1),
            sk_issuer="Lurah Bukit Besar",
            sk_scan=ContentFile(MINIMAL_PDF, name="sk.pdf"),
        )
    if action == "activate":
        return services.kim_activate(actor=admin, kim=kim)
    if action == "lapse":
        return services.kim_lapse(kim=kim)
    if action == "reactivate":
        return services.kim_reactivate(actor=admin, kim=kim)
    if action == "dissolve":
        return services.kim_dissolve(actor=admin, kim=kim, reason="Bubar atas kesepakatan anggota.")
    raise AssertionError(action)


CASES = [
    (action, status, status in sources)
    for action, (sources, _target, _stamp) in services.TRANSITIONS.items()
    for status in ALL_STATUSES
]


@pytest.mark.parametrize(("action", "status", "allowed"), CASES, ids=[f"{a}-from-{s}" for a, s, _ in CASES])
def test_transition_is_allowed_only_from_its_source_states(db, action, status, allowed):
    admin = make_staff("admin")
    kim = make_kim(status=status, admin=admin)
    assert kim.status == status
    _sources, target, stamp = services.TRANSITIONS[action]
    audits_before = AuditLog.objects.filter(object_id=str(kim.pk), verb=f"kim.{action}").count()
    if allowed:
        result = _run(action, kim, admin)
        result.refresh_from_db()
        assert result.status == target
        assert getattr(result, stamp) is not None
        assert AuditLog.objects.filter(object_id=str(kim.pk), verb=f"kim.{action}").count() == audits_before + 1
    else:
        with pytest.raises(TransitionNotAllowed):
            _run(action, kim, admin)
        kim.refresh_from_db()
        assert kim.status == status
        assert AuditLog.objects.filter(object_id=str(kim.pk), verb=f"kim.{action}").count() == audits_before


def test_every_status_is_reachable_and_every_action_is_tested():
    targets = {target for _s, target, _t in services.TRANSITIONS.values()}
    assert targets | {KimStatus.DIAJUKAN} == set(ALL_STATUSES)


def test_audit_row_records_before_and_after_status_and_actor(db):
    admin = make_staff("admin")
    kim = make_kim(admin=admin)
    services.kim_verify(actor=admin, kim=kim)
    entry = AuditLog.objects.filter(verb="kim.verify", object_id=str(kim.pk)).get()
    assert entry.actor == admin
    assert entry.before["status"] == "diajukan"
    assert entry.after["status"] == "diverifikasi"


def test_legalising_grants_the_applicant_the_pengurus_role(db):
    from jembatan.accounts.models import User
    from jembatan.accounts.permissions import kims_for

    admin = make_staff("admin")
    kim = make_kim(status="diverifikasi", admin=admin)
    assert kim.pk not in kims_for(User.objects.get(pk=kim.applicant_id))
    _run("legalise", kim, admin)
    assert kim.pk in kims_for(User.objects.get(pk=kim.applicant_id))


def test_notes_and_reasons_are_required(db):
    admin = make_staff("admin")
    kim = make_kim(admin=admin)
    from jembatan.core.errors import DomainError

    with pytest.raises(DomainError):
        services.kim_request_correction(actor=admin, kim=kim, notes="  ")
    with pytest.raises(DomainError):
        services.kim_reject(actor=admin, kim=kim, reason="")
    with pytest.raises(DomainError):
        services.kim_dissolve(actor=admin, kim=kim, reason="")
    kim.refresh_from_db()
    assert kim.status == "diajukan"


def test_decree_date_in_the_future_is_refused(db):
    admin = make_staff("admin")
    kim = make_kim(status="diverifikasi", admin=admin)
    from jembatan.core.errors import DomainError

    with pytest.raises(DomainError):
        services.kim_legalise(
            actor=admin,
            kim=kim,
            sk_number="1",
            sk_date=datetime.date.today() + datetime.timedelta(days=30),
            sk_issuer="Lurah",
            sk_scan=ContentFile(MINIMAL_PDF, name="sk.pdf"),
        )
    kim.refresh_from_db()
    assert kim.status == "diverifikasi"


@pytest.mark.parametrize("status", ["diajukan", "perlu_perbaikan", "diverifikasi"])
def test_an_application_is_rejected_not_dissolved(db, status):
    admin = make_staff("admin")
    kim = make_kim(status=status, admin=admin)
    with pytest.raises(TransitionNotAllowed):
        services.kim_dissolve(actor=admin, kim=kim, reason="Tidak jadi.")
    rejected = services.kim_reject(actor=admin, kim=kim, reason="Pengurus tidak melanjutkan.")
    assert rejected.status == "ditolak"


def test_the_staff_actions_offered_are_the_allowed_transitions_of_a_regency_administrator(db):
    admin, editor = make_staff(Role.ADMIN), make_staff(Role.EDITOR)
    kim = make_kim(status="aktif", admin=admin)
    assert [t.name for t in services.WORKFLOW.allowed(kim, admin)] == ["dissolve"]  # lapse is the scheduler's
    assert services.WORKFLOW.allowed(kim, editor) == []


def test_the_applicants_resubmission_is_not_a_staff_action(db):
    admin = make_staff(Role.ADMIN)
    correcting = make_kim(status="perlu_perbaikan", admin=admin)
    assert [t.name for t in services.WORKFLOW.allowed(correcting, admin)] == ["reject"]  # resubmit: the applicant's


def test_the_staff_page_offers_exactly_the_forms_of_the_open_transitions(client, db, regions):
    from jembatan.accounts.roles import Role
    from tests.factories import make_kim, make_staff, signed_in

    admin = make_staff(Role.ADMIN)

    def forms_on(user, kim):
        page = signed_in(client, user).get(f"/staf/kim/{kim.slug}/").content.decode()
        prefix = f'action="/staf/kim/{kim.slug}/aksi/'
        return [chunk.split("/", 1)[0] for chunk in page.split(prefix)[1:]]

    waiting = make_kim(status="diajukan")
    assert forms_on(admin, waiting) == ["verify", "request_correction", "reject"]
    assert forms_on(make_staff(Role.PIMPINAN), waiting) == []
    active = make_kim(status="aktif", admin=admin, village_code="19.71.01.1004")
    assert forms_on(admin, active) == ["dissolve"]
