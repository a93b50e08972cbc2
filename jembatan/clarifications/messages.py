from django.utils.translation import gettext_lazy as _

from jembatan.notifications.catalogue import MessageTemplate

TEMPLATES = (
    MessageTemplate(
        key="clarifications.published",
        label=_("Hoax check: the clarification is published"),
        placeholders=("verdict", "title", "link"),
        subject=_("[((verdict))] ((title))"),
        body=_(
            "The message you asked us to check is clarified: [((verdict))] ((title)).\n\nThe facts: ((link))\n\n"
            "Share the clarification in the group where you received the message."
        ),
        example={
            "verdict": "HOAKS",
            "title": "Bantuan tunai lewat tautan WhatsApp",
            "link": "https://kim.example.go.id/cek-fakta/bantuan-tunai/",
        },  # fmt: skip
    ),
)
