"""The clocks' jobs: recompute after a calendar change, close answered reports nobody replied to,
and escalate overdue ones (``aspirations.clocks`` declares the clocks)."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from jembatan.aspirations.clocks import CLOCKS
from jembatan.aspirations.models import Aspiration, AspirationStatus
from jembatan.aspirations.services.contact import _notify
from jembatan.aspirations.services.workflow import _transition
from jembatan.aspirations.verbs import AspirationVerb
from jembatan.cases import tracking
from jembatan.cases.clocks import escalate_overdue
from jembatan.core.errors import TransitionNotAllowed
from jembatan.core.i18n import in_default_language
from jembatan.core.workdays import WorkingCalendar
from jembatan.notifications.api import send_email

S = AspirationStatus


def aspiration_deadlines_recompute(regency_code: str) -> int:
    """After a regency's calendar change: recompute its open reports' deadlines. Returns how many changed."""
    return CLOCKS.recompute(
        Aspiration.objects.filter(regency_id=regency_code),
        verb=AspirationVerb.DEADLINES_RECOMPUTED,
        calendar=WorkingCalendar.load(regency_code),
    )


@in_default_language
def aspiration_auto_close_due(*, today: datetime.date | None = None) -> int:
    """Close answered reports whose reporter did not reply within 10 working days."""
    today = today or timezone.localdate()
    clock = CLOCKS["close"]

    def close(pk: int) -> bool:
        try:
            closed_report = _transition(
                aspiration=Aspiration(pk=pk),
                action=clock.on_expiry,
                actor=None,
                note=_("Closed automatically: no reply within 10 working days of the answer."),
            )
        except TransitionNotAllowed:
            return False
        with transaction.atomic():
            _notify(
                closed_report,
                _("Report closed: %(code)s") % {"code": closed_report.code},
                _("The report was closed because there was no reply within 10 working days of the answer."),
            )
        return True

    return CLOCKS.expire(Aspiration, clock.name, today, close)


def overdue_filter(today: datetime.date):
    return CLOCKS.overdue_q(today)


@in_default_language
def aspiration_escalate_overdue(*, today: datetime.date | None = None) -> int:
    """Tell the agency head and the administrators about overdue reports, once a day per report."""
    from jembatan.accounts.models import User
    from jembatan.accounts.roles import Role

    def send(aspiration: Aspiration) -> set[str]:
        regency = aspiration.regency_id
        recipients = set(
            User.objects.filter(
                role_assignments__role=Role.ADMIN, role_assignments__regency_id=regency, is_active=True
            ).values_list("email", flat=True)
        )
        if aspiration.agency and aspiration.agency.email and aspiration.status == S.DIDISPOSISIKAN:
            recipients.add(aspiration.agency.email)
        link = tracking.absolute(reverse("aspirations:staff_detail", kwargs={"code": aspiration.code}))
        values = {"code": aspiration.code, "title": aspiration.public_title, "link": link}
        for email in sorted(recipients):
            send_email("aspirations.overdue", to=email, values=values)
        return recipients

    return escalate_overdue(
        Aspiration.objects.select_related("agency", "village__district"),
        clocks=CLOCKS, today=today or timezone.localdate(), verb=AspirationVerb.ESCALATED, send=send,
    )  # fmt: skip
