"""The engine itself, on the KIM machine: refusal, guard on the locked row, stamp, audit verb, effects after commit."""

import pytest

from jembatan.accounts.roles import Role
from jembatan.communities import services
from jembatan.communities.models import Kim
from jembatan.core.audit import audit_record
from jembatan.core.errors import DomainError, TransitionNotAllowed
from jembatan.core.models import AuditLog
from tests.factories import make_kim, make_staff

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def test_a_wrong_source_state_is_refused_with_the_machines_message(regions):
    kim = make_kim(status="diajukan")
    with pytest.raises(TransitionNotAllowed, match="This action is not possible while the KIM is “Submitted”"):
        services.WORKFLOW.perform("activate", kim, actor=None)


def test_the_guard_reads_the_locked_row_and_its_refusal_changes_nothing(regions):
    kim = make_kim(status="diajukan")
    Kim.objects.filter(pk=kim.pk).update(name="Dibaca di bawah kunci")  # the caller's copy is stale
    seen = []

    def guard(locked, related):
        seen.append(locked.name)
        raise DomainError("no")

    with pytest.raises(DomainError):
        services.WORKFLOW.perform("verify", kim, actor=None, guard=guard)
    assert seen == ["Dibaca di bawah kunci"]
    assert Kim.objects.get(pk=kim.pk).status == "diajukan"
    assert not AuditLog.objects.filter(verb="kim.verify").exists()


def test_a_guard_may_return_changes_and_the_stamp_and_verb_follow_the_declaration(regions):
    admin = make_staff(Role.ADMIN)
    kim = make_kim(status="diajukan")
    done = services.WORKFLOW.perform(
        "verify", kim, actor=admin, guard=lambda locked, related: {"correction_notes": "dari guard"}
    )
    assert (done.status, done.correction_notes) == ("diverifikasi", "dari guard")
    assert done.verified_at is not None
    log = AuditLog.objects.get(verb="kim.verify", object_id=str(kim.pk))
    assert (log.before["status"], log.after["status"]) == ("diajukan", "diverifikasi")


def test_effects_run_only_after_the_commit(regions, django_capture_on_commit_callbacks):
    kim = make_kim(status="diajukan")
    ran = []
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.WORKFLOW.perform("verify", kim, actor=None, effects=[lambda locked: ran.append(locked.status)])
    assert ran == []
    for callback in callbacks:
        callback()
    assert ran == ["diverifikasi"]


def test_allowed_lists_exactly_the_transitions_open_from_the_state(regions):
    kim = make_kim(status="diverifikasi")
    assert [t.name for t in services.WORKFLOW.allowed(kim)] == ["reject", "legalise"]


def test_audit_record_refuses_a_plain_string_verb(regions):
    kim = make_kim(status="diajukan")
    with pytest.raises(TypeError):
        audit_record(actor=None, verb="kim.verify", obj=kim)
    audit_record(actor=None, verb=services.KimVerb.VERIFY, obj=kim)
    assert AuditLog.objects.filter(verb="kim.verify").count() == 1
