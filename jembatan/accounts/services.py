"""Writes for accounts: creating people, confirming email, second factor, granting roles."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from jembatan.accounts.models import RoleAssignment, User
from jembatan.accounts.roles import Role
from jembatan.accounts.verbs import AccountVerb
from jembatan.core import tenancy
from jembatan.core.audit import audit_record
from jembatan.core.errors import DomainError
from jembatan.core.i18n import in_default_language
from jembatan.notifications.api import send_email

CONFIRM_SALT = "jembatan.accounts.confirm-email"
CONFIRM_MAX_AGE = 7 * 24 * 3600
RECOVERY_CODE_COUNT = 10


def user_create(*, email: str, full_name: str, password: str | None, phone: str = "", confirmed: bool = False) -> User:
    email = User.objects.normalize_email(email).lower()
    if User.objects.filter(email__iexact=email).exists():
        raise DomainError(_("An account with this email address already exists. Sign in first."), code="email_taken")
    candidate = User(email=email, full_name=full_name)
    if password is not None:
        try:
            validate_password(password, candidate)
        except ValidationError as exc:
            raise DomainError(" ".join(exc.messages), code="weak_password") from exc
    user = User.objects.create_user(
        email=email,
        password=password,
        full_name=full_name,
        phone=phone,
        email_confirmed_at=timezone.now() if confirmed else None,
    )
    audit_record(actor=None, verb=AccountVerb.USER_CREATED, obj=user, after={"email": email, "full_name": full_name})
    return user


def email_confirmation_token(user: User) -> str:
    return signing.dumps({"u": user.pk, "e": user.email}, salt=CONFIRM_SALT)


@in_default_language
def email_confirmation_send(*, user: User) -> None:
    link = tenancy.base_url() + reverse("accounts:confirm_email", kwargs={"token": email_confirmation_token(user)})
    values = {"name": user.full_name, "site": settings.SITE_NAME, "link": link}
    with transaction.atomic():
        send_email("accounts.confirm_email", to=user.email, values=values)


def email_confirm(*, token: str) -> User:
    try:
        data = signing.loads(token, salt=CONFIRM_SALT, max_age=CONFIRM_MAX_AGE)
    except signing.SignatureExpired as exc:
        raise DomainError(_("This confirmation link has expired. Sign in to get a new one."), code="expired") from exc
    except signing.BadSignature as exc:
        raise DomainError(_("This confirmation link is not valid."), code="invalid") from exc
    with transaction.atomic():
        user = User.objects.select_for_update().filter(pk=data.get("u"), email=data.get("e")).first()
        if user is None:
            raise DomainError(_("This confirmation link is not valid."), code="invalid")
        if user.email_confirmed_at is None:
            user.email_confirmed_at = timezone.now()
            user.save(update_fields=["email_confirmed_at"])
            audit_record(actor=user, verb=AccountVerb.USER_EMAIL_CONFIRMED, obj=user)
    return user


def totp_device_for_setup(*, user: User) -> TOTPDevice:
    """The user's unconfirmed TOTP device, created when missing."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="Aplikasi autentikator", confirmed=False)
    return device


def totp_confirm(*, user: User, device: TOTPDevice, token: str) -> list[str]:
    """Confirm the TOTP device with a first token; return fresh recovery codes (shown once)."""
    if not device.verify_token(token):
        raise DomainError(_("The code is not correct. Check the time on your phone and enter the newest code."))
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user, confirmed=True).exclude(pk=device.pk).delete()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        codes = _recovery_codes_replace(user=user)
        audit_record(actor=user, verb=AccountVerb.USER_TWO_FACTOR_ENABLED, obj=user)
    return codes


def recovery_codes_regenerate(*, user: User) -> list[str]:
    """New recovery codes for ``user`` (the old ones stop working); shown once by the caller."""
    with transaction.atomic():
        codes = _recovery_codes_replace(user=user)
        audit_record(actor=user, verb=AccountVerb.USER_RECOVERY_CODES_RENEWED, obj=user)
    return codes


def password_changed(*, user: User) -> None:
    audit_record(actor=user, verb=AccountVerb.USER_PASSWORD_CHANGED, obj=user)


def _recovery_codes_replace(*, user: User) -> list[str]:
    static, _created = StaticDevice.objects.get_or_create(user=user, defaults={"name": "Kode pemulihan"})
    static.token_set.all().delete()
    # StaticToken holds at most 16 characters: three groups of four hex digits (48 random bits).
    codes = ["-".join(secrets.token_hex(2) for _g in range(3)) for _i in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create([StaticToken(device=static, token=code) for code in codes])
    return codes


def role_grant(*, actor, user: User, role: str, regency=None, kim=None, agency=None, province=None) -> RoleAssignment:
    """Give ``user`` a role for a regency, a KIM, an agency or (read-only roles only) a whole province."""
    from jembatan.accounts.roles import PROVINCE_ROLES

    if province is not None and (role not in PROVINCE_ROLES or regency or kim or agency):
        raise DomainError(_("Only the leadership role can be given for a whole province."))
    assignment, created = RoleAssignment.objects.get_or_create(
        user=user, role=role, regency=regency, kim=kim, agency=agency, province=province
    )
    if created:
        audit_record(
            actor=actor,
            verb=AccountVerb.ROLE_GRANTED,
            obj=user,
            after={
                "role": role,
                "regency": getattr(regency, "pk", None),
                "province": getattr(province, "pk", None),
                "kim": getattr(kim, "pk", None),
                "agency": getattr(agency, "pk", None),
            },
        )
    return assignment


def role_revoke(*, actor, assignment: RoleAssignment) -> None:
    if actor is not None and assignment.user_id == actor.pk and assignment.role == Role.ADMIN:
        raise DomainError(_("You cannot remove your own administrator role."))
    with transaction.atomic():
        _role_revoke(actor=actor, assignment=assignment)


def _role_revoke(*, actor, assignment: RoleAssignment) -> None:
    before = {
        "role": assignment.role,
        "regency": assignment.regency_id,
        "province": assignment.province_id,
        "kim": assignment.kim_id,
        "agency": assignment.agency_id,
    }
    user = assignment.user
    assignment.delete()
    audit_record(actor=actor, verb=AccountVerb.ROLE_REVOKED, obj=user, before=before)


def password_setup_link(user: User) -> str:
    """A one-time link to choose a password (Django's password reset token)."""
    from django.contrib.auth.tokens import default_token_generator
    from django.utils.encoding import force_bytes
    from django.utils.http import urlsafe_base64_encode

    path = reverse(
        "accounts:password_reset_confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    return tenancy.base_url() + path


@in_default_language
def staff_invite(
    *, actor, email: str, full_name: str, role: str, regency=None, agency=None, kim=None
) -> RoleAssignment:
    """Give a person a role, creating their account when needed, and email them a link to sign in.

    Agency roles are scoped to ``agency``, the pengurus role to ``kim``; every other staff role to
    ``regency``. Someone who has not chosen a password yet (or whose first link expired) receives a
    new password link. A role the person already holds is refused (nothing is sent).
    """
    from jembatan.accounts.roles import AGENCY_ROLES, KIM_ROLES, STAFF_ROLES

    if role not in STAFF_ROLES | KIM_ROLES:
        raise DomainError(_("Choose a staff role."))
    if role in AGENCY_ROLES:
        if agency is None:
            raise DomainError(_("Choose the agency of this officer."))
        regency = kim = None
    elif role in KIM_ROLES:
        if kim is None:
            raise DomainError(_("Choose the KIM of this officer."))
        regency = agency = None
    else:
        if regency is None:
            raise DomainError(_("Choose the region of this role."))
        agency = kim = None
    email = User.objects.normalize_email(email).lower()
    with transaction.atomic():
        user = User.objects.select_for_update().filter(email__iexact=email).first()
        created = user is None
        if created:
            user = User.objects.create_user(
                email=email, password=None, full_name=full_name, email_confirmed_at=timezone.now()
            )
            audit_record(
                actor=actor, verb=AccountVerb.USER_INVITED, obj=user, after={"email": email, "full_name": full_name}
            )
        if RoleAssignment.objects.filter(user=user, role=role, regency=regency, kim=kim, agency=agency).exists():
            raise DomainError(
                _("%(name)s already holds this role; nothing was changed or sent.") % {"name": user.full_name}
            )
        assignment = role_grant(actor=actor, user=user, role=role, regency=regency, agency=agency, kim=kim)
        needs_password = not user.has_usable_password()
        login_link = tenancy.base_url() + reverse("accounts:login")
        link = password_setup_link(user) if needs_password else login_link
        template = "accounts.role_granted" if needs_password else "accounts.role_granted_sign_in"
        values = {"name": user.full_name, "role": Role(role).label, "site": settings.SITE_NAME, "link": link}
        send_email(template, to=user.email, values=values)
    return assignment


def two_factor_reset(*, actor, user: User) -> None:
    """Remove a staff member's authenticator and recovery codes (a lost phone): they enrol again at the
    next sign-in, with their password. Audited; an administrator cannot reset their own."""
    if actor is not None and actor.pk == user.pk:
        raise DomainError(_("You cannot reset your own second step here; use “My account”."))
    with transaction.atomic():
        locked = User.objects.select_for_update().get(pk=user.pk)
        removed = TOTPDevice.objects.filter(user=locked).delete()[0]
        StaticDevice.objects.filter(user=locked).delete()
        audit_record(
            actor=actor, verb=AccountVerb.USER_TWO_FACTOR_RESET, obj=locked, before={"authenticators": removed}
        )
