"""A dead worker or a stuck queue is visible on /readyz (and so to monitoring), not silent."""

from __future__ import annotations

import datetime

import pytest
from django.db import OperationalError
from django.utils import timezone
from django_tasks_db.models import DBTaskResult, get_date_max

from jembatan.core.background import background_status, heartbeat_beat, heartbeat_forget
from jembatan.core.management.commands import worker as worker_command
from jembatan.core.models import WorkerHeartbeat

DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture
def database_queue(settings):
    settings.TASKS = DATABASE_QUEUE
    settings.BACKGROUND_STALE_AFTER = 300


def _queued_task(*, enqueued_minutes_ago: int, run_after=None) -> DBTaskResult:
    task = DBTaskResult.objects.create(
        args_kwargs={"args": [], "kwargs": {}},
        task_path="jembatan.core.tasks.recompute_open_deadlines_task",
        backend_name="default",
        run_after=run_after or get_date_max(),
    )
    DBTaskResult.objects.filter(pk=task.pk).update(
        enqueued_at=timezone.now() - datetime.timedelta(minutes=enqueued_minutes_ago)
    )
    return task


def test_readyz_is_degraded_when_no_worker_ever_beat(client, db, database_queue):
    response = client.get("/readyz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "degraded"
    assert body["database"] == "ok"
    assert body["worker"] == "none"


def test_readyz_is_ok_with_a_fresh_heartbeat_and_an_empty_queue(client, db, database_queue):
    heartbeat_beat(worker_id="w1", started_at=timezone.now())
    body = client.get("/readyz").json()
    assert body["status"] == "ok"
    assert body["worker"] == "ok"
    assert body["worker_last_beat_age_seconds"] <= 5
    assert body["oldest_due_task_age_seconds"] is None


def test_readyz_says_the_worker_is_stale_after_five_minutes_without_a_beat(client, db, database_queue):
    beat = timezone.now() - datetime.timedelta(minutes=6)
    heartbeat_beat(worker_id="w1", started_at=beat, now=beat)
    body = client.get("/readyz").json()
    assert body["status"] == "degraded"
    assert body["worker"] == "stale"
    assert 355 <= body["worker_last_beat_age_seconds"] <= 370


def test_readyz_gives_the_age_of_the_oldest_due_task_and_warns_after_five_minutes(client, db, database_queue):
    heartbeat_beat(worker_id="w1", started_at=timezone.now())
    _queued_task(enqueued_minutes_ago=2)
    body = client.get("/readyz").json()
    assert body["status"] == "ok"
    assert 115 <= body["oldest_due_task_age_seconds"] <= 130

    _queued_task(enqueued_minutes_ago=7)
    # A task scheduled for later is not waiting yet, however old its row.
    _queued_task(enqueued_minutes_ago=60, run_after=timezone.now() + datetime.timedelta(hours=1))
    body = client.get("/readyz").json()
    assert body["status"] == "degraded"
    assert body["queue"] == "stale"
    assert 415 <= body["oldest_due_task_age_seconds"] <= 430


def test_background_status_costs_one_query_per_queue_whatever_their_size(db, database_queue, django_assert_num_queries):
    from jembatan.core.registry import background_queues

    for minutes in range(20):
        _queued_task(enqueued_minutes_ago=minutes)
        _queued_message(waiting_minutes=minutes)
    # The heartbeats, the task queue, and each registered queue (the outbox).
    with django_assert_num_queries(2 + len(background_queues())):
        background_status()


def _queued_message(*, waiting_minutes: int):
    from jembatan.notifications.models import Message

    due = timezone.now() - datetime.timedelta(minutes=waiting_minutes)
    return Message.objects.create(
        key=f"bg-{waiting_minutes}-{timezone.now().timestamp()}", channel="email", recipient="a@contoh.id",
        recipient_hash="x", template_key="notifications.test", language="id", body="Halo", next_attempt_at=due,
    )  # fmt: skip


def test_readyz_warns_when_a_message_has_waited_five_minutes_to_be_sent(client, db, database_queue):
    heartbeat_beat(worker_id="w1", started_at=timezone.now())
    _queued_message(waiting_minutes=2)
    body = client.get("/readyz").json()
    assert body["status"] == "ok"
    assert 115 <= body["oldest_due_message_age_seconds"] <= 130
    _queued_message(waiting_minutes=7)
    body = client.get("/readyz").json()
    assert (body["status"], body["queue"]) == ("degraded", "stale")
    assert 415 <= body["oldest_due_message_age_seconds"] <= 430


def test_without_a_database_queue_no_worker_is_expected(client, db, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    body = client.get("/readyz").json()
    assert body == {"status": "ok", "database": "ok", "worker": "not-used", "queue": "ok"}


def test_a_heartbeat_is_one_row_per_worker_and_is_removed_on_a_clean_stop(db):
    started = timezone.now()
    heartbeat_beat(worker_id="w1", started_at=started)
    heartbeat_beat(worker_id="w1", started_at=started)
    heartbeat_beat(worker_id="w2", started_at=started)
    assert WorkerHeartbeat.objects.count() == 2
    heartbeat_forget(worker_id="w1")
    assert list(WorkerHeartbeat.objects.values_list("worker_id", flat=True)) == ["w2"]


@pytest.mark.django_db(transaction=True)  # the beat closes broken connections, as the worker's thread does
def test_the_heartbeat_thread_survives_a_database_outage(monkeypatch):
    def database_down(**kwargs):
        raise OperationalError("the connection is closed")

    monkeypatch.setattr(worker_command, "heartbeat_beat", database_down)
    worker_command._beat_once(worker_id="w1", started_at=timezone.now())  # logs, does not raise
    monkeypatch.undo()
    worker_command._beat_once(worker_id="w1", started_at=timezone.now())
    assert WorkerHeartbeat.objects.filter(worker_id="w1").exists()


# --- Work that loses nothing -----------------------------------------------------------------------


def _running_task(*, worker_id: str, started_minutes_ago: int) -> DBTaskResult:
    task = _queued_task(enqueued_minutes_ago=started_minutes_ago + 1)
    DBTaskResult.objects.filter(pk=task.pk).update(
        status="RUNNING",
        started_at=timezone.now() - datetime.timedelta(minutes=started_minutes_ago),
        worker_ids=[worker_id],
    )
    return task


def test_a_task_left_running_by_a_dead_worker_goes_back_to_the_queue(db, database_queue):
    from jembatan.core.background import requeue_abandoned_tasks

    long_ago = timezone.now() - datetime.timedelta(minutes=20)
    heartbeat_beat(worker_id="dead", started_at=long_ago, now=long_ago)
    heartbeat_beat(worker_id="alive", started_at=long_ago)
    abandoned = _running_task(worker_id="dead", started_minutes_ago=10)
    never_beat = _running_task(worker_id="vanished", started_minutes_ago=10)
    slow_but_alive = _running_task(worker_id="alive", started_minutes_ago=10)
    just_started = _running_task(worker_id="dead", started_minutes_ago=1)

    assert requeue_abandoned_tasks() == 2

    states = dict(DBTaskResult.objects.values_list("pk", "status"))
    assert states[abandoned.pk] == states[never_beat.pk] == "READY"
    assert states[slow_but_alive.pk] == states[just_started.pk] == "RUNNING"
    assert DBTaskResult.objects.get(pk=abandoned.pk).started_at is None
    assert requeue_abandoned_tasks() == 0


def test_the_requeue_job_runs_every_minute():
    from jembatan.core.scheduler import jobs

    job = {j.name: j for j in jobs()}["requeue_abandoned_tasks"]
    assert job.every == datetime.timedelta(minutes=1)


def test_an_email_task_run_twice_with_its_delivery_key_sends_once(db, mailoutbox):
    from jembatan.accounts.tasks import new_delivery_key, send_email_task

    key = new_delivery_key()
    for _ in range(3):
        send_email_task.call(to=["warga@contoh.id"], subject="Laporan diterima", body="Terima kasih.", delivery_key=key)
    assert len(mailoutbox) == 1
    assert key in mailoutbox[0].extra_headers["Message-ID"]
    send_email_task.call(to=["warga@contoh.id"], subject="Lain", body="Pesan lain.", delivery_key=new_delivery_key())
    assert len(mailoutbox) == 2


def test_the_worker_reconnects_after_the_database_went_away_and_stops_when_asked():
    calls, pauses = [], []

    def worker_that_loses_the_database_twice():
        calls.append(1)
        if len(calls) <= 2:
            raise OperationalError("the connection is closed")

    worker_command.run_until_stopped(worker_that_loses_the_database_twice, sleep=pauses.append)
    assert len(calls) == 3
    assert pauses == [1, 2]


def test_a_fault_that_is_not_the_database_stops_the_worker():
    def broken():
        raise ZeroDivisionError

    with pytest.raises(ZeroDivisionError):
        worker_command.run_until_stopped(broken, sleep=lambda seconds: None)


@pytest.mark.django_db(transaction=True)
def test_a_task_queued_with_the_transaction_exists_exactly_when_the_change_does(settings):
    from django.db import transaction

    from jembatan.core.background import enqueue_with_transaction
    from jembatan.core.tasks import recompute_open_deadlines_task

    settings.TASKS = DATABASE_QUEUE
    with pytest.raises(RuntimeError), transaction.atomic():
        enqueue_with_transaction(recompute_open_deadlines_task)
        assert DBTaskResult.objects.count() == 1  # written now, inside the transaction
        raise RuntimeError("the change fails")
    assert DBTaskResult.objects.count() == 0  # rolled back with it

    with transaction.atomic():
        enqueue_with_transaction(recompute_open_deadlines_task)
    assert DBTaskResult.objects.filter(task_path__endswith="recompute_open_deadlines_task").count() == 1


def test_without_a_database_queue_the_task_waits_for_the_commit(db, django_capture_on_commit_callbacks):
    from jembatan.core.background import enqueue_with_transaction
    from jembatan.core.tasks import recompute_open_deadlines_task

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        enqueue_with_transaction(recompute_open_deadlines_task)
    assert len(callbacks) == 1


def test_administrators_see_a_stuck_worker_in_the_workspace(client, db, database_queue):
    from jembatan.accounts.roles import Role
    from tests.factories import make_staff, signed_in

    admin = make_staff(Role.ADMIN)
    editor = make_staff(Role.EDITOR)
    beat = timezone.now() - datetime.timedelta(minutes=9)
    heartbeat_beat(worker_id="w1", started_at=beat, now=beat)
    signed_in(client, admin)
    page = client.get("/staf/").content.decode()
    assert 'data-testid="background-warning"' in page
    assert "Pekerja latar" in page or "pekerja latar" in page
    other = client.__class__()
    signed_in(other, editor)
    assert 'data-testid="background-warning"' not in other.get("/staf/").content.decode()
    heartbeat_beat(worker_id="w1", started_at=beat)
    assert 'data-testid="background-warning"' not in client.get("/staf/").content.decode()


@pytest.mark.django_db(transaction=True)
def test_a_sent_email_is_recorded_even_while_the_database_restarts(monkeypatch):
    from jembatan.accounts import tasks as account_tasks
    from jembatan.core.models import EmailDelivery

    real = EmailDelivery.objects.get_or_create
    attempts = []

    def flaky(**kwargs):
        attempts.append(1)
        if len(attempts) <= 2:
            raise OperationalError("the connection is closed")
        return real(**kwargs)

    monkeypatch.setattr(EmailDelivery.objects, "get_or_create", flaky)
    pauses = []
    account_tasks._record_delivery("kunci-uji-123", 1, sleep=pauses.append)
    assert len(attempts) == 3 and pauses == [1, 2]
    assert EmailDelivery.objects.filter(key="kunci-uji-123").exists()
