"""The messages accounts send (``notifications.catalogue``)."""

from django.utils.translation import gettext_lazy as _

from jembatan.notifications.catalogue import MessageTemplate

EXAMPLE_LINK = "https://kim.example.go.id/akun/…"

TEMPLATES = (
    MessageTemplate(
        key="accounts.confirm_email",
        label=_("Confirm an email address"),
        placeholders=("name", "site", "link"),
        subject=_("Confirm your email address for ((site))"),
        body=_(
            "Hello ((name)),\n\nOpen this link to confirm your email address:\n((link))\n\n"
            "The link is valid for 7 days. If you did not ask for this, ignore this message."
        ),
        example={"name": "Siti Aminah", "site": "Jembatan", "link": EXAMPLE_LINK},
    ),
    MessageTemplate(
        key="accounts.password_reset",
        label=_("Choose a new password"),
        placeholders=("site", "link"),
        subject=_("Choose a new password for ((site))"),
        body=_(
            "Hello,\n\nSomeone (hopefully you) asked to choose a new password for this account. Open this link:\n"
            "((link))\n\nIf you did not ask for this, ignore this message; your password stays the same."
        ),
        example={"site": "Jembatan", "link": EXAMPLE_LINK},
    ),
    MessageTemplate(
        key="accounts.role_granted",
        label=_("A role was given (first password)"),
        placeholders=("name", "role", "site", "link"),
        subject=_("You have been given access to ((site))"),
        body=_(
            "Hello ((name)),\n\nYou have been given the role “((role))” in ((site)).\n\n"
            "Choose your password with this link (valid for a few days):\n((link))\n\n"
            "Staff accounts use a second step when signing in: have an authenticator app ready on your phone."
        ),
        example={"name": "Budi Santoso", "role": "Editor", "site": "Jembatan", "link": EXAMPLE_LINK},
    ),
    MessageTemplate(
        key="accounts.role_granted_sign_in",
        label=_("A role was given (existing account)"),
        placeholders=("name", "role", "site", "link"),
        subject=_("You have been given access to ((site))"),
        body=_(
            "Hello ((name)),\n\nYou have been given the role “((role))” in ((site)).\n\nSign in here:\n((link))\n\n"
            "Staff accounts use a second step when signing in: have an authenticator app ready on your phone."
        ),
        example={"name": "Budi Santoso", "role": "Editor", "site": "Jembatan", "link": EXAMPLE_LINK},
    ),
)
