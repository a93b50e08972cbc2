"""The notifications capability's own templates (a test message from the template page)."""

from django.utils.translation import gettext_lazy as _

from jembatan.notifications.catalogue import MessageTemplate

TEMPLATES = (
    MessageTemplate(
        key="notifications.test",
        label=_("Test message"),
        placeholders=("name", "site"),
        subject=_("Test message from ((site))"),
        body=_("Hello ((name)),\n\nThis is a test message from ((site)). It needs no answer."),
        example={"name": "Siti", "site": "Jembatan"},
    ),
)
