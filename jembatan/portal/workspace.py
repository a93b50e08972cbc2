"""The staff workspace at /staf/: each role sees its own queues."""

from __future__ import annotations

from django.shortcuts import redirect, render
from django.urls import path

from jembatan.accounts.permissions import AUTHENTICATED, has_role, is_staff_member, kims_for, require_access
from jembatan.accounts.roles import Role
from jembatan.communities import permissions as kim_access
from jembatan.communities.models import Kim, KimStatus
from jembatan.communities.selectors import coverage_for_regency, kim_staff_list, kim_status_counts


@require_access(AUTHENTICATED)
def home(request):
    user = request.user
    if not (is_staff_member(user) or has_role(user, Role.PENGURUS_KIM)):
        return redirect("accounts:account")
    context: dict = {"sections": []}
    viewer_regencies = kim_access.viewer_regencies(user)
    if viewer_regencies:
        context["counts"] = kim_status_counts(regency_codes=viewer_regencies)
        context["coverages"] = [coverage_for_regency(regency_code=code) for code in sorted(viewer_regencies)]
    if kim_access.admin_regencies(user):
        regencies = kim_access.admin_regencies(user)
        context["to_verify"] = list(kim_staff_list(regency_codes=regencies, status=KimStatus.DIAJUKAN)[:20])
        context["to_legalise"] = list(kim_staff_list(regency_codes=regencies, status=KimStatus.DIVERIFIKASI)[:20])
        context["to_activate"] = list(kim_staff_list(regency_codes=regencies, status=KimStatus.DIKUKUHKAN)[:20])
        context["lapsed"] = list(kim_staff_list(regency_codes=regencies, status=KimStatus.TIDAK_AKTIF)[:20])
        context["is_admin"] = True
    my_kims = kims_for(user)
    if my_kims:
        context["my_kims"] = list(Kim.objects.filter(pk__in=my_kims).select_related("village__district"))
    from django.utils import timezone

    from jembatan.accounts.permissions import agencies_for
    from jembatan.aspirations import selectors as aspiration_selectors
    from jembatan.aspirations.models import AspirationStatus

    today = timezone.localdate()
    if viewer_regencies:
        queue = aspiration_selectors.aspiration_staff_queue(regency_codes=viewer_regencies)
        context["aspirations_new"] = queue.filter(status=AspirationStatus.BARU).count()
        context["aspirations_overdue"] = aspiration_selectors.overdue_count(regency_codes=viewer_regencies, today=today)
    if agencies_for(user):
        queue = aspiration_selectors.aspiration_staff_queue(agency_ids=agencies_for(user))
        context["aspirations_for_agency"] = queue.filter(status=AspirationStatus.DIDISPOSISIKAN).count()
        context["aspirations_agency_overdue"] = queue.filter(
            status=AspirationStatus.DIDISPOSISIKAN, answer_due__lt=today
        ).count()
    context["is_opd"] = has_role(user, Role.PETUGAS_OPD)
    context["is_ppid"] = has_role(user, Role.PPID, Role.ATASAN_PPID)
    from django.conf import settings

    from jembatan.accounts.permissions import regencies_for
    from jembatan.newsroom.selectors import desk_counts
    from jembatan.syndication.selectors import entry_queue

    context["is_editor"] = settings.JEMBATAN_REGENCY in regencies_for(user, Role.ADMIN, Role.EDITOR)
    if context["is_editor"]:
        context["newsroom_counts"] = desk_counts(regency_code=settings.JEMBATAN_REGENCY)
        context["feed_queue"] = entry_queue(regency_code=settings.JEMBATAN_REGENCY).count()
    return render(request, "portal/workspace.html", context)


app_name = "workspace"
urlpatterns = [path("", home, name="home")]
