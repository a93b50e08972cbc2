"""Eligibility rules per instance, lapsing of inactive KIMs, activity, members."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from jembatan.communities import services
from jembatan.communities.models import Kim, KimMember, MemberRole
from jembatan.core.errors import DomainError
from jembatan.core.scheduler import enqueue_due_jobs
from tests.factories import application_data, make_kim, make_staff, make_user


def test_application_needs_the_minimum_number_of_members(db):
    services.rules_update(actor=None, regency_code="19.71", min_members=5)
    with pytest.raises(DomainError, match="5"):
        services.kim_apply(actor=make_user(), data=application_data(members=4))
    assert not Kim.objects.exists()
    services.kim_apply(actor=make_user(), data=application_data(members=5))
    assert Kim.objects.count() == 1


def test_application_needs_one_ketua_sekretaris_and_bendahara(db):
    data = application_data(members=4)
    data.members[1].role = MemberRole.ANGGOTA
    with pytest.raises(DomainError):
        services.kim_apply(actor=make_user(), data=data)
    assert not Kim.objects.exists()


def test_civil_servants_as_pengurus_follow_the_rule(db):
    data = application_data()
    data.members[0].is_asn = True
    services.rules_update(actor=None, regency_code="19.71", asn_may_be_pengurus=False)
    with pytest.raises(DomainError, match="ASN"):
        services.kim_apply(actor=make_user(), data=data)
    services.rules_update(actor=None, regency_code="19.71", asn_may_be_pengurus=True)
    assert services.kim_apply(actor=make_user(), data=data).pk


def test_one_kim_per_kelurahan_when_the_rule_says_so(db):
    make_kim(village_code="19.71.01.1006")
    with pytest.raises(DomainError):
        make_kim(village_code="19.71.01.1006")
    services.rules_update(actor=None, regency_code="19.71", one_kim_per_village=False)
    make_kim(village_code="19.71.01.1006")
    assert Kim.objects.filter(village_id="19.71.01.1006").count() == 2


def test_a_rejected_kim_frees_the_kelurahan(db):
    admin = make_staff("admin")
    make_kim(village_code="19.71.01.1006", status="ditolak", admin=admin)
    assert make_kim(village_code="19.71.01.1006").status == "diajukan"


def test_kimid_number_is_unique(db):
    make_kim(kimid_number="KIM-1971-001")
    with pytest.raises(DomainError, match="KIM.id"):
        make_kim(village_code="19.71.01.1006", kimid_number="KIM-1971-001")


def test_application_without_signed_in_user_creates_the_ketua_account_and_sends_confirmation(
    db, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        kim = services.kim_apply(
            actor=None,
            data=application_data(),
            account={"email": "ketua@contoh.id", "full_name": "Ketua Baru", "password": "sandi-yang-panjang-sekali"},
        )
    assert kim.applicant.email == "ketua@contoh.id"
    assert kim.applicant.email_confirmed_at is None
    assert KimMember.objects.get(kim=kim, role="ketua").user == kim.applicant
    assert [m.to for m in mail.outbox] == [["ketua@contoh.id"], ["ketua@contoh.id"]]
    assert any("/akun/konfirmasi/" in m.body for m in mail.outbox)


def test_application_with_a_taken_email_writes_nothing(db):
    make_user(email="ada@contoh.id")
    with pytest.raises(DomainError):
        services.kim_apply(
            actor=None,
            data=application_data(),
            account={"email": "ada@contoh.id", "full_name": "X", "password": "sandi-yang-panjang-sekali"},
        )
    assert not Kim.objects.exists()


def test_lapse_task_marks_only_stale_active_kims(db):
    admin = make_staff("admin")
    stale = make_kim(status="aktif", admin=admin, village_code="19.71.01.1006")
    fresh = make_kim(status="aktif", admin=admin, village_code="19.71.01.1007")
    Kim.objects.filter(pk=stale.pk).update(last_activity_at=timezone.now() - datetime.timedelta(days=200))
    services.rules_update(actor=None, regency_code="19.71", lapse_after_days=180)
    assert services.kim_lapse_inactive() == 1
    stale.refresh_from_db()
    fresh.refresh_from_db()
    assert stale.status == "tidak_aktif"
    assert fresh.status == "aktif"


def test_recorded_activity_reactivates_a_lapsed_kim(db):
    admin = make_staff("admin")
    kim = make_kim(status="tidak_aktif", admin=admin)
    services.kim_record_activity(actor=kim.applicant, kim=kim, kind="diseminasi")
    kim.refresh_from_db()
    assert kim.status == "aktif"
    assert kim.last_activity_at is not None


def test_scheduler_enqueues_each_job_once_per_slot(db):
    now = timezone.now()
    assert enqueue_due_jobs(now) == [
        "newsroom_sync_listing",
        "handle_inbound_events",
        "expire_unreceipted_messages",
        "kim_scorecard_refresh",
        "lapse_inactive_kims",
        "kim_counts_refresh",
        "close_answered_reports",
        "escalate_overdue_reports",
        "agency_counts_refresh",
        "lapse_unclarified_requests",
        "remind_and_escalate_requests",
        "fetch_feeds",
        "requeue_abandoned_tasks",
    ]
    assert enqueue_due_jobs(now) == []


def test_removing_below_the_minimum_is_refused(db):
    admin = make_staff("admin")
    kim = make_kim(status="aktif", admin=admin, members=4)
    anggota = kim.members.get(role="anggota")
    services.kim_member_remove(actor=kim.applicant, kim=kim, member=anggota)
    assert kim.members.count() == 3
    new = services.kim_member_save(
        actor=kim.applicant, kim=kim, data=services.MemberData(full_name="Anggota Baru", phone="+6281234599999")
    )
    services.rules_update(actor=None, regency_code="19.71", min_members=4)
    with pytest.raises(DomainError):
        services.kim_member_remove(actor=kim.applicant, kim=kim, member=new)
    assert kim.members.count() == 4


def test_appointing_a_new_ketua_hands_over_the_office(db):
    admin = make_staff("admin")
    kim = make_kim(status="aktif", admin=admin)
    old = kim.members.get(role="ketua")
    new = services.kim_member_save(
        actor=kim.applicant, kim=kim, data=services.MemberData(full_name="Ketua Baru", role="ketua")
    )
    assert list(kim.members.filter(role="ketua")) == [new]
    old.refresh_from_db()
    assert old.role == "anggota"


def test_an_office_cannot_be_left_empty(db):
    admin = make_staff("admin")
    kim = make_kim(status="aktif", admin=admin)
    ketua = kim.members.get(role="ketua")
    with pytest.raises(DomainError):
        services.kim_member_save(
            actor=kim.applicant,
            kim=kim,
            member=ketua,
            data=services.MemberData(full_name=ketua.full_name, role="anggota"),
        )
    ketua.refresh_from_db()
    assert ketua.role == "ketua"


def test_dissolving_closes_the_pengurus_access(db):
    from jembatan.accounts.models import RoleAssignment

    admin = make_staff("admin")
    kim = make_kim(status="aktif", admin=admin)
    assert RoleAssignment.objects.filter(kim=kim, role="pengurus_kim").exists()
    services.kim_dissolve(actor=admin, kim=kim, reason="Bubar.")
    assert not RoleAssignment.objects.filter(kim=kim, role="pengurus_kim").exists()


def test_activity_recorded_after_the_cutoff_prevents_the_lapse(db):
    admin = make_staff("admin")
    kim = make_kim(status="aktif", admin=admin)
    cutoff = timezone.now() - datetime.timedelta(days=1)
    from jembatan.core.errors import TransitionNotAllowed

    with pytest.raises(TransitionNotAllowed):
        services.kim_lapse(kim=kim, inactive_since=cutoff)  # it was activated just now
    kim.refresh_from_db()
    assert kim.status == "aktif"


def test_member_changes_and_pengurus_sign_in_count_as_activity(client, db):
    from tests.factories import PASSWORD

    admin = make_staff("admin")
    kim = make_kim(status="tidak_aktif", admin=admin)
    client.post("/akun/masuk/", {"email": kim.applicant.email, "password": PASSWORD})
    kim.refresh_from_db()
    assert kim.status == "aktif"
    Kim.objects.filter(pk=kim.pk).update(last_activity_at=timezone.now() - datetime.timedelta(days=300))
    services.kim_member_save(actor=kim.applicant, kim=kim, data=services.MemberData(full_name="Anggota Aktif"))
    kim.refresh_from_db()
    assert kim.last_activity_at > timezone.now() - datetime.timedelta(minutes=1)


def test_resubmission_audits_the_old_and_new_values(db):
    from jembatan.core.models import AuditLog

    admin = make_staff("admin")
    kim = make_kim(status="perlu_perbaikan", admin=admin)
    old_address = kim.address
    services.kim_resubmit(
        actor=kim.applicant,
        kim=kim,
        data=application_data(village_code=kim.village_id, name=kim.name, address="Alamat BARU"),
    )
    entry = AuditLog.objects.get(verb="kim.resubmit", object_id=str(kim.pk))
    assert entry.before["address"] == old_address
    assert entry.after["address"] == "Alamat BARU"


def test_legalisation_audit_names_the_scan(db):
    from jembatan.core.models import AuditLog

    admin = make_staff("admin")
    kim = make_kim(status="dikukuhkan", admin=admin)
    entry = AuditLog.objects.get(verb="kim.legalise", object_id=str(kim.pk))
    assert entry.after["sk_scan"].endswith(".pdf")


def test_a_rejected_application_cannot_be_dissolved(db):
    from jembatan.core.errors import TransitionNotAllowed

    admin = make_staff("admin")
    kim = make_kim(status="ditolak", admin=admin)
    with pytest.raises(TransitionNotAllowed):
        services.kim_dissolve(actor=admin, kim=kim, reason="Bubar.")
