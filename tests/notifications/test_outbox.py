"""The outbox worker: claims with leases, sends, retries with backoff, ends failures, survives outages."""

from __future__ import annotations

import datetime
import threading

import pytest
from django.db import OperationalError
from django.utils import timezone

from jembatan.notifications import outbox
from jembatan.notifications.api import send_email
from jembatan.notifications.models import Lane, Message
from jembatan.notifications.statuses import MessageStatus as S
from tests.markers import needs_postgresql
from tests.notifications import fake_mail

VALUES = {"name": "Siti", "site": "Jembatan"}


@pytest.fixture(autouse=True)
def mail(settings):
    settings.EMAIL_BACKEND = "tests.notifications.fake_mail.Backend"
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}  # a worker sends, not the commit
    fake_mail.SENT.clear()
    fake_mail.OUTCOMES.clear()
    yield
    fake_mail.SENT.clear()
    fake_mail.OUTCOMES.clear()


def _queue(to: str = "warga@contoh.id", **kwargs) -> Message:
    return send_email("notifications.test", to=to, values=VALUES, **kwargs)


def test_a_due_message_is_sent_once_with_its_delivery_key_as_message_id(db):
    message = _queue()
    assert outbox.dispatch_once() == 1
    assert outbox.dispatch_once() == 0
    message.refresh_from_db()
    assert (message.status, message.attempts, message.next_attempt_at) == (S.DELIVERED, 1, None)
    assert message.sent_at is not None and message.claim == ""
    [sent] = fake_mail.SENT
    assert sent.to == ["warga@contoh.id"] and sent.subject == "Pesan uji coba dari Jembatan"
    assert sent.extra_headers["Message-ID"] == f"<{message.key}@localhost>" == message.provider_id
    assert [e.status for e in message.events.all()] == [S.CREATED, S.DELIVERED]


def test_a_temporary_failure_is_retried_later_with_backoff(db, settings):
    settings.NOTIFICATIONS_RETRY_BASE = 30
    fake_mail.OUTCOMES["warga@contoh.id"] = "temporary"
    message = _queue()
    before = timezone.now()
    outbox.dispatch_once()
    message.refresh_from_db()
    assert message.status == S.SENDING and message.attempts == 1 and "421" in message.last_error
    assert before + datetime.timedelta(seconds=23) < message.next_attempt_at < before + datetime.timedelta(seconds=40)
    assert outbox.dispatch_once() == 0  # not due yet
    # Due again: the second failure waits about twice as long; then the server takes it.
    Message.objects.filter(pk=message.pk).update(next_attempt_at=timezone.now())
    outbox.dispatch_once()
    message.refresh_from_db()
    assert message.attempts == 2 and message.next_attempt_at > timezone.now() + datetime.timedelta(seconds=47)
    del fake_mail.OUTCOMES["warga@contoh.id"]
    Message.objects.filter(pk=message.pk).update(next_attempt_at=timezone.now())
    outbox.dispatch_once()
    message.refresh_from_db()
    assert (message.status, message.attempts, message.last_error) == (S.DELIVERED, 3, "")
    assert len(fake_mail.SENT) == 1


def test_the_delay_grows_is_capped_and_honours_retry_after(settings):
    settings.NOTIFICATIONS_RETRY_BASE, settings.NOTIFICATIONS_RETRY_MAX_DELAY = 30, 1800
    middle = lambda: 0.5  # noqa: E731 - no jitter
    assert [outbox.retry_delay(n, rng=middle) for n in (1, 2, 3)] == [30, 60, 120]
    assert outbox.retry_delay(20, rng=middle) == 1800
    assert outbox.retry_delay(1, retry_after=90, rng=middle) == 90
    assert outbox.retry_delay(1, rng=lambda: 0.0) == pytest.approx(24)
    assert outbox.retry_delay(1, rng=lambda: 1.0) == pytest.approx(36)


def test_a_permanent_refusal_ends_the_message_at_once(db):
    fake_mail.OUTCOMES["hilang@contoh.id"] = "permanent"
    message = _queue("hilang@contoh.id")
    outbox.dispatch_once()
    message.refresh_from_db()
    assert (message.status, message.next_attempt_at) == (S.PERMANENT_FAILURE, None)
    assert "550" in message.last_error


def test_after_four_hours_of_failures_the_message_is_a_technical_failure(db):
    fake_mail.OUTCOMES["warga@contoh.id"] = "crash"
    message = _queue()
    Message.objects.filter(pk=message.pk).update(retrying_since=timezone.now() - datetime.timedelta(hours=4, minutes=1))
    outbox.dispatch_once()
    message.refresh_from_db()
    assert message.status == S.TECHNICAL_FAILURE and "ZeroDivisionError" in message.last_error


def test_a_worker_that_dies_after_claiming_leaves_the_message_to_another_after_the_lease(db, settings):
    settings.NOTIFICATIONS_LEASE_SECONDS = 300
    message = _queue()
    [claimed] = outbox.claim(limit=10)  # ... and the worker is killed here
    assert outbox.claim(limit=10) == []  # the lease holds
    later = timezone.now() + datetime.timedelta(seconds=301)
    [again] = outbox.claim(limit=10, now=later)
    assert again.pk == message.pk and again.claim != claimed.claim and again.attempts == 2
    # The first worker, if it was only slow, cannot record over the second one's claim.
    outbox._record(claimed, outbox.SendError("late"), timezone.now())
    message.refresh_from_db()
    assert message.claim == again.claim and message.last_error == ""


def test_transactional_messages_go_before_bulk_ones(db):
    bulk = [_queue(f"bulk{n}@contoh.id") for n in range(3)]
    Message.objects.filter(pk__in=[m.pk for m in bulk]).update(lane=Lane.BULK)
    personal = _queue("pribadi@contoh.id")
    first = outbox.claim(limit=1)
    assert [m.pk for m in first] == [personal.pk]


@needs_postgresql
@pytest.mark.django_db(transaction=True)
def test_concurrency_sends_each_message_once(settings):
    """Each sending thread records its own outcome, on its own connection (committed rows, so transactional)."""
    settings.NOTIFICATIONS_CONCURRENCY = 4
    messages = [_queue(f"w{n}@contoh.id") for n in range(12)]
    assert outbox.dispatch(outbox.claim(limit=50)) == {"sent": 12, "retry": 0, "failed": 0}
    assert sorted(m.to[0] for m in fake_mail.SENT) == sorted(m.recipient for m in messages)
    assert Message.objects.filter(status=S.DELIVERED, claim="").count() == 12


def test_the_loop_carries_on_after_the_database_goes_away(db, monkeypatch):
    calls = []
    stop = threading.Event()

    def flaky(**kwargs):
        calls.append(1)
        if len(calls) == 1:
            raise OperationalError("the connection is closed")
        if len(calls) >= 3:
            stop.set()
        return 0

    monkeypatch.setattr(outbox, "dispatch_once", flaky)
    monkeypatch.setattr(outbox, "RECONNECT_DELAYS", (0,))
    outbox.run_loop(stop, idle_wait=0)
    assert len(calls) == 3


def test_without_a_worker_the_message_leaves_when_the_transaction_commits(
    db, settings, django_capture_on_commit_callbacks
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        message = _queue()
    assert fake_mail.SENT == []
    for callback in callbacks:
        callback()
    message.refresh_from_db()
    assert message.status == S.DELIVERED and len(fake_mail.SENT) == 1


def test_oldest_due_is_the_longest_waiting_message(db):
    assert outbox.oldest_due() is None
    first = _queue()
    _queue("lain@contoh.id")
    Message.objects.filter(pk=first.pk).update(next_attempt_at=timezone.now() - datetime.timedelta(minutes=6))
    assert timezone.now() - outbox.oldest_due() > datetime.timedelta(minutes=5)


@needs_postgresql
@pytest.mark.django_db(transaction=True)
def test_workers_claiming_at_the_same_time_never_take_the_same_message():
    from django.db import connections

    for n in range(60):
        _queue(f"w{n}@contoh.id")
    barrier = threading.Barrier(3)
    taken: list[list[int]] = []

    def worker():
        barrier.wait()
        mine = []
        while batch := outbox.claim(limit=7):
            mine += [m.pk for m in batch]
        taken.append(mine)
        connections.close_all()

    threads = [threading.Thread(target=worker) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    everything = [pk for mine in taken for pk in mine]
    assert len(everything) == len(set(everything)) == 60
    assert Message.objects.filter(status=S.SENDING, attempts=1).count() == 60


@needs_postgresql
@pytest.mark.django_db(transaction=True)
def test_the_worker_loop_sends_each_message_once_with_several_sending_threads(settings):
    """``run_loop`` as the worker runs it: four threads each claiming, sending and recording their own
    small batches; every message goes exactly once, transactional before bulk, and the loop ends on stop."""
    settings.NOTIFICATIONS_CONCURRENCY = 4
    settings.NOTIFICATIONS_BATCH_SIZE = 3
    for n in range(40):
        _queue(f"w{n}@contoh.id")
    assert fake_mail.run_worker_until_delivered()
    recipients = fake_mail.recipients()
    assert len(recipients) == len(set(recipients)) == 40
    assert Message.objects.filter(status=S.DELIVERED, attempts=1).count() == 40
    assert {name for name in (t.name for t in threading.enumerate()) if name.startswith("outbox-send")} == set()
