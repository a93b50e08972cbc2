"""Access helpers. Views, APIs and selectors ask these; nothing else decides who may do what."""

from __future__ import annotations

import functools
from dataclasses import dataclass

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from jembatan.accounts.roles import STAFF_ROLES, WARGA, Role
from jembatan.core import tenancy

PUBLIC = "public"
AUTHENTICATED = "authenticated"
SUPERUSER = "superuser"


@dataclass(frozen=True)
class Grant:
    """A role as held: ``regency_id`` is the regency it is for (a province role yields one grant per
    regency of the province, with ``province_id`` set); ``scope_regency`` is the regency of the thing the
    grant is scoped to (the regency itself, or the KIM's or the agency's)."""

    role: str
    regency_id: str | None
    kim_id: int | None
    agency_id: int | None
    scope_regency: str | None = None
    province_id: str | None = None


def grants(user) -> list[Grant]:
    """The roles a user holds, loaded once per request and kept on the user object."""
    if not getattr(user, "is_authenticated", False):
        return []
    cached = getattr(user, "_jembatan_grants", None)
    if cached is None:
        rows = list(
            user.role_assignments.values_list(
                "role", "regency_id", "kim_id", "agency_id", "kim__regency_id", "agency__regency_id", "province_id"
            )
        )
        cached = [
            Grant(role, regency_id, kim_id, agency_id, regency_id or kim_regency or agency_regency)
            for role, regency_id, kim_id, agency_id, kim_regency, agency_regency, province_id in rows
            if province_id is None
        ]
        if any(row[-1] for row in rows):
            cached += [
                Grant(role, code, None, None, code, province_id)
                for role, province_id, code in user.role_assignments.filter(province__isnull=False).values_list(
                    "role", "province_id", "province__regencies__code"
                )
                if code
            ]
        user._jembatan_grants = cached
    return cached


def role_names(user) -> set[str]:
    names = {grant.role for grant in grants(user)}
    if getattr(user, "is_authenticated", False):
        names.add(WARGA)
    return names


def has_role(user, *roles: str) -> bool:
    return bool(role_names(user) & set(roles))


def is_staff_member(user) -> bool:
    return getattr(user, "is_superuser", False) or has_role(user, *STAFF_ROLES)


def has_authenticator(user) -> bool:
    cached = getattr(user, "_jembatan_has_totp", None)
    if cached is None:
        from django_otp.plugins.otp_totp.models import TOTPDevice

        cached = TOTPDevice.objects.filter(user=user, confirmed=True).exists()
        user._jembatan_has_totp = cached
    return cached


def needs_second_factor(user) -> bool:
    """Staff always; anyone else who chose to set up an authenticator app, too."""
    if not getattr(user, "is_authenticated", False):
        return False
    return is_staff_member(user) or has_authenticator(user)


def regencies_for(user, *roles: str) -> set[str]:
    """The current site's regency when ``user`` holds one of ``roles`` for it (or for its province).

    A site shows one regency: a role held for another regency (or a KIM or agency of another regency)
    opens nothing here, however many regencies share the installation.
    """
    site = tenancy.regency_code()
    return {site} if any(g.role in roles and g.regency_id == site for g in grants(user)) else set()


def province_regencies_for(user, *roles: str) -> set[str]:
    """Every regency ``user`` may read through a province-scoped role among ``roles`` (across sites)."""
    return {g.regency_id for g in grants(user) if g.role in roles and g.province_id and g.regency_id}


def kims_for(user) -> set[int]:
    site = tenancy.regency_code()
    return {g.kim_id for g in grants(user) if g.role == Role.PENGURUS_KIM and g.kim_id and g.scope_regency == site}


def agencies_for(user, role: str = Role.PETUGAS_OPD) -> set[int]:
    """The agencies of this site for which ``user`` holds ``role`` (an agency role)."""
    site = tenancy.regency_code()
    return {g.agency_id for g in grants(user) if g.role == role and g.agency_id and g.scope_regency == site}


def can_administer_regency(user, regency_code: str) -> bool:
    return regency_code in regencies_for(user, Role.ADMIN)


def can_view_regency_dashboards(user, regency_code: str) -> bool:
    return regency_code in regencies_for(user, Role.ADMIN, Role.EDITOR, Role.PIMPINAN)


def access_instance_regency(user, *roles: str) -> str:
    """The regency this instance serves, if ``user`` holds one of ``roles`` there; otherwise 404.

    Instance-wide staff pages (audit log, calendar, agencies, rules, people) call this, so a role held
    for another regency of a multi-regency installation opens nothing here.
    """
    from django.http import Http404

    code = tenancy.regency_code()
    if code not in regencies_for(user, *roles):
        raise Http404
    return code


def require_access(*roles: str, second_factor: bool = True):
    """Declare who may open a view. The URL authorization test reads ``view.access_roles``.

    ``require_access(PUBLIC)``: anyone. ``require_access(AUTHENTICATED)``: any signed-in person.
    ``require_access(Role.ADMIN, ...)``: a signed-in person holding one of the roles (scope is then
    checked by the view through the helpers above). Staff roles also need a verified second factor:
    this decorator sends them to the second step first. Only the views that *are* that second step
    pass ``second_factor=False`` (otherwise they would redirect to themselves forever).
    """

    def decorator(view):
        @functools.wraps(view)
        def wrapper(request, *args, **kwargs):
            if PUBLIC in roles:
                return view(request, *args, **kwargs)
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if AUTHENTICATED in roles or has_role(request.user, *roles):
                if second_factor and needs_second_factor(request.user) and not request.user.is_verified():
                    return redirect_to_login(request.get_full_path(), "accounts:two_factor")
                return view(request, *args, **kwargs)
            raise PermissionDenied(_("You do not have access to this page."))

        wrapper.access_roles = frozenset(str(r) for r in roles)
        wrapper.requires_second_factor = second_factor and PUBLIC not in roles
        return wrapper

    return decorator
