from django.contrib import admin
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect
from django.urls import include, path, reverse
from django.utils.http import url_has_allowed_host_and_scheme

from jembatan.accounts.urls import staff_urlpatterns as staff_people_patterns
from jembatan.api.api import api
from jembatan.core.registry import url_mounts
from jembatan.portal import workspace


def _superuser_with_second_factor(request) -> bool:
    user = request.user
    return user.is_active and user.is_superuser and user.is_verified()


def _admin_login(request, extra_context=None):
    """The admin has no login form of its own: everyone signs in (with the second factor) at /akun/masuk/."""
    target = request.GET.get("next") or reverse("admin:index")
    if admin.site.has_permission(request):
        return redirect(
            target if url_has_allowed_host_and_scheme(target, {request.get_host()}) else reverse("admin:index")
        )
    return redirect_to_login(target, reverse("accounts:login"))


# The Django admin is for superusers only, and only after the second factor.
admin.site.has_permission = _superuser_with_second_factor
admin.site.login = _admin_login
admin.site.site_header = "Jembatan"

urlpatterns = [
    # First: machines poll the API, and every root mount tried before it costs each request a pattern scan.
    path("api/v1/", api.urls),
    path("", include("jembatan.portal.urls")),
    *(path(mount.prefix, include(mount.module)) for mount in url_mounts() if not mount.prefix),
    path("akun/", include("jembatan.accounts.urls")),
    path("staf/", include(workspace)),
    path("staf/opd/", include("jembatan.agencies.urls")),
    path("staf/daerah/", include("jembatan.regions.urls")),
    path("staf/pengguna/", include((staff_people_patterns, "people"))),
    *(path(mount.prefix, include(mount.module)) for mount in url_mounts() if mount.prefix),
    path("admin/", admin.site.urls),
]

handler400 = "jembatan.core.errors_views.bad_request"
handler403 = "jembatan.core.errors_views.permission_denied"
handler404 = "jembatan.core.errors_views.page_not_found"
handler500 = "jembatan.core.errors_views.server_error"
