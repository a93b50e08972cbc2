"""The legal clocks of an information request, declared once (``cases.clocks``); DOMAIN.md §3.3.

- The written answer: **10 working days** after receipt (UU KIP Art. 22(7)), **once extended by 7**
  with written reasons (``extension_days``). While the PPID waits for the requester's clarification the
  clock is paused: the working days spent waiting are added, never restarted; sending the request again
  changes nothing (the receipt date is the first one).
- The clarification: the requester answers within ``PPID_CLARIFICATION_WORKING_DAYS`` (the period the
  PPID states in its question; 10 by default), after which the request lapses.
"""

from __future__ import annotations

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from jembatan.cases.clocks import Clock, Clocks
from jembatan.information.models import RequestStatus as S

ANSWER_DAYS = 10
EXTENSION_DAYS = 7


def _history(request) -> list[tuple[str, object]]:
    if request.pk is None:  # a request being stored: no timeline yet
        return []
    return [(event.status, event.created_at) for event in request.events.order_by("created_at", "id")]


CLOCKS = Clocks(
    Clock(
        "answer", starts="received_at", days=ANSWER_DAYS, due="answer_due",
        runs_in=frozenset({S.DITERIMA, S.DIPERPANJANG}), pauses_in=frozenset({S.KLARIFIKASI}),
        extra_days="extension_days", label=_("Written answer"),
    ),
    Clock(
        "clarification", starts="clarification_asked_at", days=settings.PPID_CLARIFICATION_WORKING_DAYS,
        due="clarification_due", runs_in=frozenset({S.KLARIFIKASI}), on_expiry="lapse",
        label=_("Requester's clarification"),
    ),
    history=_history,
)  # fmt: skip
