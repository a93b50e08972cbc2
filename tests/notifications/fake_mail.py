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


def run_worker_until_delivered(*, seconds: float = 30) -> bool:
    """Run the worker's outbox loop (``outbox.run_loop``) in a thread until every message is delivered
    (or ``seconds`` pass), then stop it; returns whether the loop ended."""
    import datetime
    import threading

    from django.utils import timezone

    from jembatan.notifications import outbox
    from jembatan.notifications.models import Message
    from jembatan.notifications.statuses import MessageStatus

    stop = threading.Event()
    loop = threading.Thread(target=outbox.run_loop, args=(stop,), kwargs={"idle_wait": 0.01})
    loop.start()
    deadline = timezone.now() + datetime.timedelta(seconds=seconds)
    while Message.objects.exclude(status=MessageStatus.DELIVERED).exists() and timezone.now() < deadline:
        stop.wait(0.05)
    stop.set()
    loop.join(timeout=seconds)
    return not loop.is_alive()


def recipients() -> list[str]:
    return [to for message in SENT for to in message.to]
