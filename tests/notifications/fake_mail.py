"""A mail backend for the outbox tests: it records what it sends and fails as told."""

from __future__ import annotations

import smtplib

from django.core.mail.backends.base import BaseEmailBackend

SENT: list = []
# Recipient → what happens: "temporary" (421), "permanent" (550), "crash" (a bug in the backend).
OUTCOMES: dict[str, str] = {}


class Backend(BaseEmailBackend):
    def send_messages(self, email_messages):
        for message in email_messages:
            outcome = OUTCOMES.get(message.to[0])
            if outcome == "temporary":
                raise smtplib.SMTPResponseException(421, b"try again later")
            if outcome == "permanent":
                raise smtplib.SMTPRecipientsRefused({message.to[0]: (550, b"no such user")})
            if outcome == "crash":
                raise ZeroDivisionError("a bug")
            SENT.append(message)
        return len(email_messages)
