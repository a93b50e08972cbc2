"""Roles, in one place. A role is held through a RoleAssignment scoped to a regency, a KIM or an agency."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    PENGURUS_KIM = "pengurus_kim", _("KIM officer")
    ADMIN = "admin", _("Diskominfo administrator")
    EDITOR = "editor", _("Diskominfo editor")
    PETUGAS_OPD = "petugas_opd", _("Agency officer")
    # The PPID of an agency (PPID pelaksana): handles the information requests routed to the agency.
    PPID_PELAKSANA = "ppid_pelaksana", _("Agency PPID officer (PPID pelaksana)")
    PPID = "ppid", _("PPID officer")
    ATASAN_PPID = "atasan_ppid", _("PPID superior")
    PIMPINAN = "pimpinan", _("Leadership (read-only)")


# Every signed-in person is a citizen (warga); the roles above are held in addition.
WARGA = "warga"

REGENCY_ROLES = frozenset({Role.ADMIN, Role.EDITOR, Role.PPID, Role.ATASAN_PPID, Role.PIMPINAN})
KIM_ROLES = frozenset({Role.PENGURUS_KIM})
# Read-only roles that may also be held for a whole province: they read every regency of it.
PROVINCE_ROLES = frozenset({Role.PIMPINAN})
AGENCY_ROLES = frozenset({Role.PETUGAS_OPD, Role.PPID_PELAKSANA})

# Staff roles must sign in with a second factor (TOTP) before they reach the staff workspace.
STAFF_ROLES = frozenset(REGENCY_ROLES | AGENCY_ROLES)
