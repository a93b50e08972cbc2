"""The broker queue (``TASKS_QUEUE=redis``, ADR 0020): tasks go through a transactional outbox to RQ.

Runs against the real PostgreSQL and Redis of ``DATABASE_URL`` and ``REDIS_URL`` (CI sets both). The
failures are the real ones: a rollback, a process that dies between the commit and the push, a broker
that does not answer, a relay that dies between the push and its delete, a worker SIGKILLed mid-task.
"""

from __future__ import annotations

import datetime
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.db import transaction
from django.utils import timezone
from django_tasks import task
from django_tasks.base import TaskResultStatus
from redis import Redis
from rq.worker import SimpleWorker

from jembatan.core import taskqueue
from jembatan.core.background import background_status, enqueue_with_transaction, requeue_abandoned_tasks
from jembatan.core.management.commands import worker as worker_command
from jembatan.core.models import TaskOutbox
from tests.markers import needs_redis

pytestmark = [needs_redis, pytest.mark.django_db(transaction=True)]  # real commits: the hooks must run
ROOT = Path(__file__).resolve().parents[2]
RUNS_KEY = "jbtest:task-broker:runs"
SLOW_FLAG = "jbtest:task-broker:slow-started"


@task()
def count_run(label: str) -> str:
    """Counts its runs in Redis, so a second run of the same task shows."""
    Redis.from_url(django_settings.RQ_QUEUES["default"]["URL"]).hincrby(RUNS_KEY, label, 1)
    return label


@task()
def slow_the_first_time(label: str) -> str:
    """The first run says it started and then takes a minute (long enough to be killed); later runs count."""
    client = Redis.from_url(django_settings.RQ_QUEUES["default"]["URL"])
    if client.set(SLOW_FLAG, "1", nx=True):
        time.sleep(60)
    client.hincrby(RUNS_KEY, label, 1)
    return label


@task()
def tick() -> None:
    """A periodic job's task (no arguments)."""
    count_run.call("tick")


@task()
def always_fails(label: str) -> None:
    count_run.call(label)
    raise ValueError("this task always fails")


def _later(**delta) -> datetime.datetime:
    return timezone.now() + datetime.timedelta(**delta)


def _unrelayed() -> bool:
    return TaskOutbox.objects.filter(relayed_at__isnull=True).exists()


def _clear(client: Redis) -> None:
    keys = [*client.scan_iter("rq:*"), RUNS_KEY, SLOW_FLAG]
    if keys:
        client.delete(*keys)


@pytest.fixture
def broker(settings):
    settings.TASKS = {"default": {"BACKEND": taskqueue.BACKEND_PATH}}
    settings.RQ_QUEUES = {"default": {"URL": settings.REDIS_URL, "DEFAULT_TIMEOUT": 120}}
    client = Redis.from_url(settings.REDIS_URL)
    _clear(client)
    taskqueue._broker_failed_until[0] = 0.0
    yield client
    _clear(client)
    taskqueue._broker_failed_until[0] = 0.0


def _runs(client: Redis, label: str) -> int:
    return int(client.hget(RUNS_KEY, label) or 0)


def _work(burst: bool = True) -> None:
    rq_queue = taskqueue.queue("default", worker=True)
    SimpleWorker([rq_queue], connection=rq_queue.connection, job_class=taskqueue.RelayedJob).work(burst=burst)


def test_a_task_waits_in_the_outbox_until_its_transaction_commits_then_runs_from_the_broker(broker):
    with transaction.atomic():
        result = count_run.enqueue("a")
        assert TaskOutbox.objects.filter(pk=result.id).exists()
        assert taskqueue.queue().count == 0  # nothing reaches the broker before the commit
    assert TaskOutbox.objects.get().relayed_at is not None  # the commit hook pushed it
    assert taskqueue.queue().job_ids == [result.id]  # the job carries the outbox id
    assert taskqueue.reconcile(now=_later(minutes=2)) == taskqueue.Reconciled(0, 0, 0)  # still queued: kept
    _work()
    assert _runs(broker, "a") == 1
    assert count_run.get_backend().get_result(result.id).status == TaskResultStatus.SUCCESSFUL
    assert not TaskOutbox.objects.exists()  # done: the worker removed the row


def test_a_rolled_back_task_never_reaches_the_broker(broker):
    with pytest.raises(RuntimeError), transaction.atomic():
        count_run.enqueue("gone")
        raise RuntimeError("the change failed")
    assert not TaskOutbox.objects.exists()
    assert taskqueue.queue().count == 0


def test_a_task_whose_process_died_after_the_commit_is_pushed_by_the_relay(broker, monkeypatch):
    monkeypatch.setattr(taskqueue, "_relay_after_commit", lambda entry_id: None)  # the push never happens
    with transaction.atomic():
        enqueue_with_transaction(count_run, label="orphan")
    assert TaskOutbox.objects.count() == 1 and taskqueue.queue().count == 0
    assert taskqueue.relay(older_than=taskqueue.RELAY_AFTER) == 0  # too young: left to its own hook
    TaskOutbox.objects.update(enqueued_at=timezone.now() - datetime.timedelta(seconds=15))
    assert taskqueue.relay(older_than=taskqueue.RELAY_AFTER) == 1
    assert not _unrelayed() and taskqueue.queue().count == 1
    _work()
    assert _runs(broker, "orphan") == 1


def test_an_unreachable_broker_never_fails_the_commit_and_the_task_is_relayed_when_it_returns(broker, settings):

    settings.RQ_QUEUES = {"default": {"URL": "redis://127.0.0.1:1/0", "DEFAULT_TIMEOUT": 120}}  # nothing listens
    with transaction.atomic():
        result = count_run.enqueue("outage")
    entry = TaskOutbox.objects.get()  # committed, kept for the relay
    assert entry.pk == result.id
    assert background_status().as_dict()["queue"] == "unreachable"
    settings.RQ_QUEUES = {"default": {"URL": settings.REDIS_URL, "DEFAULT_TIMEOUT": 120}}
    assert taskqueue.relay() == 1
    _work()
    assert _runs(broker, "outage") == 1


@pytest.mark.django_db  # no commit needed: the page only reads
def test_administrators_see_an_unreachable_broker_in_the_workspace(broker, settings, client):
    from jembatan.accounts.roles import Role
    from jembatan.core.background import heartbeat_beat
    from tests.factories import make_staff, signed_in

    heartbeat_beat(worker_id="w1", started_at=timezone.now())
    signed_in(client, make_staff(Role.ADMIN))
    assert 'data-testid="background-warning"' not in client.get("/staf/").content.decode()
    settings.RQ_QUEUES = {"default": {"URL": "redis://127.0.0.1:1/0", "DEFAULT_TIMEOUT": 120}}
    page = client.get("/staf/").content.decode()
    assert 'data-testid="background-warning"' in page
    assert "Server antrean tugas (Redis) tidak dapat dihubungi" in page


def test_a_relay_that_died_between_push_and_mark_does_not_queue_the_task_twice(broker, monkeypatch):
    monkeypatch.setattr(taskqueue, "_relay_after_commit", lambda entry_id: None)
    count_run.enqueue("twice")
    entry = TaskOutbox.objects.get()
    assert taskqueue._push(entry, {}) is True  # pushed; the delete never came
    assert taskqueue.relay() == 1  # the row is handled again: its job is already there
    assert taskqueue.queue().count == 1
    _work()
    assert _runs(broker, "twice") == 1


def test_the_relay_loop_hands_over_what_is_left_and_stops_when_asked(broker, monkeypatch):
    import threading

    monkeypatch.setattr(taskqueue, "_relay_after_commit", lambda entry_id: None)
    for label in ("l1", "l2", "l3"):
        count_run.enqueue(label)
    TaskOutbox.objects.update(enqueued_at=timezone.now() - datetime.timedelta(seconds=15))
    stop = threading.Event()
    thread = threading.Thread(target=taskqueue.relay_loop, args=(stop,), kwargs={"interval": 0.05})
    thread.start()
    deadline = time.monotonic() + 10
    while _unrelayed() and time.monotonic() < deadline:
        time.sleep(0.05)
    stop.set()
    thread.join(timeout=5)
    assert not thread.is_alive()
    assert not _unrelayed() and taskqueue.queue().count == 3


def test_readyz_gives_the_age_of_the_oldest_waiting_task_in_the_outbox_or_the_queue(broker, client, settings):
    from jembatan.core.background import heartbeat_beat

    settings.BACKGROUND_STALE_AFTER = 300
    heartbeat_beat(worker_id="w1", started_at=timezone.now())
    count_run.enqueue("waiting")  # pushed: it waits in the RQ queue
    body = client.get("/readyz").json()
    assert body["status"] == "ok" and body["oldest_due_task_age_seconds"] <= 5
    TaskOutbox.objects.create(
        id="stuck", backend="default", task_path=count_run.module_path, queue_name="default",
        args=["stuck"], kwargs={}, enqueued_at=timezone.now() - datetime.timedelta(minutes=7),
    )  # fmt: skip
    body = client.get("/readyz").json()
    assert (body["status"], body["queue"]) == ("degraded", "stale")
    assert 415 <= body["oldest_due_task_age_seconds"] <= 430


def _worker_process() -> subprocess.Popen:
    """A worker in a process of its own (the test's database and Redis), to be killed."""
    code = (
        "import django; django.setup();"
        "from django.conf import settings;"
        f"settings.RQ_QUEUES = {{'default': {{'URL': {django_settings.REDIS_URL!r}, 'DEFAULT_TIMEOUT': 120}}}};"
        "from jembatan.core.taskqueue import run_worker; run_worker(worker_id='doomed')"
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "jembatan.config.settings.test"}
    return subprocess.Popen([sys.executable, "-c", code], cwd=ROOT, env=env, start_new_session=True)


def test_a_task_whose_worker_was_killed_runs_again_and_only_once_more(broker):
    result = slow_the_first_time.enqueue("killed")
    process = _worker_process()
    try:
        deadline = time.monotonic() + 30
        while not broker.exists(SLOW_FLAG) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert broker.exists(SLOW_FLAG), "the worker never started the task"
        os.killpg(process.pid, signal.SIGKILL)  # mid-task: no chance to record anything
        process.wait(timeout=10)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)
    assert taskqueue.queue().count == 0  # taken, and now nobody runs it
    assert requeue_abandoned_tasks() == 0  # within its timeout the worker may still be alive
    later = _later(seconds=120 + 61)  # past the timeout and RQ's 60 s margin
    assert requeue_abandoned_tasks(now=later) == 1
    assert taskqueue.queue().job_ids == [result.id]
    _work()
    assert _runs(broker, "killed") == 1
    job = taskqueue.queue().fetch_job(result.id)
    assert job.get_status() == "finished" and job.retries_left == taskqueue.RETRIES - 1
    assert not TaskOutbox.objects.exists()


def test_tasks_that_redis_lost_are_pushed_again_and_finished_ones_are_not(broker):
    for n in range(3):
        count_run.enqueue(f"done-{n}")
    _work()  # these three ran
    waiting = [count_run.enqueue("waiting") for _ in range(2)]
    runs_before = dict(broker.hgetall(RUNS_KEY))
    for key in broker.scan_iter("rq:*"):  # Redis restarts without persistence: every job is gone
        broker.delete(key)
    assert taskqueue.reconcile(now=_later(minutes=2)) == taskqueue.Reconciled(0, 2, 0)
    assert set(taskqueue.queue().job_ids) == {result.id for result in waiting}
    _work()
    assert [_runs(broker, f"done-{n}") for n in range(3)] == [1, 1, 1]  # not run again
    assert _runs(broker, "waiting") == 2 and len(runs_before) == 3
    assert not TaskOutbox.objects.exists()


def test_a_task_that_keeps_failing_is_tried_again_then_kept_among_the_failed(broker):
    result = always_fails.enqueue("broken")
    _work()
    assert _runs(broker, "broken") == taskqueue.RETRIES + 1
    assert result.id in taskqueue.queue().failed_job_registry.get_job_ids()
    assert always_fails.get_backend().get_result(result.id).status == TaskResultStatus.FAILED
    assert taskqueue.reconcile(now=_later(minutes=2)).ended == 1


def test_the_worker_starts_again_after_the_broker_went_away(monkeypatch):
    from redis.exceptions import ConnectionError as RedisConnectionError

    attempts, pauses = [], []

    def run_worker():
        attempts.append(1)
        if len(attempts) == 1:
            raise RedisConnectionError("Connection refused")

    worker_command.run_until_stopped(run_worker, sleep=pauses.append)
    assert len(attempts) == 2 and pauses == [1]


def test_a_scheduled_job_is_queued_in_the_transaction_that_claims_its_slot(broker, monkeypatch):
    from jembatan.core import scheduler
    from jembatan.core.models import ScheduledRun
    from jembatan.core.registry import PeriodicJob

    job = PeriodicJob("tick", f"{__name__}.tick", datetime.timedelta(minutes=1))
    monkeypatch.setattr(scheduler, "jobs", lambda: [job])
    monkeypatch.setattr(taskqueue, "_relay_after_commit", lambda entry_id: None)  # died right after the commit
    assert scheduler.enqueue_due_jobs() == ["tick"]
    assert scheduler.enqueue_due_jobs() == []  # the slot is taken
    # The claim and the task committed together: the relay has the task although no hook pushed it.
    assert ScheduledRun.objects.filter(name="tick").count() == 1
    assert TaskOutbox.objects.get().task_path == f"{__name__}.tick"
    assert taskqueue.relay() == 1
    _work()
    assert _runs(broker, "tick") == 1


def test_a_broker_that_accepts_and_never_answers_holds_the_commit_hook_for_one_timeout(broker, settings):
    """One try with a 2 s timeout, not the Redis client's default retries: a request is not held for long."""
    import socket

    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen(8)  # the kernel accepts the connections; nothing ever reads or answers
        settings.RQ_QUEUES = {"default": {"URL": f"redis://127.0.0.1:{silent.getsockname()[1]}/0"}}
        started = time.monotonic()
        with transaction.atomic():
            for n in range(3):  # three hooks, one wait: the next two leave their rows to the relay loop
                count_run.enqueue(f"silent-{n}")
        waited = time.monotonic() - started
    assert taskqueue.WEB_SOCKET_TIMEOUT <= waited < 2 * taskqueue.WEB_SOCKET_TIMEOUT + 1
    assert TaskOutbox.objects.filter(relayed_at__isnull=True).count() == 3  # kept for the relay loop


def test_the_relay_loop_logs_an_outage_once_and_its_end(broker, settings, monkeypatch, caplog):
    import logging
    import threading

    monkeypatch.setattr(taskqueue, "_relay_after_commit", lambda entry: None)
    count_run.enqueue("outage-log")
    TaskOutbox.objects.update(enqueued_at=timezone.now() - datetime.timedelta(seconds=15))
    settings.RQ_QUEUES = {"default": {"URL": "redis://127.0.0.1:1/0"}}
    stop = threading.Event()
    thread = threading.Thread(target=taskqueue.relay_loop, args=(stop,), kwargs={"interval": 0.02})
    with caplog.at_level(logging.WARNING, logger="jembatan.core.taskqueue"):
        thread.start()
        time.sleep(0.5)  # many attempts, all refused
        settings.RQ_QUEUES = {"default": {"URL": settings.REDIS_URL}}
        deadline = time.monotonic() + 10
        while _unrelayed() and time.monotonic() < deadline:
            time.sleep(0.02)
        stop.set()
        thread.join(timeout=5)
    messages = [record.getMessage() for record in caplog.records]
    assert messages == [
        "The task relay cannot reach the broker or the database; retrying.",
        "The task relay reaches the broker and the database again.",
    ]
    assert not _unrelayed()


def test_a_commit_hook_that_comes_after_the_relay_loop_does_not_push_the_task_again(broker, monkeypatch):
    """A long transaction: its task is older than RELAY_AFTER when it commits, and the loop gets there first."""
    hooks, hook = [], taskqueue._relay_after_commit
    monkeypatch.setattr(taskqueue, "_relay_after_commit", hooks.append)
    count_run.enqueue("long")
    TaskOutbox.objects.update(enqueued_at=timezone.now() - datetime.timedelta(seconds=15))
    assert taskqueue.relay(older_than=taskqueue.RELAY_AFTER) == 1
    pushes = []
    monkeypatch.setattr(taskqueue, "_push", lambda entry, queues: pushes.append(entry.pk))
    hook(hooks[0])  # the late hook finds the row marked and leaves it (no race on Redis left to lose)
    assert pushes == []
    monkeypatch.undo()
    assert taskqueue.queue().count == 1
    _work()
    assert _runs(broker, "long") == 1


def test_a_task_marked_by_a_hook_that_died_before_the_push_is_pushed_by_the_reconcile(broker, monkeypatch):
    def killed(entry, queues):
        raise SystemExit("killed between the mark and the push")

    hooks, hook = [], taskqueue._relay_after_commit
    monkeypatch.setattr(taskqueue, "_relay_after_commit", hooks.append)
    count_run.enqueue("marked")
    monkeypatch.setattr(taskqueue, "_push", killed)
    with pytest.raises(SystemExit):
        hook(hooks[0])
    monkeypatch.undo()
    assert not _unrelayed() and taskqueue.queue().count == 0  # marked, and no job
    assert taskqueue.reconcile(now=_later(minutes=2)).pushed_again == 1
    _work()
    assert _runs(broker, "marked") == 1
