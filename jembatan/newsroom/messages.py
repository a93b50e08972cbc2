"""The messages of the newsroom (``notifications.catalogue``)."""

from django.utils.translation import gettext_lazy as _

from jembatan.notifications.catalogue import MessageTemplate

TEMPLATES = (
    MessageTemplate(
        key="newsroom.author_update",
        label=_("News: news for the author"),
        placeholders=("subject", "message", "link"),
        subject=_("((subject))"),
        body=_("((message))\n\nOpen it: ((link))"),
        example={
            "subject": "Berita terbit",
            "message": "Berita Anda sudah terbit.",
            "link": "https://kim.example.go.id/staf/berita/1/",
        },  # fmt: skip
    ),
    MessageTemplate(
        key="newsroom.review_request",
        label=_("News: community story to review"),
        placeholders=("kim", "title", "link"),
        subject=_("Community news to review: ((title))"),
        body=_("((kim)) sent a story for review:\n\n((title))\n\nReview it: ((link))"),
        example={
            "kim": "KIM Bukit Intan",
            "title": "Kerja bakti RW 03",
            "link": "https://kim.example.go.id/staf/berita/1/",
        },
    ),
)
