"""The broker-backed queue (a Redis stream): ids announced after commit, rows fed from the table when
an announcement is lost, duplicates skipped, and sending that goes on without Redis. Runs against the
real Redis of ``REDIS_URL`` (CI sets it, with PostgreSQL)."""

from __future__ import annotations

import datetime
import uuid

import pytest
from django.utils import timezone

from jembatan.notifications import broadcasts, outbox, queues, subscriptions
from jembatan.notifications.api import send_email
from jembatan.notifications.models import Lane, Message
from jembatan.notifications.statuses import MessageStatus as S
from tests.markers import needs_postgresql, needs_redis
from tests.notifications import fake_mail
from tools.fake_provider import FakeProvider

pytestmark = needs_redis
VALUES = {"name": "Siti", "site": "Jembatan"}


@pytest.fixture(autouse=True)
def redis_queue(settings):
    settings.EMAIL_BACKEND = "tests.notifications.fake_mail.Backend"
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}  # a worker sends
    settings.NOTIFICATIONS_QUEUE = "redis"
    settings.NOTIFICATIONS_QUEUE_URL = settings.REDIS_URL
    settings.NOTIFICATIONS_QUEUE_PREFIX = f"jbtest-{uuid.uuid4().hex[:10]}"
    settings.NOTIFICATIONS_POLL_SECONDS = 0.05
    queues._configured.cache_clear()
    fake_mail.SENT.clear()
    fake_mail.OUTCOMES.clear()
    queue = queues.current()
    assert isinstance(queue, queues.RedisStreamQueue)
    yield queue
    queue.client.delete(*queue.streams.values(), queue.lock_key)
    queues._configured.cache_clear()
    fake_mail.SENT.clear()


def _queue(to: str = "warga@contoh.id") -> Message:
    return send_email("notifications.test", to=to, values=VALUES)


def _unread(queue, lane=Lane.TRANSACTIONAL) -> int:
    queue._ensure_groups()
    return queue._unread(queue.streams[lane])


def test_a_message_is_announced_once_its_transaction_commits_and_sent_from_the_stream(
    db, redis_queue, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        message = _queue()
    assert redis_queue.client.exists(redis_queue.streams[Lane.TRANSACTIONAL]) == 0  # nothing before the commit
    for callback in callbacks:
        callback()
    assert _unread(redis_queue) == 1
    assert outbox.dispatch_once() == 1
    assert _unread(redis_queue) == 0
    message.refresh_from_db()
    assert message.status == S.DELIVERED and fake_mail.recipients() == ["warga@contoh.id"]


def test_a_message_whose_announcement_was_lost_is_fed_from_the_table(db, redis_queue):
    message = _queue()  # the on-commit announcement never runs here: as if the process died after commit
    assert redis_queue.client.exists(redis_queue.streams[Lane.TRANSACTIONAL]) == 0
    assert outbox.dispatch_once() == 1  # the stream was empty: the feeder put the due row on it
    message.refresh_from_db()
    assert message.status == S.DELIVERED


def test_an_id_announced_twice_or_already_sent_is_skipped(db, redis_queue):
    message = _queue()
    redis_queue.announce([(message.pk, Lane.TRANSACTIONAL)] * 3)
    assert outbox.dispatch_once() == 1
    redis_queue.client.delete(redis_queue.lock_key)  # let the feeder look again at once
    assert outbox.dispatch_once() == 0
    assert fake_mail.recipients() == ["warga@contoh.id"]


def test_a_retry_that_comes_due_is_fed_again_and_not_before(db, redis_queue):
    fake_mail.OUTCOMES["sibuk@contoh.id"] = "temporary"
    message = _queue("sibuk@contoh.id")
    outbox.dispatch_once()
    message.refresh_from_db()
    assert message.status == S.SENDING and message.next_attempt_at > timezone.now()
    redis_queue.client.delete(redis_queue.lock_key)
    assert outbox.dispatch_once() == 0  # waiting for its retry time
    del fake_mail.OUTCOMES["sibuk@contoh.id"]
    Message.objects.filter(pk=message.pk).update(next_attempt_at=timezone.now() - datetime.timedelta(seconds=1))
    redis_queue.client.delete(redis_queue.lock_key)
    assert outbox.dispatch_once() == 1
    message.refresh_from_db()
    assert message.status == S.DELIVERED and message.attempts == 2


def test_streams_lost_to_a_redis_restart_are_made_again_and_nothing_is_lost(db, redis_queue):
    first = _queue("satu@contoh.id")
    redis_queue.announce([(first.pk, Lane.TRANSACTIONAL)])
    redis_queue._ensure_groups()
    redis_queue.client.delete(*redis_queue.streams.values())  # streams and groups gone
    assert outbox.dispatch_once() == 1
    second = _queue("dua@contoh.id")
    redis_queue.client.delete(redis_queue.lock_key)
    assert outbox.dispatch_once() == 1
    assert sorted(fake_mail.recipients()) == ["dua@contoh.id", "satu@contoh.id"]
    assert Message.objects.filter(pk__in=[first.pk, second.pk], status=S.DELIVERED).count() == 2


def test_with_redis_unreachable_the_threads_claim_from_the_table(db, settings):
    settings.NOTIFICATIONS_QUEUE_URL = "redis://127.0.0.1:9/0"  # nothing listens on port 9
    queues._configured.cache_clear()
    message = _queue()
    queues.current().announce([(message.pk, Lane.TRANSACTIONAL)])  # logged, not raised
    assert outbox.dispatch_once() == 1
    message.refresh_from_db()
    assert message.status == S.DELIVERED


@needs_postgresql
@pytest.mark.django_db(transaction=True)
def test_the_worker_loop_on_the_stream_sends_each_message_once(redis_queue, settings):
    """Four sending threads read one consumer group: announced messages and ones never announced
    (fed from the table), every one sent exactly once."""
    settings.NOTIFICATIONS_CONCURRENCY = 4
    settings.NOTIFICATIONS_BATCH_SIZE = 3
    messages = [_queue(f"w{n}@contoh.id") for n in range(40)]  # committed at once (no test transaction)
    redis_queue.announce([(m.pk, Lane.TRANSACTIONAL) for m in messages[:20]] * 2)  # half of them, twice
    assert fake_mail.run_worker_until_delivered()
    recipients = fake_mail.recipients()
    assert len(recipients) == len(set(recipients)) == 40
    assert Message.objects.filter(status=S.DELIVERED, attempts=1).count() == 40


def test_a_broadcast_puts_its_rows_on_the_bulk_stream_in_chunks(
    db, redis_queue, settings, django_capture_on_commit_callbacks
):
    fake = FakeProvider(receipts=False).start()
    try:
        settings.WHATSAPP_BASE_URL, settings.WHATSAPP_TOKEN, settings.WHATSAPP_PHONE_NUMBER_ID = (
            fake.url + "/v21.0",
            "t",
            "1",
        )
        settings.NOTIFICATIONS_QUIET_HOURS = (0, 0)
        for n in range(5):
            subscriptions.subscribe(channel="whatsapp", address=f"+62812000001{n:02d}", source="web")
        broadcast = broadcasts.broadcast_start(
            actor=None, regency_code="19.71", title="Pemadaman listrik", summary="Minggu pukul 09.00-12.00.",
            link="https://kim.example.go.id/berita/listrik/", channels_=["whatsapp"],
        )  # fmt: skip
        with django_capture_on_commit_callbacks(execute=True):
            assert broadcasts.fan_out(broadcast.pk, chunk=2) == 5
        assert _unread(redis_queue, Lane.BULK) == 5
        while outbox.dispatch_once():
            pass
        assert len({m["to"] for m in fake.sent}) == 5
        assert Message.objects.filter(broadcast=broadcast, status__in=[S.SENDING, S.DELIVERED]).count() == 5
    finally:
        fake.stop()
