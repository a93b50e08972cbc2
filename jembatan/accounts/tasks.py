"""Email tasks queued by versions before the notifications outbox (ADR 0013).

Nothing queues ``send_email_task`` any more: every message goes through ``jembatan.notifications``.
The task stays so that emails an earlier version left in the database queue at the upgrade are
still sent, once each; it can be removed in the release after next.
"""

import time
from email.utils import parseaddr

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.utils.crypto import get_random_string
from django_tasks import task

from jembatan.core.background import write_through_outage
from jembatan.core.models import EmailDelivery


def new_delivery_key() -> str:
    """A key per message, fixed when the message is queued, so that a re-run can recognise it."""
    return get_random_string(32)


@task()
def send_email_task(*, to: list[str], subject: str, body: str, delivery_key: str = "") -> int:
    """Send one email; with a ``delivery_key``, at most once however often the task runs.

    The key is recorded as soon as the mail server has accepted the message, before the connection is
    closed; a database that is restarting is waited for rather than leaving the delivery unrecorded. A
    worker killed inside that window (the time of one database write) can still lead to a second copy:
    delivery is at least once, and the copy carries the same Message-ID (the key), which mail systems
    use to drop repeats.
    """
    if delivery_key and EmailDelivery.objects.filter(key=delivery_key).exists():
        return 0
    domain = parseaddr(settings.DEFAULT_FROM_EMAIL)[1].rpartition("@")[2] or "localhost"
    headers = {"Message-ID": f"<{delivery_key}@{domain}>"} if delivery_key else None
    connection = get_connection(fail_silently=False)
    connection.open()
    try:
        message = EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, to, headers=headers, connection=connection)
        sent = connection.send_messages([message]) or 0
        if delivery_key:
            _record_delivery(delivery_key, len(to))
    finally:
        connection.close()
    return sent


def _record_delivery(key: str, recipients: int, *, sleep=time.sleep) -> None:
    """Record a delivery; while the database is unreachable, try again (up to about five minutes)."""
    write_through_outage(EmailDelivery.objects.get_or_create, key=key, defaults={"recipients": recipients}, sleep=sleep)
