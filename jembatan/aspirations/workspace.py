"""The aspirations panel in the staff workspace (declared in the app's ``Capability``)."""

from __future__ import annotations

from django.utils import timezone

from jembatan.accounts.permissions import agencies_for, has_role, regencies_for
from jembatan.accounts.roles import Role
from jembatan.aspirations import selectors
from jembatan.aspirations.models import AspirationStatus


def queues_panel(user) -> dict | None:
    """The regency's new and overdue reports (administrators, editors, leaders); an agency officer's queue."""
    context: dict = {}
    today = timezone.localdate()
    viewer_regencies = regencies_for(user, Role.ADMIN, Role.EDITOR, Role.PIMPINAN)
    if viewer_regencies:
        queue = selectors.aspiration_staff_queue(regency_codes=viewer_regencies)
        context["aspirations_new"] = queue.filter(status=AspirationStatus.BARU).count()
        context["aspirations_overdue"] = selectors.overdue_count(regency_codes=viewer_regencies, today=today)
    if agencies_for(user):
        queue = selectors.aspiration_staff_queue(agency_ids=agencies_for(user))
        context["aspirations_for_agency"] = queue.filter(status=AspirationStatus.DIDISPOSISIKAN).count()
        context["aspirations_agency_overdue"] = queue.filter(
            status=AspirationStatus.DIDISPOSISIKAN, answer_due__lt=today
        ).count()
    if has_role(user, Role.PETUGAS_OPD):
        context["is_opd"] = True
    return context or None
