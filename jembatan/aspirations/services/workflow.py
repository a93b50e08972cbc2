"""The report's workflow: every status change is a transition of ``WORKFLOW`` (``core.workflow``).

The engine locks the report, checks the allowed source states, stamps the milestone, sets the due
dates of the clocks (``aspirations.clocks``), adds a timeline event and writes an audit row.
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jembatan.aspirations.clocks import CLOCKS
from jembatan.aspirations.models import Aspiration, AspirationStatus, Event
from jembatan.aspirations.verbs import AspirationVerb
from jembatan.core.audit import audit_record, snapshot
from jembatan.core.cache import bump_public_cache
from jembatan.core.errors import TransitionNotAllowed
from jembatan.core.workflow import Transition, Workflow

S = AspirationStatus
AUDITED = [
    "status", "category_id", "agency_id", "privacy", "public_title", "public_description", "answer", "closing_note",
    "answer_rejected_reason", "rating", "duplicate_of_id", "verify_due", "answer_due", "close_due",
]  # fmt: skip


def _regency_admin(user, aspiration: Aspiration) -> bool:
    from jembatan.aspirations.permissions import admin_regencies

    return aspiration.regency_id in admin_regencies(user)


def _agency_officer(user, aspiration: Aspiration) -> bool:
    from jembatan.accounts.permissions import agencies_for

    return aspiration.agency_id is not None and aspiration.agency_id in agencies_for(user)


def _nobody_on_staff(user, aspiration: Aspiration) -> bool:
    return False  # the reporter (by the private link) or the scheduler, never a staff button


def _t(name: str, sources: set, target: str, stamp: str = "", permission=_regency_admin) -> Transition:
    verb = AspirationVerb(f"aspiration.{name}")
    return Transition(name, frozenset(sources), target, verb=verb, stamp=stamp, permission=permission)


def _aspiration_before_save(aspiration: Aspiration, transition: Transition, now: datetime.datetime) -> None:
    calendar = CLOCKS.calendar(aspiration)
    if transition.name == "answer" and aspiration.disposed_at and aspiration.answer_working_days is None:
        # The first answer counts for the agency's figures; a second round after the reporter
        # sent it back does not reset the clock.
        elapsed = calendar.working_days_between(
            timezone.localdate(aspiration.disposed_at), timezone.localdate(aspiration.answered_at)
        )
        aspiration.answer_working_days = max(elapsed, 0)
    CLOCKS.apply(aspiration, calendar)


def _aspiration_counts(aspiration: Aspiration, transition: Transition, before: dict) -> None:
    """The agency figures' counts, when this transition changed the report's agency or its answer time."""
    from jembatan.aspirations.figures import refresh_agencies

    if before.get("agency_id") != aspiration.agency_id or transition.name == "answer":
        refresh_agencies([before.get("agency_id"), aspiration.agency_id])


def _aspiration_record(aspiration: Aspiration, transition: Transition, actor, note: str, public: bool) -> None:
    Event.objects.create(aspiration=aspiration, status=transition.target, note=note, public=public)


WORKFLOW = Workflow(
    model=Aspiration,
    initial=S.BARU,
    refused=gettext_lazy("This action is not possible while the report is “%(status)s”."),
    audited=AUDITED,
    before_save=_aspiration_before_save,
    after_save=_aspiration_counts,
    record=_aspiration_record,
    on_commit=(lambda aspiration: bump_public_cache(),),
    transitions=[
        _t("verify", {S.BARU}, S.TERVERIFIKASI, "verified_at"),
        _t("dispose", {S.TERVERIFIKASI}, S.DIDISPOSISIKAN, "disposed_at"),
        _t("answer", {S.DIDISPOSISIKAN}, S.DITINDAKLANJUTI, "answered_at", permission=_agency_officer),
        _t("accept", {S.DITINDAKLANJUTI}, S.SELESAI, "closed_at", permission=_nobody_on_staff),
        _t("auto_close", {S.DITINDAKLANJUTI}, S.SELESAI, "closed_at", permission=_nobody_on_staff),
        _t("reject_answer", {S.DITINDAKLANJUTI}, S.DIDISPOSISIKAN, "disposed_at", permission=_nobody_on_staff),
        _t("return_to_admin", {S.DIDISPOSISIKAN}, S.TERVERIFIKASI, permission=_agency_officer),
        _t("reject", {S.BARU, S.TERVERIFIKASI}, S.DITOLAK, "closed_at"),
        _t("not_competent", {S.BARU, S.TERVERIFIKASI}, S.BUKAN_WEWENANG, "closed_at"),
        _t("duplicate", {S.BARU, S.TERVERIFIKASI}, S.DUPLIKAT, "closed_at"),
    ],
)
# action: (allowed sources, target, milestone field or "")
TRANSITIONS = WORKFLOW.table()


def _transition(
    *,
    aspiration: Aspiration,
    action: str,
    actor,
    changes: dict | None = None,
    note: str = "",
    public_note: bool = True,
    expect_agency_id: int | None = None,
    guard=None,
    lock_also=(),
) -> Aspiration:
    """Apply ``action``. ``expect_agency_id``: the agency the actor answers for; checked under the lock,
    so an officer cannot act on a report that was routed elsewhere since they opened it."""

    def checks(locked: Aspiration, related: dict) -> None:
        if expect_agency_id is not None and locked.agency_id != expect_agency_id:
            raise TransitionNotAllowed(_("This report is no longer with your agency."))
        if guard is not None:
            guard(locked, related)

    return WORKFLOW.perform(
        action, aspiration, actor=actor, changes=changes, guard=checks, lock_also=lock_also, note=note,
        public_note=public_note,
    )  # fmt: skip


def _set_fields(
    *, aspiration: Aspiration, values: dict, verb: AspirationVerb, actor, actor_label: str | None = None, check=None
) -> Aspiration:
    """Change fields that are not a status (privacy, rating) under the lock, with an audit row; no-op when unchanged."""
    with transaction.atomic():
        locked = Aspiration.objects.select_for_update().get(pk=aspiration.pk)
        if check is not None:
            check(locked)
        if all(getattr(locked, key) == value for key, value in values.items()):
            return locked
        before = snapshot(locked, list(values))
        for key, value in values.items():
            setattr(locked, key, value)
        locked.save(update_fields=[*values, "updated_at"])
        audit_record(
            actor=actor,
            verb=verb,
            obj=locked,
            before=before,
            after=snapshot(locked, list(values)),
            actor_label=actor_label,
        )
        transaction.on_commit(bump_public_cache)
    return locked
