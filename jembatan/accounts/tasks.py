"""Background work for accounts. Tasks are thin: they send, nothing else."""

from email.utils import parseaddr

from django.conf import settings
from django.core.mail import EmailMessage
from django.utils.crypto import get_random_string
from django_tasks import task

from jembatan.core.models import EmailDelivery


def new_delivery_key() -> str:
    """A key per message, fixed when the message is queued, so that a re-run can recognise it."""
    return get_random_string(32)


@task()
def send_email_task(*, to: list[str], subject: str, body: str, delivery_key: str = "") -> int:
    """Send one email; with a ``delivery_key``, at most once however often the task runs.

    The key is recorded right after the mail server accepted the message. A worker killed in between
    (a window of one database write) can still lead to a second copy: delivery is at least once, and
    the message carries the key in its Message-ID so that a mail server can drop the repeat.
    """
    if delivery_key and EmailDelivery.objects.filter(key=delivery_key).exists():
        return 0
    domain = parseaddr(settings.DEFAULT_FROM_EMAIL)[1].rpartition("@")[2] or "localhost"
    headers = {"Message-ID": f"<{delivery_key}@{domain}>"} if delivery_key else None
    sent = EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, to, headers=headers).send(fail_silently=False)
    if delivery_key:  # get_or_create: another run of the same message may have finished first
        EmailDelivery.objects.get_or_create(key=delivery_key, defaults={"recipients": len(to)})
    return sent


def email_with_transaction(*, to: list[str], subject: str, body: str) -> None:
    """Queue one email as part of the current transaction, with its own delivery key.

    With the database queue the email exists exactly when the change it announces does, even if the
    connection drops right after the commit; a re-run of its task does not send it twice.
    """
    from jembatan.core.background import enqueue_with_transaction

    enqueue_with_transaction(send_email_task, to=to, subject=subject, body=body, delivery_key=new_delivery_key())
