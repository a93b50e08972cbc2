"""The messages of the KIM registry (``notifications.catalogue``)."""

from django.utils.translation import gettext_lazy as _

from jembatan.notifications.catalogue import MessageTemplate

TEMPLATES = (
    MessageTemplate(
        key="communities.applicant_update",
        label=_("KIM application: news for the applicant"),
        placeholders=("subject", "message", "link"),
        subject=_("((subject))"),
        body=_("Hello,\n\n((message))\n\nSee your application: ((link))"),
        example={
            "subject": "Pendaftaran KIM diterima",
            "message": "Pendaftaran KIM Anda sudah kami terima.",
            "link": "https://kim.example.go.id/akun/",
        },  # fmt: skip
    ),
    MessageTemplate(
        key="communities.message_relay",
        label=_("A citizen's message to a KIM"),
        placeholders=("name", "kim", "site", "message", "reply_to"),
        subject=_("A message for ((kim)) from ((site))"),
        body=_(
            "((name)) sent a message to ((kim)) through ((site)):\n\n((message))\n\nReply to: ((reply_to))\n\n"
            "(Your own address was not shown to the sender.)"
        ),
        example={
            "name": "Rina",
            "kim": "KIM Bukit Intan",
            "site": "Jembatan",
            "message": "Kapan pertemuan berikutnya?",
            "reply_to": "rina@example.com",
        },  # fmt: skip
    ),
)
