from django.contrib import admin
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect
from django.urls import include, path, reverse
from django.utils.http import url_has_allowed_host_and_scheme

from jembatan.accounts.urls import staff_urlpatterns as staff_people_patterns
from jembatan.api.api import api
from jembatan.core import views as core_views
from jembatan.core import workspace


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

core_patterns = (
    [
        path("", core_views.home, name="home"),
        path("healthz", core_views.healthz, name="healthz"),
        path("favicon.ico", core_views.favicon, name="favicon"),
        path("hitung-tenggat/", core_views.deadline_calculator_view, name="deadline_calculator"),
        path("readyz", core_views.readyz, name="readyz"),
        path("bahasa/<str:code>/", core_views.set_language, name="set_language"),
        path("staf/audit/", core_views.audit_view, name="audit"),
        path("staf/kalender/", core_views.calendar_view, name="calendar"),
    ],
    "core",
)

urlpatterns = [
    path("", include(core_patterns)),
    path("", include("jembatan.newsroom.urls")),  # before communities: /kim/berita/ is not a KIM
    path("", include("jembatan.dissemination.urls")),  # before communities: /kim/bagikan/ is not a KIM
    path("", include("jembatan.communities.urls")),
    path("", include("jembatan.aspirations.urls")),
    path("", include("jembatan.search.urls")),
    path("akun/", include("jembatan.accounts.urls")),
    path("staf/", include(workspace)),
    path("staf/opd/", include("jembatan.agencies.urls")),
    path("staf/daerah/", include("jembatan.regions.urls")),
    path("staf/kategori/", include("jembatan.aspirations.routing")),
    path("staf/pengguna/", include((staff_people_patterns, "people"))),
    path("staf/umpan/", include("jembatan.syndication.urls")),
    path("api/v1/", api.urls),
    path("open311/v2/", include("jembatan.aspirations.open311")),
    path("admin/", admin.site.urls),
]

handler400 = "jembatan.core.errors_views.bad_request"
handler403 = "jembatan.core.errors_views.permission_denied"
handler404 = "jembatan.core.errors_views.page_not_found"
handler500 = "jembatan.core.errors_views.server_error"
