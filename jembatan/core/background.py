"""The health of background work: worker heartbeats and the age of the oldest task waiting to run.

A worker that dies leaves queued emails waiting for ever; nothing in the web process would notice.
Each ``manage.py worker`` process writes a heartbeat row every few seconds (``heartbeat_beat``);
``/readyz`` and the staff workspace read ``background_status`` and say when the newest heartbeat or
the oldest due task is older than ``BACKGROUND_STALE_AFTER``.
"""

from __future__ import annotations

import datetime
import logging
import os
import socket
import time
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Max, Min
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from redis.exceptions import RedisError

from jembatan.core.models import WorkerHeartbeat

logger = logging.getLogger(__name__)

# Seconds between attempts to reach the database again after it went away (doubling up to the last).
RECONNECT_DELAYS = (1, 2, 4, 8, 15, 30)
# Pauses before each try of a write that must not be lost (about five minutes in all).
WRITE_RETRY_PAUSES = (0, 1, 2, 4, 8, 15, 30, 60, 60, 60, 60)


def write_through_outage(function, *args, sleep=time.sleep, **kwargs):
    """Call ``function`` (a database write), waiting out a restarting database: after an
    ``OperationalError``/``InterfaceError`` the connections are closed and it is tried again after the
    next pause of ``WRITE_RETRY_PAUSES``; the last try raises."""
    from django.db import InterfaceError, OperationalError, connections

    for pause in WRITE_RETRY_PAUSES:
        if pause:
            sleep(pause)
        try:
            return function(*args, **kwargs)
        except (OperationalError, InterfaceError):
            connections.close_all()
    return function(*args, **kwargs)


def heartbeat_beat(*, worker_id: str, started_at: datetime.datetime, now: datetime.datetime | None = None) -> None:
    """Record that the worker ``worker_id`` is alive (one upsert; safe to call from any thread)."""
    WorkerHeartbeat.objects.update_or_create(
        worker_id=worker_id,
        defaults={
            "hostname": socket.gethostname()[:255],
            "pid": os.getpid(),
            "started_at": started_at,
            "beat_at": now or timezone.now(),
        },
    )


def heartbeat_forget(*, worker_id: str) -> None:
    """A worker that stops cleanly removes its row, so only live or dead-without-notice workers remain."""
    WorkerHeartbeat.objects.filter(worker_id=worker_id).delete()


# The queues that keep a task in the caller's transaction and need ``manage.py worker`` to run it: the
# database queue, and the broker queue behind its outbox (``core.taskqueue``).
DATABASE_BACKEND = "django_tasks_db.DatabaseBackend"
TRANSACTIONAL_BACKENDS = (DATABASE_BACKEND, "jembatan.core.taskqueue.OutboxRQBackend")


def worker_expected() -> bool:
    """Tasks wait for a worker with the database or the broker queue (tests run them at once)."""
    return settings.TASKS["default"]["BACKEND"] in TRANSACTIONAL_BACKENDS


def on_broker() -> bool:
    return settings.TASKS["default"]["BACKEND"] == TRANSACTIONAL_BACKENDS[1]


def oldest_due_task() -> datetime.datetime | None:
    """When the oldest task still waiting for a worker was queued (the broker's outbox and queue, or the table)."""
    if on_broker():
        from jembatan.core.taskqueue import oldest_waiting

        return oldest_waiting()
    return DBTaskResult.objects.ready().aggregate(oldest=Min("enqueued_at"))["oldest"]


@dataclass(frozen=True)
class BackgroundStatus:
    expected: bool
    worker_last_beat: datetime.datetime | None
    worker_age_seconds: int | None
    oldest_due_task_age_seconds: int | None
    worker_stale: bool
    queue_stale: bool
    # The capabilities' own queues (the outbox): name → age in seconds of the oldest due item, or None.
    other_queues: dict[str, int | None] = field(default_factory=dict)
    # The broker queue (TASKS_QUEUE=redis) could not be read.
    queue_unreachable: bool = False

    @property
    def healthy(self) -> bool:
        return not (self.worker_stale or self.queue_stale)

    def as_dict(self) -> dict:
        if not self.expected:
            return {"worker": "not-used", "queue": "ok"}
        return {
            "worker": "none" if self.worker_last_beat is None else ("stale" if self.worker_stale else "ok"),
            "worker_last_beat_age_seconds": self.worker_age_seconds,
            "oldest_due_task_age_seconds": self.oldest_due_task_age_seconds,
            **{f"oldest_due_{name}_age_seconds": age for name, age in self.other_queues.items()},
            "queue": "unreachable" if self.queue_unreachable else ("stale" if self.queue_stale else "ok"),
        }


def _age(now: datetime.datetime, then: datetime.datetime | None) -> int | None:
    return None if then is None else max(0, int((now - then).total_seconds()))


def background_status(*, now: datetime.datetime | None = None) -> BackgroundStatus:
    """Two aggregate queries, plus one per registered queue, whatever their size (partial indexes serve them).

    The queues that capabilities register (``core.registry.BackgroundQueue``: the outbox) count as the
    task queue does: one waiting longer than ``BACKGROUND_STALE_AFTER`` makes the queue stale.
    """
    from django.utils.module_loading import import_string

    from jembatan.core.registry import background_queues

    now = now or timezone.now()
    if not worker_expected():
        return BackgroundStatus(False, None, None, None, worker_stale=False, queue_stale=False)
    stale_after = datetime.timedelta(seconds=settings.BACKGROUND_STALE_AFTER)
    last_beat = WorkerHeartbeat.objects.aggregate(last=Max("beat_at"))["last"]
    unreachable = False
    try:
        oldest_due = oldest_due_task()
    except RedisError:  # the broker is away: tasks wait in the outbox, and the queue counts as stale
        logger.warning("The task broker is unreachable.", exc_info=True)
        oldest_due, unreachable = None, True
    worker_age = _age(now, last_beat)
    queue_age = _age(now, oldest_due)
    others = {queue.name: _age(now, import_string(queue.oldest_due)(now)) for queue in background_queues()}
    ages = [age for age in [queue_age, *others.values()] if age is not None]
    return BackgroundStatus(
        expected=True,
        worker_last_beat=last_beat,
        worker_age_seconds=worker_age,
        oldest_due_task_age_seconds=queue_age,
        worker_stale=last_beat is None or now - last_beat > stale_after,
        queue_stale=unreachable or any(age > stale_after.total_seconds() for age in ages),
        other_queues=others,
        queue_unreachable=unreachable,
    )


def requeue_abandoned_tasks(*, now: datetime.datetime | None = None) -> int:
    """Put back in the queue the tasks whose worker died while running them; return how many.

    A task is abandoned when it has been RUNNING for longer than ``BACKGROUND_STALE_AFTER`` and the
    worker that took it has not beaten for that long (killed, out of memory, the machine gone). A
    worker that is alive but slow keeps its task. The task runs again from the start, so tasks must
    be idempotent (messages go through the notifications outbox, which has its own leases).
    """
    from django.db import transaction
    from django_tasks.base import TaskResultStatus

    if on_broker():  # RQ's started registry requeues them; the outbox pushes again what Redis lost
        from jembatan.core.taskqueue import reconcile

        done = reconcile(now=now)
        return done.requeued + done.pushed_again
    now = now or timezone.now()
    cutoff = now - datetime.timedelta(seconds=settings.BACKGROUND_STALE_AFTER)
    alive = set(WorkerHeartbeat.objects.filter(beat_at__gte=cutoff).values_list("worker_id", flat=True))
    requeued = 0
    with transaction.atomic():
        running = (
            DBTaskResult.objects.select_for_update(skip_locked=True)
            .filter(status=TaskResultStatus.RUNNING, started_at__lt=cutoff)
            .only("id", "worker_ids")
        )
        abandoned = [task.pk for task in running if not (task.worker_ids and task.worker_ids[-1] in alive)]
        if abandoned:
            requeued = DBTaskResult.objects.filter(pk__in=abandoned).update(
                status=TaskResultStatus.READY, started_at=None
            )
    return requeued


def enqueue_with_transaction(task, **kwargs) -> None:
    """Queue ``task`` as part of the current transaction: it exists exactly when the change it announces does.

    With the database queue the task row is written in the caller's transaction, and with the broker
    queue its outbox row (``core.taskqueue``): if the transaction commits, the task is there, even if the
    connection drops right after the commit (an ``on_commit`` enqueue would be lost then); if it rolls
    back, so does the task. A queue outside the database (tests run tasks at once) cannot share the
    transaction: the task is queued after commit.
    """
    from django.db import transaction

    if worker_expected():
        task.enqueue(**kwargs)
    else:
        transaction.on_commit(lambda: task.enqueue(**kwargs))
