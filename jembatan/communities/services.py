"""Writes for the KIM registry. Every status change is a transition of ``WORKFLOW`` (``core.workflow``).

The engine locks the KIM row, checks the allowed source states, sets the milestone timestamp, writes
an audit row, and sends notifications and search updates only after the commit.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from jembatan.accounts import services as account_services
from jembatan.accounts.models import RoleAssignment
from jembatan.accounts.roles import Role
from jembatan.communities.models import (
    OCCUPYING_STATUSES,
    PENGURUS_ROLES,
    PUBLIC_STATUSES,
    CommunityRules,
    Kim,
    KimMember,
    KimStatus,
    MemberRole,
)
from jembatan.communities.verbs import KimVerb
from jembatan.core import tenancy
from jembatan.core.audit import audit_record, snapshot
from jembatan.core.cache import bump_public_cache
from jembatan.core.errors import DomainError, TransitionNotAllowed
from jembatan.core.i18n import in_default_language
from jembatan.core.workflow import Transition, Workflow
from jembatan.notifications.api import send_email
from jembatan.regions.models import Village

S = KimStatus


def _kim_before_save(kim: Kim, transition: Transition, now: datetime.datetime) -> None:
    if transition.target == S.AKTIF:
        kim.last_activity_at = now


def _kim_counts(kim: Kim, transition: Transition, before: dict) -> None:
    from jembatan.communities.counts import refresh_villages

    refresh_villages([kim.village_id])


def _kim_search_sync(kim: Kim) -> None:
    from jembatan.communities.tasks import kim_search_sync_task

    kim_search_sync_task.enqueue(kim_id=kim.pk)


def _regency_admin(user, kim: Kim) -> bool:
    from jembatan.communities.permissions import admin_regencies

    return kim.regency_id in admin_regencies(user)


def _nobody_on_staff(user, kim: Kim) -> bool:
    return False  # the applicant's resubmission or the scheduler's lapse, never a staff button


def _t(name: str, sources: set, target: str, stamp: str, permission=_regency_admin) -> Transition:
    verb = KimVerb(f"kim.{name}")
    return Transition(name, frozenset(sources), target, verb=verb, stamp=stamp, permission=permission)


WORKFLOW = Workflow(
    model=Kim,
    initial=S.DIAJUKAN,
    refused=gettext_lazy("This action is not possible while the KIM is “%(status)s”."),
    audited=[],  # filled below, once AUDITED_FIELDS exists
    before_save=_kim_before_save,
    after_save=_kim_counts,
    on_commit=(lambda kim: bump_public_cache(), _kim_search_sync),
    transitions=[
        _t("request_correction", {S.DIAJUKAN}, S.PERLU_PERBAIKAN, "correction_requested_at"),
        _t("resubmit", {S.PERLU_PERBAIKAN}, S.DIAJUKAN, "resubmitted_at", permission=_nobody_on_staff),
        # An application (until legalised) is refused, not dissolved.
        _t("reject", {S.DIAJUKAN, S.PERLU_PERBAIKAN, S.DIVERIFIKASI}, S.DITOLAK, "rejected_at"),
        _t("verify", {S.DIAJUKAN}, S.DIVERIFIKASI, "verified_at"),
        _t("legalise", {S.DIVERIFIKASI}, S.DIKUKUHKAN, "legalised_at"),
        _t("activate", {S.DIKUKUHKAN}, S.AKTIF, "activated_at"),
        _t("lapse", {S.AKTIF}, S.TIDAK_AKTIF, "lapsed_at", permission=_nobody_on_staff),
        _t("reactivate", {S.TIDAK_AKTIF}, S.AKTIF, "activated_at"),
        # Only a legalised KIM is dissolved; an application that never became a KIM is rejected instead.
        _t("dissolve", {S.DIKUKUHKAN, S.AKTIF, S.TIDAK_AKTIF}, S.DIBUBARKAN, "dissolved_at"),
    ],
)
# action: (allowed source statuses, target status, milestone timestamp field)
TRANSITIONS = WORKFLOW.table()

AUDITED_FIELDS = [
    "name", "village_id", "address", "email", "phone", "description", "kimid_number", "status",
    "sk_number", "sk_date", "sk_issuer", "sk_scan", "correction_notes", "rejection_reason", "dissolution_reason",
]  # fmt: skip
RESERVED_SLUGS = {"daftar", "berita", "bagikan", "diseminasi"}  # path segments under /kim/ that are not KIMs
WORKFLOW.audited = AUDITED_FIELDS
MEMBER_FIELDS = ["full_name", "role", "village_id", "phone", "consent_contact", "is_asn"]


@dataclass
class MemberData:
    full_name: str
    role: str = MemberRole.ANGGOTA
    phone: str = ""
    village: Village | None = None
    is_asn: bool = False
    consent_contact: bool = False


@dataclass
class KimApplicationData:
    name: str
    village: Village
    address: str
    members: list[MemberData]
    email: str = ""
    phone: str = ""
    description: str = ""
    kimid_number: str = ""
    sk_number: str = ""
    sk_date: datetime.date | None = None
    sk_issuer: str = ""
    extra: dict = field(default_factory=dict)


def rules_for(regency_code: str) -> CommunityRules:
    rules, _created = CommunityRules.objects.get_or_create(regency_id=regency_code)
    return rules


def rules_update(*, actor, regency_code: str, **values) -> CommunityRules:
    fields = ["min_members", "asn_may_be_pengurus", "one_kim_per_village", "target_per_district", "lapse_after_days"]
    with transaction.atomic():
        rules_for(regency_code)
        rules = CommunityRules.objects.select_for_update().get(regency_id=regency_code)
        before = snapshot(rules, fields)
        for key, value in values.items():
            if key in fields:
                setattr(rules, key, value)
        rules.save()
        audit_record(actor=actor, verb=KimVerb.RULES_UPDATED, obj=rules, before=before, after=snapshot(rules, fields))
        transaction.on_commit(bump_public_cache)
    return rules


def _check_eligibility(*, rules: CommunityRules, data: KimApplicationData, kim: Kim | None) -> None:
    members = data.members
    if len(members) < rules.min_members:
        raise DomainError(
            ngettext(
                "A KIM needs at least %(n)d member, pengurus included. Add more members.",
                "A KIM needs at least %(n)d members, pengurus included. Add more members.",
                rules.min_members,
            )
            % {"n": rules.min_members}
        )
    offices = [m.role for m in members if m.role in PENGURUS_ROLES]
    for office in PENGURUS_ROLES:
        if offices.count(office) != 1:
            raise DomainError(_("Exactly one %(office)s is needed.") % {"office": MemberRole(office).label.lower()})
    if not rules.asn_may_be_pengurus and any(m.is_asn for m in members if m.role in PENGURUS_ROLES):
        raise DomainError(_("In this region civil servants (ASN) may not be pengurus of a KIM. Choose other pengurus."))
    if rules.one_kim_per_village:
        others = Kim.objects.filter(village=data.village, status__in=OCCUPYING_STATUSES)
        if kim is not None:
            others = others.exclude(pk=kim.pk)
        if others.exists():
            raise DomainError(
                _("%(village)s already has a KIM (registered or being processed). Join it, or contact Diskominfo.")
                % {"village": data.village}
            )
    if data.kimid_number:
        duplicate = Kim.objects.filter(kimid_number=data.kimid_number)
        if kim is not None:
            duplicate = duplicate.exclude(pk=kim.pk)
        if duplicate.exists():
            raise DomainError(_("Another KIM is already registered with this KIM.id number."))


def _unique_slug(name: str, village: Village) -> str:
    base = slugify(f"{name}")[:150] or "kim"
    candidate = base if base not in RESERVED_SLUGS else f"{base}-kim"
    counter = 2
    while Kim.objects.filter(slug=candidate).exists():
        candidate = slugify(f"{base}-{village.name}")[:150] if counter == 2 else f"{base}-{counter}"
        counter += 1
    return candidate


def _lock_rules(village: Village) -> CommunityRules:
    regency_code = village.district.regency_id
    rules_for(regency_code)
    return CommunityRules.objects.select_for_update().get(regency_id=regency_code)


def _store_members(kim: Kim, members: list[MemberData], applicant=None) -> None:
    kim.members.all().delete()
    rows = []
    for member in members:
        rows.append(
            KimMember(
                kim=kim,
                full_name=member.full_name,
                role=member.role,
                phone=member.phone,
                village=member.village,
                is_asn=member.is_asn,
                consent_contact=member.consent_contact,
                user=applicant if (applicant is not None and member.role == MemberRole.KETUA) else None,
            )
        )
    KimMember.objects.bulk_create(rows)


def _field_values(data: KimApplicationData) -> dict:
    return {name: getattr(data, name) for name in APPLICATION_FIELDS}


APPLICATION_FIELDS = [
    "name", "village", "address", "email", "phone", "description", "kimid_number", "sk_number", "sk_date", "sk_issuer",
]  # fmt: skip


def _apply_fields(kim: Kim, data: KimApplicationData) -> None:
    for name in [
        "name",
        "village",
        "address",
        "email",
        "phone",
        "description",
        "kimid_number",
        "sk_number",
        "sk_date",
        "sk_issuer",
    ]:
        setattr(kim, name, getattr(data, name))
    kim.regency_id = data.village.district.regency_id


def _notify_applicant(kim: Kim, subject: str, body: str) -> None:
    if kim.applicant_id is None:
        return
    email = kim.applicant.email
    link = tenancy.base_url() + reverse("accounts:account")
    send_email("communities.applicant_update", to=email, values={"subject": subject, "message": body, "link": link})


@in_default_language
def kim_apply(*, actor, data: KimApplicationData, account: dict | None = None) -> Kim:
    """Submit a KIM application. Creates the ketua's account when nobody is signed in.

    ``account``: {"email", "full_name", "password"} for a new account; ignored when ``actor`` is set.
    """
    try:
        with transaction.atomic():
            rules = _lock_rules(data.village)
            _check_eligibility(rules=rules, data=data, kim=None)
            applicant = actor if getattr(actor, "is_authenticated", False) else None
            new_account = applicant is None
            if new_account:
                if not account:
                    raise DomainError(_("Fill in the account details of the ketua."))
                applicant = account_services.user_create(
                    email=account["email"],
                    full_name=account["full_name"],
                    password=account["password"],
                    phone=account.get("phone", ""),
                )
            kim = Kim(slug=_unique_slug(data.name, data.village), applicant=applicant)
            WORKFLOW.set_initial(kim)
            _apply_fields(kim, data)
            kim.submitted_at = timezone.now()
            kim.save()
            _store_members(kim, data.members, applicant=applicant)
            audit_record(actor=applicant, verb=KimVerb.SUBMITTED, obj=kim, after=snapshot(kim, AUDITED_FIELDS))
            if new_account:
                account_services.email_confirmation_send(user=applicant)
            _notify_applicant(
                kim,
                _("KIM application received: %(name)s") % {"name": kim.name},
                _("Your application for %(name)s has been received and will be checked by Diskominfo.")
                % {"name": kim.name},
            )
    except IntegrityError as exc:
        raise DomainError(
            _(
                "The application could not be saved because it conflicts with existing data. Check the KIM.id number and try again."
            )
        ) from exc
    return kim


def _transition(*, kim: Kim, action: str, actor, changes: dict | None = None, actor_label: str | None = None) -> Kim:
    locked = WORKFLOW.perform(action, kim, actor=actor, changes=changes, actor_label=actor_label)
    kim.refresh_from_db()
    return locked


@in_default_language
def kim_request_correction(*, actor, kim: Kim, notes: str) -> Kim:
    notes = (notes or "").strip()
    if not notes:
        raise DomainError(_("Write what the applicant must correct."))
    with transaction.atomic():
        kim = _transition(kim=kim, action="request_correction", actor=actor, changes={"correction_notes": notes})
        _notify_applicant(
            kim,
            _("Your KIM application needs corrections: %(name)s") % {"name": kim.name},
            _(
                "Diskominfo asks you to correct the application:\n\n%(notes)s\n\nSign in, correct it and submit it again."
            )
            % {"notes": notes},
        )
    return kim


def kim_resubmit(*, actor, kim: Kim, data: KimApplicationData) -> Kim:
    with transaction.atomic():
        rules = _lock_rules(data.village)
        locked = Kim.objects.select_for_update().get(pk=kim.pk)
        if not WORKFLOW.can(locked, "resubmit"):
            raise WORKFLOW.refuse(locked)
        _check_eligibility(rules=rules, data=data, kim=locked)
        members_before = [_member_snapshot(m) for m in locked.members.all()]
        _store_members(locked, data.members, applicant=locked.applicant)
        members_after = [_member_snapshot(m) for m in locked.members.all()]
        if members_after != members_before:
            audit_record(
                actor=actor,
                verb=KimVerb.MEMBERS_REPLACED,
                obj=locked,
                before={"members": members_before},
                after={"members": members_after},
            )
        return _transition(kim=locked, action="resubmit", actor=actor, changes=_field_values(data))


@in_default_language
def kim_reject(*, actor, kim: Kim, reason: str) -> Kim:
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("Write the reason for the rejection; the applicant will read it."))
    with transaction.atomic():
        kim = _transition(kim=kim, action="reject", actor=actor, changes={"rejection_reason": reason})
        _notify_applicant(
            kim,
            _("Your KIM application was not accepted: %(name)s") % {"name": kim.name},
            _("Reason given by Diskominfo:\n\n%(reason)s") % {"reason": reason},
        )
    return kim


@in_default_language
def kim_verify(*, actor, kim: Kim) -> Kim:
    with transaction.atomic():
        kim = _transition(kim=kim, action="verify", actor=actor)
        _notify_applicant(
            kim,
            _("Your KIM application is verified: %(name)s") % {"name": kim.name},
            _("Diskominfo has verified the application. The next step is the decree (SK) of the lurah or kepala desa."),
        )
    return kim


@in_default_language
def kim_legalise(*, actor, kim: Kim, sk_number: str, sk_date: datetime.date, sk_issuer: str, sk_scan) -> Kim:
    """Record the decree (SK) that legalises the KIM. ``sk_scan`` must already be checked by core.uploads."""
    sk_number = (sk_number or "").strip()
    sk_issuer = (sk_issuer or "").strip()
    if not sk_number or not sk_issuer or sk_date is None:
        raise DomainError(_("Fill in the decree number, date and issuer."))
    if sk_date > timezone.localdate():
        raise DomainError(_("The decree date cannot be in the future."))
    if sk_scan is None:
        raise DomainError(_("Upload the scan of the decree (PDF or image)."))
    field = Kim._meta.get_field("sk_scan")
    with transaction.atomic():
        stored = field.storage.save(field.generate_filename(kim, sk_scan.name), sk_scan)
        try:
            kim = _transition(
                kim=kim,
                action="legalise",
                actor=actor,
                changes={"sk_number": sk_number, "sk_date": sk_date, "sk_issuer": sk_issuer, "sk_scan": stored},
            )
        except Exception:
            field.storage.delete(stored)
            raise
        if kim.applicant_id:
            account_services.role_grant(actor=actor, user=kim.applicant, role=Role.PENGURUS_KIM, kim=kim)
        _notify_applicant(
            kim,
            _("Your KIM is legalised: %(name)s") % {"name": kim.name},
            _("The decree %(number)s has been recorded. You can now manage your members.") % {"number": sk_number},
        )
    return kim


def kim_activate(*, actor, kim: Kim) -> Kim:
    return _transition(kim=kim, action="activate", actor=actor)


def kim_reactivate(*, actor, kim: Kim) -> Kim:
    return _transition(kim=kim, action="reactivate", actor=actor)


def kim_lapse(*, kim: Kim, inactive_since: datetime.datetime | None = None) -> Kim:
    """Mark an active KIM inactive. With ``inactive_since``, only if no activity was recorded after it
    (checked under the lock, so activity recorded meanwhile wins)."""
    with transaction.atomic():
        locked = Kim.objects.select_for_update().get(pk=kim.pk)
        if inactive_since is not None and locked.last_activity_at and locked.last_activity_at >= inactive_since:
            raise TransitionNotAllowed(_("This KIM has recorded activity recently."))
        return _transition(kim=locked, action="lapse", actor=None, actor_label="sistem")


def kim_dissolve(*, actor, kim: Kim, reason: str) -> Kim:
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("Write the reason for dissolving the KIM."))
    with transaction.atomic():
        dissolved = _transition(kim=kim, action="dissolve", actor=actor, changes={"dissolution_reason": reason})
        for assignment in RoleAssignment.objects.filter(kim=dissolved, role=Role.PENGURUS_KIM):
            account_services.role_revoke(actor=actor, assignment=assignment)
    return dissolved


def kim_record_activity(*, actor, kim: Kim, kind: str) -> Kim:
    """Record that the KIM did something (dissemination, meeting, report). Reactivates a lapsed KIM."""
    with transaction.atomic():
        locked = Kim.objects.select_for_update().get(pk=kim.pk)
        if locked.status not in PUBLIC_STATUSES:  # the legalised ones
            raise TransitionNotAllowed(_("Activity can only be recorded for a legalised KIM."))
        locked.last_activity_at = timezone.now()
        locked.save(update_fields=["last_activity_at", "updated_at"])
        audit_record(actor=actor, verb=KimVerb.ACTIVITY_RECORDED, obj=locked, after={"kind": kind})
        if locked.status == S.TIDAK_AKTIF:
            locked = _transition(kim=locked, action="reactivate", actor=actor)
    return locked


def kim_lapse_inactive(*, now: datetime.datetime | None = None) -> int:
    """Mark as inactive every active KIM without recorded activity for its regency's lapse period."""
    now = now or timezone.now()
    lapsed = 0
    for rules in CommunityRules.objects.all():
        cutoff = now - datetime.timedelta(days=rules.lapse_after_days)
        stale = Kim.objects.filter(
            status=S.AKTIF, regency_id=rules.regency_id, last_activity_at__lt=cutoff
        ).values_list("pk", flat=True)
        for pk in list(stale):
            try:
                kim_lapse(kim=Kim(pk=pk), inactive_since=cutoff)
            except TransitionNotAllowed:
                continue  # changed meanwhile
            lapsed += 1
    return lapsed


def _member_snapshot(member: KimMember) -> dict:
    return snapshot(member, MEMBER_FIELDS)


def kim_member_save(*, actor, kim: Kim, data: MemberData, member: KimMember | None = None) -> KimMember:
    """Add or change a member. Appointing someone to an office (ketua, sekretaris, bendahara) makes the
    current holder an ordinary member in the same transaction, so an office is never empty."""
    with transaction.atomic():
        locked = Kim.objects.select_for_update().get(pk=kim.pk)
        rules = rules_for(locked.regency_id)
        if data.role in PENGURUS_ROLES and data.is_asn and not rules.asn_may_be_pengurus:
            raise DomainError(_("In this region civil servants (ASN) may not be pengurus of a KIM."))
        if member is not None and member.role in PENGURUS_ROLES and data.role != member.role:
            raise DomainError(
                _(
                    "The office of %(office)s cannot be left empty. To hand it over, edit the successor and "
                    "choose this position; this member then becomes an ordinary member."
                )
                % {"office": MemberRole(member.role).label.lower()}
            )
        if data.role in PENGURUS_ROLES:
            holders = locked.members.filter(role=data.role)
            if member is not None:
                holders = holders.exclude(pk=member.pk)
            for holder in holders:
                before = _member_snapshot(holder)
                holder.role = MemberRole.ANGGOTA
                holder.save(update_fields=["role", "updated_at"])
                audit_record(
                    actor=actor, verb=KimVerb.MEMBER_UPDATED, obj=locked, before=before, after=_member_snapshot(holder)
                )
        before = _member_snapshot(member) if member is not None else None
        target = member or KimMember(kim=locked)
        target.full_name = data.full_name
        target.role = data.role
        target.phone = data.phone
        target.village = data.village
        target.is_asn = data.is_asn
        target.consent_contact = data.consent_contact
        target.save()
        audit_record(
            actor=actor,
            verb=KimVerb.MEMBER_UPDATED if member else KimVerb.MEMBER_ADDED,
            obj=locked,
            before=before,
            after=_member_snapshot(target),
        )
        kim_record_activity(actor=actor, kim=locked, kind="anggota")
        transaction.on_commit(bump_public_cache)
    return target


def kim_member_remove(*, actor, kim: Kim, member: KimMember) -> None:
    with transaction.atomic():
        locked = Kim.objects.select_for_update().get(pk=kim.pk)
        rules = rules_for(locked.regency_id)
        if member.role in PENGURUS_ROLES:
            raise DomainError(
                _(
                    "A pengurus cannot be removed. First appoint a successor to the office (edit the successor and choose the position)."
                )
            )
        if locked.members.count() - 1 < rules.min_members:
            raise DomainError(
                _("A KIM needs at least %(n)d members. Add a new member before removing this one.")
                % {"n": rules.min_members}
            )
        before = _member_snapshot(member)
        member.delete()
        audit_record(actor=actor, verb=KimVerb.MEMBER_REMOVED, obj=locked, before=before)
        kim_record_activity(actor=actor, kim=locked, kind="anggota")
        transaction.on_commit(bump_public_cache)


def kim_record_sign_in(*, user) -> None:
    """A pengurus signing in counts as activity of their legalised KIMs (until dissemination records exist)."""
    kim_ids = RoleAssignment.objects.filter(user=user, role=Role.PENGURUS_KIM).values_list("kim_id", flat=True)
    for kim in Kim.objects.filter(pk__in=list(kim_ids), status__in=[S.DIKUKUHKAN, S.AKTIF, S.TIDAK_AKTIF]):
        kim_record_activity(actor=user, kim=kim, kind="masuk")


def _legalised_for_update(kim: Kim) -> Kim:
    locked = Kim.objects.select_for_update().get(pk=kim.pk)
    if locked.status not in PUBLIC_STATUSES:  # the legalised ones
        raise TransitionNotAllowed(_("Only a legalised KIM has officers (pengurus) with an account."))
    return locked


def kim_officer_add(*, actor, kim: Kim, email: str, full_name: str) -> RoleAssignment:
    """Give a person the pengurus role of a legalised KIM; they receive a sign-in link (accounts)."""
    with transaction.atomic():
        locked = _legalised_for_update(kim)
        return account_services.staff_invite(
            actor=actor, email=email, full_name=full_name, role=Role.PENGURUS_KIM, kim=locked
        )


def kim_hand_over(*, actor, kim: Kim, email: str, full_name: str) -> Kim:
    """A new ketua takes the KIM over: they hold its account from now on and its pengurus role; the
    previous account holder loses the pengurus role of this KIM (other roles stay). Audited."""
    from jembatan.accounts.models import User

    with transaction.atomic():
        locked = _legalised_for_update(kim)
        previous = locked.applicant
        email = User.objects.normalize_email(email).lower()
        successor = User.objects.filter(email__iexact=email).first()
        if (
            successor is None
            or not RoleAssignment.objects.filter(user=successor, role=Role.PENGURUS_KIM, kim=locked).exists()
        ):
            account_services.staff_invite(
                actor=actor, email=email, full_name=full_name, role=Role.PENGURUS_KIM, kim=locked
            )
            successor = User.objects.get(email__iexact=email)
        if previous is not None and previous.pk == successor.pk:
            raise DomainError(_("This person already holds the KIM's account."))
        locked.applicant = successor
        locked.save(update_fields=["applicant", "updated_at"])
        if previous is not None:
            for assignment in RoleAssignment.objects.filter(user=previous, role=Role.PENGURUS_KIM, kim=locked):
                account_services.role_revoke(actor=actor, assignment=assignment)
        audit_record(
            actor=actor,
            verb=KimVerb.HANDED_OVER,
            obj=locked,
            before={"applicant": getattr(previous, "pk", None)},
            after={"applicant": successor.pk},
        )
    return locked


def kim_public_contact_set(*, actor, kim: Kim, contact: str, ketua_consents: bool) -> Kim:
    """Publish (or withdraw, with an empty ``contact``) the contact citizens may use to reach the KIM.

    ``contact`` is already normalised by the form (E.164 number or a WhatsApp link). Without the
    ketua's consent nothing is published.
    """
    if contact and not ketua_consents:
        raise DomainError(_("The ketua must agree before a contact is published."))
    with transaction.atomic():
        locked = _legalised_for_update(kim)
        before = {"public_contact": locked.public_contact}
        locked.public_contact = contact
        locked.public_contact_consent_at = timezone.now() if contact else None
        locked.save(update_fields=["public_contact", "public_contact_consent_at", "updated_at"])
        audit_record(
            actor=actor, verb=KimVerb.PUBLIC_CONTACT_SET, obj=locked, before=before, after={"public_contact": contact}
        )
    transaction.on_commit(bump_public_cache)
    return locked


@in_default_language
def kim_message_relay(*, kim: Kim, sender_name: str, reply_to: str, message: str) -> int:
    """Relay a citizen's message to the KIM's pengurus by email; the pengurus' addresses stay private.

    Returns the number of pengurus it was sent to (0: the KIM has no pengurus account yet).
    """
    recipients = sorted(
        RoleAssignment.objects.filter(kim=kim, role=Role.PENGURUS_KIM, user__is_active=True)
        .values_list("user__email", flat=True)
        .distinct()
    )
    if not recipients:
        return 0
    values = {
        "name": sender_name,
        "kim": kim.name,
        "site": settings.SITE_NAME,
        "message": message,
        "reply_to": reply_to,
    }
    for email in recipients:
        send_email("communities.message_relay", to=email, values=values)
    audit_record(actor=None, verb=KimVerb.MESSAGE_RELAYED, obj=kim, after={"recipients": len(recipients)})
    return len(recipients)
