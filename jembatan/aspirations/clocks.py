"""The legal clocks of a report, declared once (``cases.clocks``).

Verification by Diskominfo ≤ 3 working days after receipt, the agency's answer ≤ 5 working days after
it is passed on (escalated when late), and the automatic close 10 working days after an answer the
reporter did not reply to (SP4N-LAPOR! practice). Due dates, the overdue filter, the deadline that
matters now, recomputation after a calendar change and the auto-close job all come from here.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from jembatan.aspirations.models import AspirationStatus as S
from jembatan.cases.clocks import Clock, Clocks

VERIFY_DAYS = 3
ANSWER_DAYS = 5
CLOSE_DAYS = 10

CLOCKS = Clocks(
    Clock(
        "verify", starts="received_at", days=VERIFY_DAYS, due="verify_due",
        runs_in=frozenset({S.BARU, S.TERVERIFIKASI}), label=_("Verification"),
    ),
    Clock(
        "answer", starts="disposed_at", days=ANSWER_DAYS, due="answer_due",
        runs_in=frozenset({S.DIDISPOSISIKAN}), label=_("Agency's answer"),
    ),
    Clock(
        "close", starts="answered_at", days=CLOSE_DAYS, due="close_due",
        runs_in=frozenset({S.DITINDAKLANJUTI}), on_expiry="auto_close", label=_("Automatic close"),
    ),
)  # fmt: skip


def overdue_filter(today):
    return CLOCKS.overdue_q(today)
