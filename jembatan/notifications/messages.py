"""The notifications capability's own templates (a test message from the template page)."""

from django.utils.translation import gettext_lazy as _

from jembatan.notifications.catalogue import MessageTemplate
from jembatan.notifications.models import ConsentPurpose, Lane

TEMPLATES = (
    MessageTemplate(
        key="notifications.test",
        label=_("Test message"),
        placeholders=("name", "site"),
        subject=_("Test message from ((site))"),
        body=_("Hello ((name)),\n\nThis is a test message from ((site)). It needs no answer."),
        example={"name": "Siti", "site": "Jembatan"},
    ),
    MessageTemplate(
        key="notifications.news",
        label=_("News for subscribers"),
        placeholders=("title", "summary", "link"),
        subject=_("((title))"),
        body=_("((title))\n\n((summary))\n\nRead more: ((link))"),
        lane=Lane.BULK,
        whatsapp_category="marketing",
        consent_purpose=ConsentPurpose.NEWS,
        example={
            "title": "Vaksinasi gratis di Kelurahan Bintang",
            "summary": "Sabtu pukul 08.00 di kantor kelurahan.",
            "link": "https://kim.example.go.id/berita/vaksinasi/",
        },  # fmt: skip
    ),
    MessageTemplate(
        key="notifications.chat_reply",
        label=_("Chat: an answer to a person who wrote"),
        placeholders=("text",),
        subject=_("((text))"),
        body=_("((text))"),
        example={"text": "Halo, ini Jembatan."},
    ),
)

TEMPLATES += (
    MessageTemplate(
        key="notifications.subscribe_confirm",
        label=_("Confirm a subscription"),
        placeholders=("area", "link"),
        subject=_("Confirm: news for ((area))"),
        body=_(
            "Someone (probably you) asked to receive the news for ((area)) here.\n\nTo confirm, open: ((link))\n\n"
            "If it was not you, ignore this message: nothing more will be sent."
        ),
        example={"area": "Kelurahan Bintang", "link": "https://kim.example.go.id/langganan/konfirmasi/…/"},
    ),
)
