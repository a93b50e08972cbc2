"""Background tasks on a broker: RQ on Redis or Valkey (``django-tasks-rq``), fed by a transactional outbox.

``TASKS_QUEUE=redis`` (ADR 0020) selects ``OutboxRQBackend``. The web process never talks to the broker
inside a transaction, and a commit never depends on the broker:

1. ``enqueue`` writes a ``TaskOutbox`` row in the caller's transaction. The task exists exactly when the
   change it announces does: a rollback takes it away, a commit keeps it even if the process dies in
   the next instant (the first wave lost an email there, between commit and enqueue).
2. After the commit, the same process marks the row relayed (if nothing else has) and pushes it to RQ
   as a job with the row's id. A failed push takes the mark back; a process killed in between leaves a
   marked row without a job, which the reconcile (4) pushes.
3. The worker's relay loop pushes what is left unrelayed (rows older than ``RELAY_AFTER``, 10 s), in batches.
4. The worker deletes the row when the task has succeeded. The kernel's minute job (``reconcile``) looks
   at the relayed rows still there: a job finished, or failed with no retry left, ends its row; a job
   Redis no longer has (a restart without persistence, a failover that lost writes) is pushed again; a
   job whose worker died is queued again by RQ's started-job registry while retries remain
   (``Retry(max=RETRIES)``).

The commit hook marks the row before it pushes, and only if nothing has, so it and the relay loop never
both push one task; a hook killed between its mark and its push leaves a marked row without a job, which
the reconcile pushes. The relay loop pushes then marks under its row lock; killed in between, it finds
the job id in Redis next time and only marks.

Delivery is at least once: a task can run a second time when its worker died after the task's work and
before RQ recorded the end (the row is deleted just before), or when Redis lost a job whose task was
still running (the reconcile pushes it again after a minute). Tasks are idempotent for that reason.

The worker (``manage.py worker``) runs RQ's ``SimpleWorker`` in its main thread: each task runs in the
process, as with the database queue, with the database connections checked before and after it.
"""

from __future__ import annotations

import datetime
import logging
import threading
import time
from dataclasses import dataclass
from functools import partial

import django_rq
from django.conf import settings
from django.db import close_old_connections, transaction
from django.utils import timezone
from django_tasks.backends.base import BaseTaskBackend
from django_tasks.base import TASK_MAX_PRIORITY, Task, TaskResult, TaskResultStatus
from django_tasks.exceptions import TaskResultDoesNotExist
from django_tasks.signals import task_enqueued
from django_tasks.utils import get_random_id, normalize_json
from django_tasks_rq.backend import Job, RQBackend, failed_callback, success_callback
from redis import Redis
from redis.backoff import NoBackoff
from redis.retry import Retry as RedisRetry
from rq import Retry
from rq.job import Callback, JobStatus
from rq.registry import StartedJobRegistry

logger = logging.getLogger(__name__)

BACKEND_PATH = "jembatan.core.taskqueue.OutboxRQBackend"
# A task that raised, or whose worker died, is queued again this many times before it counts as failed.
RETRIES = 3
# Rows pushed per relay transaction.
RELAY_BATCH = 500
# The relay loop leaves younger rows to the hook of the transaction that wrote them (longer than that
# hook can take: a few broker calls of WEB_SOCKET_TIMEOUT at most).
RELAY_AFTER = datetime.timedelta(seconds=10)
# How long RQ keeps a finished job (the reconcile ends its row meanwhile), and how long a relayed row
# waits before the reconcile first looks at it.
RESULT_TTL = 3600
RECONCILE_AFTER = datetime.timedelta(minutes=1)
RECONCILE_BATCH = 1000
# Seconds the web process waits for the broker before leaving the row to the relay loop.
WEB_SOCKET_TIMEOUT = 2


class RelayedJob(Job):
    """django-tasks-rq's job, with the database connections checked around each task as around a request,
    and its outbox row deleted once the task has succeeded (so a Redis that later loses the job's record
    does not make the reconcile push a finished task again)."""

    def perform(self):
        from jembatan.core.models import TaskOutbox

        close_old_connections()
        try:
            value = super().perform()
            try:
                TaskOutbox.objects.filter(pk=self.id).delete()
            except Exception:  # noqa: BLE001 - the task succeeded; the reconcile ends its row instead
                logger.warning("The outbox row of task %s could not be removed; the reconcile will.", self.id)
            return value
        finally:
            close_old_connections()


_clients: dict[str, Redis] = {}
_clients_lock = threading.Lock()


def _client(queue_name: str) -> Redis:
    """One client (and connection pool) per queue URL for the process, with short timeouts: a broker that
    hangs delays a request by ``WEB_SOCKET_TIMEOUT`` at most, and the relay loop takes the row over."""
    url = django_rq.settings.QUEUES[queue_name]["URL"]
    with _clients_lock:
        if url not in _clients:
            _clients[url] = Redis.from_url(
                url,
                socket_connect_timeout=WEB_SOCKET_TIMEOUT,
                socket_timeout=WEB_SOCKET_TIMEOUT,
                retry=RedisRetry(NoBackoff(), 0),  # one try: the relay loop is the retry
            )
        return _clients[url]


def queue(name: str = "default", *, worker: bool = False) -> django_rq.queues.DjangoRQ:
    """The RQ queue ``name``. The worker's copy keeps django-rq's own connection, without the short read
    timeout (its blocking wait for jobs lasts minutes)."""
    return django_rq.get_queue(name, job_class=RelayedJob, connection=None if worker else _client(name))


def queue_names() -> list[str]:
    return sorted(django_rq.settings.QUEUES)


def _push(entry, queues: dict) -> bool:
    """Hand one outbox row to RQ as the job the row's id names; False when that job is already there."""
    rq_queue = queues.setdefault(entry.queue_name, queue(entry.queue_name))
    if RelayedJob.exists(entry.pk, connection=rq_queue.connection):
        return False
    job = rq_queue.create_job(
        entry.task_path,
        args=entry.args,
        kwargs=entry.kwargs,
        job_id=entry.pk,
        status=JobStatus.QUEUED,
        retry=Retry(max=RETRIES),
        on_failure=Callback(failed_callback),
        on_success=Callback(success_callback),
        meta={"backend_name": entry.backend},
        result_ttl=RESULT_TTL,
    )
    rq_queue.enqueue_job(job, at_front=entry.priority == TASK_MAX_PRIORITY)
    return True


def relay(
    *, ids: list[str] | None = None, older_than: datetime.timedelta | None = None, limit: int = RELAY_BATCH
) -> int:
    """Push unrelayed outbox rows to RQ and mark them relayed, in one transaction; return how many.

    Rows another process is pushing are skipped (``SKIP LOCKED``). When Redis fails part-way, the
    transaction rolls back and every row stays unrelayed; the jobs already pushed are recognised by their
    ids next time.
    """
    from jembatan.core.models import TaskOutbox

    with transaction.atomic():
        rows = TaskOutbox.objects.select_for_update(skip_locked=True).filter(relayed_at__isnull=True)
        if ids is not None:
            rows = rows.filter(pk__in=ids)
        if older_than is not None:
            rows = rows.filter(enqueued_at__lte=timezone.now() - older_than)
        entries = list(rows.order_by("enqueued_at")[:limit])
        if not entries:
            return 0
        queues: dict = {}
        for entry in entries:
            _push(entry, queues)
        TaskOutbox.objects.filter(pk__in=[entry.pk for entry in entries]).update(relayed_at=timezone.now())
    return len(entries)


@dataclass(frozen=True)
class Reconciled:
    ended: int  # finished, or failed with no retry left: their rows are gone
    pushed_again: int  # Redis had lost them
    requeued: int  # their worker died: queued again by RQ


# A stopped or cancelled job is never retried by RQ, whatever its retries left.
ENDED = (JobStatus.STOPPED, JobStatus.CANCELED)


def reconcile(*, now: datetime.datetime | None = None, limit: int = RECONCILE_BATCH) -> Reconciled:
    """The minute job on the broker queue: requeue the jobs of dead workers, end the rows of jobs that
    are over, push again the jobs Redis lost (see the module's text)."""
    from jembatan.core.models import TaskOutbox

    now = now or timezone.now()
    requeued = 0
    for name in queue_names():
        # Under RQ's maintenance lock, as RQ's own workers clean up: two clean-ups at once would both
        # requeue a dead worker's job, and it would run twice. Without the lock, the next minute does it.
        rq_queue = queue(name)
        if not rq_queue.acquire_maintenance_lock():
            continue
        try:
            registry = StartedJobRegistry(name=name, connection=_client(name), job_class=RelayedJob)
            requeued += len(registry.get_expired_job_ids(now.timestamp()))
            registry.cleanup(now.timestamp())
        finally:
            rq_queue.release_maintenance_lock()
    with transaction.atomic():
        entries = list(
            TaskOutbox.objects.select_for_update(skip_locked=True)
            .filter(relayed_at__lte=now - RECONCILE_AFTER)
            .order_by("relayed_at")[:limit]
        )
        queues: dict = {}
        over, lost, waiting = [], [], []
        for entry in entries:
            queues.setdefault(entry.queue_name, queue(entry.queue_name))
        jobs = {}
        for name, rq_queue in queues.items():
            ids = [entry.pk for entry in entries if entry.queue_name == name]
            jobs.update(zip(ids, RelayedJob.fetch_many(ids, connection=rq_queue.connection), strict=True))
        for entry in entries:
            job = jobs[entry.pk]
            status = job.get_status(refresh=False) if job is not None else None
            if job is None:
                lost.append(entry)
            elif status in (JobStatus.FINISHED, *ENDED) or (status == JobStatus.FAILED and not job.retries_left):
                over.append(entry.pk)
            else:
                waiting.append(entry.pk)
        for entry in lost:
            _push(entry, queues)
        ended = TaskOutbox.objects.filter(pk__in=over).delete()[0] if over else 0
        # Pushed again, or still queued or running: looked at again in a minute, after the others.
        pushed = TaskOutbox.objects.filter(pk__in=[entry.pk for entry in lost]).update(relayed_at=now)
        TaskOutbox.objects.filter(pk__in=waiting).update(relayed_at=now)
    return Reconciled(ended, pushed, requeued)


# After a failed push, this process's commit hooks leave their rows to the relay loop for this long: a
# transaction that queued many tasks waits for the broker once, not once per task.
BROKER_PAUSE_SECONDS = 5
_broker_failed_until = [0.0]


def _relay_after_commit(entry) -> None:
    """The commit hook: claim the row just committed by marking it, then push it.

    The mark comes first and only if the row is still unmarked, so the commit hook and the relay loop
    (which locks the rows it pushes) never both push one task, however long the transaction took. When
    the push fails the mark is taken back and the relay loop pushes the row; when the process dies
    between the mark and the push, the reconcile finds no job for the marked row and pushes it.
    """
    from jembatan.core.models import TaskOutbox

    if time.monotonic() < _broker_failed_until[0]:
        return  # the broker failed a moment ago: leave the row to the relay loop, do not wait again
    try:
        if not TaskOutbox.objects.filter(pk=entry.pk, relayed_at__isnull=True).update(relayed_at=timezone.now()):
            return  # the relay loop has it
        _push(entry, {})
    except Exception as error:  # noqa: BLE001 - the row goes back to the relay loop
        # One line, no traceback: while the broker is away every task queued says so.
        logger.warning("Task %s waits for the worker's relay: the broker did not take it (%s).", entry.pk, error)
        _broker_failed_until[0] = time.monotonic() + BROKER_PAUSE_SECONDS
        try:
            TaskOutbox.objects.filter(pk=entry.pk).update(relayed_at=None)
        except Exception:  # noqa: BLE001 - the database is away too: the reconcile pushes it later
            logger.warning("Task %s stays marked; the reconcile will push it.", entry.pk)


def relay_loop(stop: threading.Event, *, interval: float = 1.0) -> None:
    """The worker's relay thread: every ``interval`` seconds push what the commit hooks left behind. An
    outage is logged when it starts (with its traceback) and when it ends, not at every attempt."""
    failing = False
    while not stop.is_set():
        try:
            while relay(older_than=RELAY_AFTER) == RELAY_BATCH and not stop.is_set():
                pass
            if failing:
                logger.warning("The task relay reaches the broker and the database again.")
                failing = False
        except Exception:  # noqa: BLE001 - Redis or the database away: the rows wait, the loop goes on
            if not failing:
                logger.warning("The task relay cannot reach the broker or the database; retrying.", exc_info=True)
            failing = True
        finally:
            close_old_connections()
        stop.wait(interval)


def oldest_waiting() -> datetime.datetime | None:
    """When the oldest task still waiting was queued: unrelayed in the outbox or at the head of a queue."""
    from django.db.models import Min

    from jembatan.core.models import TaskOutbox

    found = [TaskOutbox.objects.filter(relayed_at__isnull=True).aggregate(oldest=Min("enqueued_at"))["oldest"]]
    for name in queue_names():
        rq_queue = queue(name)
        head = rq_queue.get_job_ids(0, 1)
        job = rq_queue.fetch_job(head[0]) if head else None
        if job is not None and job.enqueued_at is not None:
            enqueued_at = job.enqueued_at
            found.append(enqueued_at if enqueued_at.tzinfo else enqueued_at.replace(tzinfo=datetime.UTC))
    found = [when for when in found if when is not None]
    return min(found) if found else None


def run_worker(*, worker_id: str) -> None:
    """RQ's ``SimpleWorker`` on every queue, in this thread, until SIGTERM or SIGINT."""
    from django.utils.crypto import get_random_string
    from rq.worker import SimpleWorker

    queues = [queue(name, worker=True) for name in queue_names()]
    # A name of its own for each start: after a broker outage the last start's registration may still be
    # there, marked alive, and RQ refuses a second worker of the same name.
    name = f"{worker_id}.{get_random_string(4)}"
    worker = SimpleWorker(queues, connection=queues[0].connection, name=name, job_class=RelayedJob)
    worker.work(with_scheduler=False)


def _waiting_result(task: Task, entry) -> TaskResult:
    """The result of a task that is in the outbox or queued and has not started."""
    return TaskResult(
        task=task,
        id=entry.pk,
        status=TaskResultStatus.READY,
        enqueued_at=entry.enqueued_at,
        started_at=None,
        last_attempted_at=None,
        finished_at=None,
        args=entry.args,
        kwargs=entry.kwargs,
        backend=entry.backend,
        errors=[],
        worker_ids=[],
    )


class OutboxRQBackend(RQBackend):
    """``django-tasks-rq`` behind a transactional outbox (see the module's text)."""

    # A task runs as soon as a worker is free; no task asks to run later, so RQ's scheduler is not run.
    supports_defer = False

    def enqueue(self, task: Task, args, kwargs) -> TaskResult:
        from jembatan.core.models import TaskOutbox

        self.validate_task(task)
        entry = TaskOutbox.objects.create(
            id=get_random_id(),
            backend=self.alias,
            task_path=task.module_path,
            queue_name=task.queue_name,
            priority=task.priority,
            args=normalize_json(list(args)),
            kwargs=normalize_json(dict(kwargs)),
            enqueued_at=timezone.now(),
        )
        transaction.on_commit(partial(_relay_after_commit, entry))
        result = _waiting_result(task, entry)
        task_enqueued.send(type(self), task_result=result)
        return result

    def get_result(self, result_id: str) -> TaskResult:
        """From RQ once relayed; a task still in the outbox is reported as ready."""
        from jembatan.core.models import TaskOutbox

        job = self._get_job(result_id)
        if job is not None:
            return job.task_result
        entry = TaskOutbox.objects.filter(pk=result_id).first()
        if entry is None:
            raise TaskResultDoesNotExist(result_id)
        from django.utils.module_loading import import_string

        return _waiting_result(import_string(entry.task_path), entry)

    def _get_job(self, result_id: str):
        from rq.exceptions import NoSuchJobError

        try:
            return RelayedJob.fetch(result_id, connection=_client("default"))
        except NoSuchJobError:
            return None

    def check(self, **kwargs):
        """The queues must be configured (``RQ_QUEUES``); django-rq's admin app is not needed."""
        yield from BaseTaskBackend.check(self, **kwargs)
        from django.core.checks import messages

        for name in self.queues:
            if name not in django_rq.settings.QUEUES:
                yield messages.Error(f"{name!r} is not configured for django-rq", f"Add {name!r} to RQ_QUEUES")


def broker_configured() -> bool:
    return settings.TASKS["default"]["BACKEND"] == BACKEND_PATH
