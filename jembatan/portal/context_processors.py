from django.conf import settings

from jembatan.accounts.permissions import is_staff_member, role_names
from jembatan.core import tenancy


def site(request):
    user = getattr(request, "user", None)
    return {
        "SITE_NAME": settings.SITE_NAME,
        "ORGANISATION": tenancy.organisation(),
        "has_workspace": bool(user and user.is_authenticated and (is_staff_member(user) or len(role_names(user)) > 1)),
    }
