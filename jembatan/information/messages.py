"""The messages of public information requests (``notifications.catalogue``): one template frames the
sentence each step writes (received with its number and due date, clarification asked, extended,
answered, lapsed)."""

from django.utils.translation import gettext_lazy as _

from jembatan.notifications.catalogue import MessageTemplate

NUMBER = "PPID-2026-000123"

STAFF_LINK = "https://kim.example.go.id/staf/informasi/" + NUMBER + "/"

TEMPLATES = (
    MessageTemplate(
        key="information.staff_reminder",
        label=_("Information request: reminder to the PPID"),
        placeholders=("number", "days", "due", "link"),
        subject=_("((number)): ((days)) working days since receipt"),
        body=_(
            "The information request ((number)) was received ((days)) working days ago and is not answered yet. "
            "The answer is due by ((due)).\n\n((link))"
        ),
        example={"number": NUMBER, "days": "7", "due": "16 November 2026", "link": STAFF_LINK},
    ),
    MessageTemplate(
        key="information.routed",
        label=_("Information request: passed to a PPID"),
        placeholders=("number", "message", "due", "link"),
        subject=_("Information request ((number)) for you"),
        body=_(
            "((message))\n\nThe answer is due by ((due)); the period runs on from the day it was received.\n\n((link))"
        ),
        example={
            "number": NUMBER,
            "message": "Diteruskan ke PPID Dinas Kesehatan.",
            "due": "16 November 2026",
            "link": STAFF_LINK,
        },  # fmt: skip
    ),
    MessageTemplate(
        key="information.overdue",
        label=_("Information request: overdue, to the atasan PPID"),
        placeholders=("number", "due", "link"),
        subject=_("Overdue: information request ((number))"),
        body=_(
            "The information request ((number)) was due by ((due)) and is not answered. The requester may now "
            "object (UU KIP Art. 35 (c)).\n\n((link))"
        ),
        example={"number": NUMBER, "due": "16 November 2026", "link": STAFF_LINK},
    ),
    MessageTemplate(
        key="information.requester_update",
        label=_("Information request: news for the requester"),
        placeholders=("subject", "message", "number", "link"),
        subject=_("((subject))"),
        body=_(
            "((message))\n\nRegistration number: ((number))\nYour request, the answer and the objection form: ((link))"
        ),
        example={
            "subject": "Permohonan informasi diterima: " + NUMBER,
            "message": "Permohonan Anda kami terima pada 2 November 2026. Jawaban paling lambat 16 November 2026.",
            "number": NUMBER,
            "link": "https://kim.example.go.id/informasi/permohonan/" + NUMBER + "/…",
        },  # fmt: skip
    ),
)
