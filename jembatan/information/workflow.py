"""The request's workflow: every status change is a transition of ``WORKFLOW`` (``core.workflow``).

The engine locks the request, checks the allowed source states, stamps the milestone, sets the due
dates of the clocks (``information.clocks``), adds a timeline event and writes an audit row.
"""

from __future__ import annotations

import datetime

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jembatan.core.workflow import Transition, Workflow
from jembatan.information.clocks import CLOCKS
from jembatan.information.models import InformationRequest, RequestEvent, RequestStatus
from jembatan.information.verbs import InformationVerb

S = RequestStatus
OPEN = {S.DITERIMA, S.DIPERPANJANG}
AUDITED = [
    "status", "agency_id", "subject", "extension_days", "extension_reason", "clarification_question",
    "clarification_answer", "answer_due", "clarification_due", "decision", "answer", "exemption_ground",
    "consequence_test", "fee", "forwarded_to_id", "forwarded_body",
]  # fmt: skip


def _t(name: str, sources: set, target: str, stamp: str = "") -> Transition:
    return Transition(name, frozenset(sources), target, verb=InformationVerb(f"information.{name}"), stamp=stamp)


def _before_save(request: InformationRequest, transition: Transition, now: datetime.datetime) -> None:
    if transition.name == "answer" and request.answer_working_days is None:
        calendar = CLOCKS.calendar(request)
        # Working days taken, without the days spent waiting for a clarification (the annual report's figure).
        start = timezone.localdate(request.received_at)
        paused = CLOCKS.paused_days("answer", request, calendar)
        taken = calendar.working_days_between(start, timezone.localdate(now)) - paused
        request.answer_working_days = max(taken, 0)
    if transition.target not in OPEN | {S.KLARIFIKASI}:
        request.closed_at = now
    CLOCKS.apply(request, calendar=CLOCKS.calendar(request))


def _record(request: InformationRequest, transition: Transition, actor, note: str, public_note: bool) -> None:
    RequestEvent.objects.create(request=request, status=request.status, note=note, public=public_note)


WORKFLOW = Workflow(
    model=InformationRequest,
    transitions=[
        _t("ask_clarification", OPEN, S.KLARIFIKASI, stamp="clarification_asked_at"),
        _t("clarified", {S.KLARIFIKASI}, S.DITERIMA),
        _t("clarified_extended", {S.KLARIFIKASI}, S.DIPERPANJANG),
        _t("extend", {S.DITERIMA}, S.DIPERPANJANG, stamp="extended_at"),
        _t("answer", OPEN, S.DIJAWAB, stamp="answered_at"),
        _t("forward", OPEN | {S.KLARIFIKASI}, S.DITERUSKAN),
        _t("withdraw", OPEN | {S.KLARIFIKASI}, S.DITARIK),
        _t("lapse", {S.KLARIFIKASI}, S.GUGUR),
    ],
    refused=_("This request is “%(status)s”: that step is not possible now."),
    audited=AUDITED,
    initial=S.DITERIMA,
    before_save=_before_save,
    record=_record,
)
