"""The messages of aspirations and complaints (``notifications.catalogue``).

The update templates frame a sentence the service writes for each step (``((message))``): the
wording of each step lives with its transition, the greeting, links and code around it here.
"""

from django.utils.translation import gettext_lazy as _

from jembatan.notifications.catalogue import MessageTemplate

LINK = "https://kim.example.go.id/aspirasi/ASP-2026-000123/…"
CODE = "ASP-2026-000123"

TEMPLATES = (
    MessageTemplate(
        key="aspirations.reporter_update",
        label=_("Report: news for the reporter"),
        placeholders=("subject", "message", "link", "code"),
        subject=_("((subject))"),
        body=_("((message))\n\nFollow the report: ((link))\n\nTracking code: ((code))"),
        example={
            "subject": "Laporan diterima: " + CODE,
            "message": "Laporan Anda sudah kami terima.",
            "link": LINK,
            "code": CODE,
        },  # fmt: skip
    ),
    MessageTemplate(
        key="aspirations.follower_update",
        label=_("Report: news for a follower"),
        placeholders=("subject", "code", "status", "link", "unsubscribe"),
        subject=_("((subject))"),
        body=_(
            "The report ((code)) you follow has news: ((status)).\n\nSee it here: ((link))\n\n"
            "To stop following it: ((unsubscribe))"
        ),
        example={
            "subject": "Laporan selesai: " + CODE,
            "code": CODE,
            "status": "Selesai",
            "link": LINK,
            "unsubscribe": LINK,
        },  # fmt: skip
    ),
    MessageTemplate(
        key="aspirations.follow_confirm",
        label=_("Report: confirm following"),
        placeholders=("code", "link"),
        subject=_("Confirm that you follow ((code))"),
        body=_(
            "Someone (probably you) asked to receive by email the updates of the report ((code)).\n\n"
            "To confirm, open: ((link))\n\nIf it was not you, ignore this email: nothing more will be sent."
        ),
        example={"code": CODE, "link": LINK},
    ),
    MessageTemplate(
        key="aspirations.private_link",
        label=_("Report: the private link again"),
        placeholders=("code", "link"),
        subject=_("Your private link for ((code))"),
        body=_("Here is the private link to your report ((code)) again:\n\n((link))"),
        example={"code": CODE, "link": LINK},
    ),
    MessageTemplate(
        key="aspirations.agency_notice",
        label=_("Report: notice to the agency"),
        placeholders=("subject", "message", "link"),
        subject=_("((subject))"),
        body=_("((message))\n\nOpen the report: ((link))"),
        example={
            "subject": "Laporan baru untuk instansi Anda: " + CODE,
            "message": "Ada laporan baru.",
            "link": LINK,
        },  # fmt: skip
    ),
    MessageTemplate(
        key="aspirations.overdue",
        label=_("Report: past its deadline"),
        placeholders=("code", "title", "link"),
        subject=_("Overdue report ((code))"),
        body=_("The report ((code)) (“((title))”) is past its deadline. Handle it here: ((link))"),
        example={"code": CODE, "title": "Lampu jalan mati", "link": LINK},
    ),
)
