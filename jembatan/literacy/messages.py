"""The messages of literacy events (``notifications.catalogue``)."""

from django.utils.translation import gettext_lazy as _

from jembatan.notifications.catalogue import MessageTemplate

EXAMPLE = {"event": "Pelatihan cek fakta untuk pengurus KIM", "code": "K7QX2MA", "when": "12 Desember 2026",
           "link": "https://kim.example.go.id/kegiatan/pendaftaran/…"}  # fmt: skip
PLACEHOLDERS = ("event", "code", "when", "link")

TEMPLATES = (
    MessageTemplate(
        key="literacy.registered",
        label=_("Event: registered"),
        placeholders=PLACEHOLDERS,
        subject=_("Registered: ((event))"),
        body=_(
            "You are registered for ((event)) on ((when)). Your registration code is ((code)); show it (or its QR "
            "code on your page) at the door.\n\nYour page, to see the details or cancel: ((link))"
        ),
        example=EXAMPLE,
    ),
    MessageTemplate(
        key="literacy.waitlisted",
        label=_("Event: on the waiting list"),
        placeholders=PLACEHOLDERS,
        subject=_("Waiting list: ((event))"),
        body=_(
            "((event)) on ((when)) is full, so you are on the waiting list (code ((code))). If a place frees, it is "
            "yours in turn and we tell you at once.\n\nYour page: ((link))"
        ),
        example=EXAMPLE,
    ),
    MessageTemplate(
        key="literacy.promoted",
        label=_("Event: a place for someone on the waiting list"),
        placeholders=PLACEHOLDERS,
        subject=_("A place for you: ((event))"),
        body=_(
            "A place freed for ((event)) on ((when)): it is yours. Your registration code is ((code)).\n\nIf you "
            "cannot come, cancel on your page so the next person gets it: ((link))"
        ),
        example=EXAMPLE,
    ),
)
