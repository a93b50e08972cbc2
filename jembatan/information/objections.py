"""Objections (keberatan) and the Komisi Informasi path (UU KIP Art. 35–37; DOMAIN.md §3.3).

A requester objects within **30 working days** of the answer (or of the day the answer was due and did not
come), on one or more of the grounds (a)–(g) of Art. 35 that fit what happened. The atasan PPID answers
within **30 working days**. After that answer (or when it does not come in time) the requester has **14
working days** to take the dispute to the Komisi Informasi; the PPID records the KI's steps (registration,
mediation, adjudication, decision) with the dates of the KI's letters.
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jembatan.cases import tracking
from jembatan.cases.clocks import Clock, Clocks
from jembatan.core.audit import audit_record, snapshot
from jembatan.core.errors import DomainError
from jembatan.core.i18n import in_default_language, long_date
from jembatan.core.workflow import Transition, Workflow
from jembatan.information.models import (
    Decision,
    InformationRequest,
    Objection,
    ObjectionDecision,
    ObjectionEvent,
    ObjectionGround,
    ObjectionStatus,
    RequestStatus,
)
from jembatan.information.verbs import ObjectionVerb

S = ObjectionStatus
G = ObjectionGround
FILING_DAYS = 30
DECISION_DAYS = 30
DISPUTE_DAYS = 14

CLOCKS = Clocks(
    Clock("decision", starts="received_at", days=DECISION_DAYS, due="decision_due", runs_in=frozenset({S.DIAJUKAN}),
          label=gettext_lazy("Atasan PPID's answer")),
    Clock("dispute", starts="decided_at", days=DISPUTE_DAYS, due="dispute_due", runs_in=frozenset({S.DIPUTUS}),
          on_expiry="none", label=gettext_lazy("Taking it to the Komisi Informasi")),
)  # fmt: skip
AUDITED = ["status", "grounds", "decision", "decision_text", "decision_due", "dispute_due", "ki_registered_on",
           "ki_mediation_on", "ki_adjudication_on", "ki_decided_on", "ki_decision"]  # fmt: skip


def _t(name: str, sources: set, target: str, stamp: str = "") -> Transition:
    return Transition(name, frozenset(sources), target, verb=ObjectionVerb(f"objection.{name}"), stamp=stamp)


def _before_save(objection: Objection, transition: Transition, now) -> None:
    CLOCKS.apply(objection)


def _record(objection: Objection, transition: Transition, actor, note: str, public_note: bool) -> None:
    ObjectionEvent.objects.create(objection=objection, status=objection.status, note=note, public=public_note)


WORKFLOW = Workflow(
    model=Objection,
    transitions=[
        _t("decide", {S.DIAJUKAN}, S.DIPUTUS, stamp="decided_at"),
        _t("take_to_ki", {S.DIAJUKAN, S.DIPUTUS}, S.SENGKETA, stamp="dispute_filed_at"),
        _t("ki_step", {S.SENGKETA}, S.SENGKETA),
        _t("ki_decide", {S.SENGKETA}, S.SELESAI),
    ],
    refused=gettext_lazy("This objection is “%(status)s”: that step is not possible now."),
    audited=AUDITED,
    initial=S.DIAJUKAN,
    before_save=_before_save,
    record=_record,
)


def filing_deadline(request: InformationRequest) -> datetime.date | None:
    """The last day to object: 30 working days after the answer, or after the day it was due and did not
    come; ``None`` while the request is still within its answer period (nothing to object to yet)."""
    from jembatan.information.clocks import CLOCKS as REQUEST_CLOCKS

    calendar = REQUEST_CLOCKS.calendar(request)
    if request.answered_at:
        return calendar.add_working_days(timezone.localdate(request.answered_at), FILING_DAYS)
    waiting = request.status in (RequestStatus.DITERIMA, RequestStatus.DIPERPANJANG)
    if waiting and request.answer_due and timezone.localdate() > request.answer_due:
        return calendar.add_working_days(request.answer_due, FILING_DAYS)
    return None


def _check_grounds(request: InformationRequest, grounds: list[str]) -> list[str]:
    """The grounds, each checked against what happened to the request; a refusal names what does not fit."""
    grounds = sorted(set(grounds))
    if not grounds or any(g not in G.values for g in grounds):
        raise DomainError(_("Choose at least one ground for the objection (UU KIP Art. 35, a to g)."), code="grounds")
    answered = request.answered_at is not None
    overdue = not answered and request.answer_due is not None and timezone.localdate() > request.answer_due
    late = answered and request.answer_due is not None and timezone.localdate(request.answered_at) > request.answer_due
    fits = {
        G.A: request.decision in (Decision.DITOLAK, Decision.SEBAGIAN),
        G.B: answered or overdue,
        G.C: overdue,
        G.D: answered,
        G.E: answered and request.decision != Decision.DIKABULKAN or overdue,
        G.F: answered and request.fee > 0,
        G.G: late or overdue,
    }
    wrong = [g for g in grounds if not fits[G(g)]]
    if wrong:
        labels = "; ".join(str(G(g).label) for g in wrong)
        raise DomainError(_("These grounds do not fit what happened to the request: %(grounds)s.") % {"grounds": labels},
                          code="grounds")  # fmt: skip
    return grounds


@in_default_language
def objection_file(*, request: InformationRequest, grounds: list[str], reason: str, actor=None) -> Objection:
    """File an objection to a request; refused (nothing stored) when it is too early, too late, or a ground
    does not fit."""
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("Write why you object."), code="reason")
    deadline = filing_deadline(request)
    if deadline is None:
        raise DomainError(_("The request is still within its answer period: an objection can be filed once it is "
                            "answered or its due date has passed."), code="too_early")  # fmt: skip
    if timezone.localdate() > deadline:
        raise DomainError(_("The period to object ended on %(date)s (30 working days).") % {"date": long_date(deadline)},
                          code="too_late")  # fmt: skip
    grounds = _check_grounds(request, grounds)
    with transaction.atomic():
        now = timezone.now()
        objection = Objection(
            secret_salt=tracking.new_salt(), request=request, regency_id=request.regency_id, grounds=grounds,
            reason=reason, received_at=now,
        )  # fmt: skip
        WORKFLOW.set_initial(objection)
        CLOCKS.apply(objection)
        objection.save()
        tracking.assign_code(objection)
        ObjectionEvent.objects.create(objection=objection, status=objection.status)
        audit_record(actor=actor, verb=ObjectionVerb.FILED, obj=objection, after=snapshot(objection, AUDITED))
    return objection


def objection_decide(*, actor, objection: Objection, decision: str, text: str) -> Objection:
    """The atasan PPID's written answer: only someone holding that role decides."""
    from jembatan.accounts.permissions import has_role
    from jembatan.accounts.roles import Role

    if not has_role(actor, Role.ATASAN_PPID):
        raise DomainError(_("Only the atasan PPID decides an objection."), code="not_atasan")
    if decision not in ObjectionDecision.values:
        raise DomainError(_("Choose the decision."), code="decision")
    text = (text or "").strip()
    if not text:
        raise DomainError(_("Write the atasan PPID's answer."), code="text")
    return WORKFLOW.perform("decide", objection, actor=actor, changes={"decision": decision, "decision_text": text},
                            note=text)  # fmt: skip


def objection_take_to_ki(*, actor, objection: Objection) -> Objection:
    """The requester takes the dispute to the Komisi Informasi: within 14 working days of the atasan's
    answer, or once that answer is late."""
    today = timezone.localdate()
    if objection.status == S.DIAJUKAN and (objection.decision_due is None or today <= objection.decision_due):
        raise DomainError(_("The atasan PPID may still answer until %(date)s.") % {"date": long_date(objection.decision_due)},
                          code="too_early")  # fmt: skip
    if objection.status == S.DIPUTUS and objection.dispute_due and today > objection.dispute_due:
        raise DomainError(_("The period to take it to the Komisi Informasi ended on %(date)s (14 working days).")
                          % {"date": long_date(objection.dispute_due)}, code="too_late")  # fmt: skip
    return WORKFLOW.perform("take_to_ki", objection, actor=actor)


KI_STEPS = ("ki_registered_on", "ki_mediation_on", "ki_adjudication_on", "ki_decided_on")


def objection_ki_record(*, actor, objection: Objection, step: str, on: datetime.date, decision: str = "") -> Objection:
    """Record a step of the Komisi Informasi with the date of its letter: never in the future, never before
    the dispute was taken there or before an earlier step."""
    if step not in KI_STEPS:
        raise DomainError(_("Choose the step of the Komisi Informasi."), code="step")
    if on > timezone.localdate():
        raise DomainError(_("The date cannot be in the future."), code="future")
    filed = timezone.localdate(objection.dispute_filed_at) if objection.dispute_filed_at else None
    earlier = [d for d in (filed, *(getattr(objection, s) for s in KI_STEPS[: KI_STEPS.index(step)])) if d]
    if earlier and on < max(earlier):
        raise DomainError(_("This date is before an earlier step of the dispute."), code="order")
    if step == "ki_decided_on":
        decision = (decision or "").strip()
        if not decision:
            raise DomainError(_("Write the Komisi Informasi's decision."), code="decision")
        return WORKFLOW.perform("ki_decide", objection, actor=actor, changes={"ki_decided_on": on, "ki_decision": decision},
                                note=decision)  # fmt: skip
    return WORKFLOW.perform("ki_step", objection, actor=actor, changes={step: on})
