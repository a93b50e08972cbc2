"""The worker's scheduler thread survives failures: each pass logs its exception and the loop goes on."""

import logging
import threading

import pytest
from django.core.management import call_command

from jembatan.core import scheduler
from jembatan.core.management.commands import worker


@pytest.fixture(autouse=True)
def closed_connections(monkeypatch):
    """Count the connection clean-ups instead of closing the test's own database connection."""
    calls = []
    monkeypatch.setattr(scheduler, "close_old_connections", lambda: calls.append(1))
    return calls


def test_a_failing_pass_is_logged_and_returns_nothing(monkeypatch, caplog, closed_connections):
    def broken(now=None):
        raise RuntimeError("database restarting")

    monkeypatch.setattr(scheduler, "enqueue_due_jobs", broken)
    with caplog.at_level(logging.ERROR, logger="jembatan.core.scheduler"):
        assert scheduler.run_schedule_once() == []
    [record] = caplog.records
    assert record.exc_info[0] is RuntimeError
    assert "scheduler" in record.getMessage()
    assert closed_connections == [1]


def test_a_successful_pass_returns_the_enqueued_jobs(monkeypatch):
    monkeypatch.setattr(scheduler, "enqueue_due_jobs", lambda now=None: ["lapse_inactive_kims"])
    assert scheduler.run_schedule_once() == ["lapse_inactive_kims"]


def test_the_worker_keeps_scheduling_after_an_exception(monkeypatch, caplog):
    passes = []
    recovered = threading.Event()

    def flaky(now=None):
        passes.append(now)
        if len(passes) == 1:
            raise RuntimeError("first pass fails")
        recovered.set()
        return ["close_answered_reports"]

    def fake_db_worker(name, **options):
        assert name == "db_worker"
        recovered.wait(timeout=10)

    monkeypatch.setattr(scheduler, "enqueue_due_jobs", flaky)
    monkeypatch.setattr(worker, "call_command", fake_db_worker)
    with caplog.at_level(logging.ERROR, logger="jembatan.core.scheduler"):
        call_command("worker", schedule_interval=0)
    assert recovered.is_set()
    assert len(passes) >= 2
    assert any(record.exc_info and record.exc_info[0] is RuntimeError for record in caplog.records)
