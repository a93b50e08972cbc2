"""The messages of public information requests (``notifications.catalogue``): one template frames the
sentence each step writes (received with its number and due date, clarification asked, extended,
answered, lapsed)."""

from django.utils.translation import gettext_lazy as _

from jembatan.notifications.catalogue import MessageTemplate

NUMBER = "PPID-2026-000123"

TEMPLATES = (
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
