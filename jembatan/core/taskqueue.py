"""Background tasks on a broker: RQ on Redis or Valkey (``django-tasks-rq``), fed by a transactional outbox.

``TASKS_QUEUE=redis`` (ADR 0020) selects ``OutboxRQBackend``. The web process never talks to the broker
inside a transaction, and a commit never depends on the broker:

1. ``enqueue`` writes a ``TaskOutbox`` row in the caller's transaction. The task exists exactly when the
   change it announces does: a rollback takes it away, a commit keeps it even if the process dies in
   the next instant (the first wave lost an email there, between commit and enqueue).
2. After the commit, the same process pushes the row to RQ as a job with the row's id and deletes the
   row (``relay``). A failure here (Redis unreachable, the process killed) leaves the row.
3. The worker's relay loop pushes what is left (rows older than ``RELAY_AFTER``), in batches.

A push and its delete are not one atomic act. When the process dies between them the row is relayed
again, finds its job id already in Redis and is only deleted, so a task is queued once. Only a job that
has already finished and whose record has expired (``result_ttl``, 500 s) before the relay comes back
could run a second time; tasks are idempotent for that reason and for the retry below.

The worker (``manage.py worker``) runs RQ's ``SimpleWorker`` in its main thread: each task runs in the
process, as with the database queue, with the database connections checked before and after it. A job
whose worker died is found by RQ's started-job registry once its timeout has passed and is queued again
(``Retry(max=RETRIES)``); the kernel's minute job ``requeue_abandoned_tasks`` runs that clean-up.
"""

from __future__ import annotations

import datetime
import logging
import threading
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
from rq import Retry
from rq.job import Callback, JobStatus
from rq.registry import StartedJobRegistry

logger = logging.getLogger(__name__)

BACKEND_PATH = "jembatan.core.taskqueue.OutboxRQBackend"
# A task that raised, or whose worker died, is queued again this many times before it counts as failed.
RETRIES = 3
# Rows pushed per relay transaction.
RELAY_BATCH = 500
# The relay loop leaves younger rows to the hook of the transaction that wrote them.
RELAY_AFTER = datetime.timedelta(seconds=2)
# Seconds the web process waits for the broker before leaving the row to the relay loop.
WEB_SOCKET_TIMEOUT = 2


class RelayedJob(Job):
    """django-tasks-rq's job, with the database connections checked around each task as around a request."""

    def perform(self):
        close_old_connections()
        try:
            return super().perform()
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
                url, socket_connect_timeout=WEB_SOCKET_TIMEOUT, socket_timeout=WEB_SOCKET_TIMEOUT
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
    )
    rq_queue.enqueue_job(job, at_front=entry.priority == TASK_MAX_PRIORITY)
    return True


def relay(
    *, ids: list[str] | None = None, older_than: datetime.timedelta | None = None, limit: int = RELAY_BATCH
) -> int:
    """Push outbox rows to RQ and delete them, in one transaction; return how many rows were handled.

    Rows another process is pushing are skipped (``SKIP LOCKED``). When Redis fails part-way, the
    transaction rolls back and every row stays; the jobs already pushed are recognised by their ids next
    time.
    """
    from jembatan.core.models import TaskOutbox

    with transaction.atomic():
        rows = TaskOutbox.objects.select_for_update(skip_locked=True).order_by("enqueued_at")
        if ids is not None:
            rows = rows.filter(pk__in=ids)
        if older_than is not None:
            rows = rows.filter(enqueued_at__lte=timezone.now() - older_than)
        entries = list(rows[:limit])
        if not entries:
            return 0
        queues: dict = {}
        for entry in entries:
            _push(entry, queues)
        TaskOutbox.objects.filter(pk__in=[entry.pk for entry in entries]).delete()
    return len(entries)


def _relay_after_commit(entry_id: str) -> None:
    """The commit hook: push at once; on any failure the row stays for the worker's relay loop."""
    try:
        relay(ids=[entry_id])
    except Exception:  # noqa: BLE001 - the row is kept; the relay loop pushes it
        logger.warning(
            "Task %s could not be handed to the broker now; the worker's relay will.", entry_id, exc_info=True
        )


def relay_loop(stop: threading.Event, *, interval: float = 1.0) -> None:
    """The worker's relay thread: every ``interval`` seconds push what the commit hooks left behind."""
    while not stop.is_set():
        try:
            while relay(older_than=RELAY_AFTER) == RELAY_BATCH and not stop.is_set():
                pass
        except Exception:  # noqa: BLE001 - Redis or the database away: the rows wait, the loop goes on
            logger.warning("The task relay could not reach the broker or the database; trying again.", exc_info=True)
        finally:
            close_old_connections()
        stop.wait(interval)


def oldest_waiting() -> datetime.datetime | None:
    """When the oldest task still waiting was queued: in the outbox or at the head of an RQ queue."""
    from django.db.models import Min

    from jembatan.core.models import TaskOutbox

    found = [TaskOutbox.objects.aggregate(oldest=Min("enqueued_at"))["oldest"]]
    for name in queue_names():
        rq_queue = queue(name)
        head = rq_queue.get_job_ids(0, 1)
        job = rq_queue.fetch_job(head[0]) if head else None
        if job is not None and job.enqueued_at is not None:
            found.append(
                job.enqueued_at.replace(tzinfo=datetime.UTC) if job.enqueued_at.tzinfo is None else job.enqueued_at
            )
    found = [when for when in found if when is not None]
    return min(found) if found else None


def requeue_abandoned(*, now: datetime.datetime | None = None) -> int:
    """Jobs whose worker died (past their timeout in the started registry) go back to their queue while
    retries remain, else to the failed registry; return how many were found."""
    timestamp = (now or timezone.now()).timestamp()
    found = 0
    for name in queue_names():
        registry = StartedJobRegistry(name=name, connection=_client(name), job_class=RelayedJob)
        found += len(registry.get_expired_job_ids(timestamp))
        registry.cleanup(timestamp)
    return found


def run_worker(*, worker_id: str) -> None:
    """RQ's ``SimpleWorker`` on every queue, in this thread, until SIGTERM or SIGINT."""
    from rq.worker import SimpleWorker

    queues = [queue(name, worker=True) for name in queue_names()]
    worker = SimpleWorker(queues, connection=queues[0].connection, name=worker_id, job_class=RelayedJob)
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
        transaction.on_commit(partial(_relay_after_commit, entry.pk))
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
