"""`make worker`: run the task worker (the database queue, or RQ on the broker queue), enqueue periodic
jobs when they are due, beat, and run the capabilities' own loops (the notifications outbox; the task
relay on the broker queue).

The heartbeat (jembatan/core/background.py) lets `/readyz` and the staff workspace show a worker that
died. Supervise the process (docs/operations.md has a systemd unit that restarts it).
"""

import logging
import os
import socket
import threading
import time

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import InterfaceError, OperationalError, close_old_connections, connections
from django.utils import timezone
from django.utils.crypto import get_random_string
from django.utils.module_loading import import_string
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

from jembatan.core.background import RECONNECT_DELAYS, heartbeat_beat, heartbeat_forget, on_broker
from jembatan.core.registry import worker_loops
from jembatan.core.scheduler import run_schedule_once

logger = logging.getLogger(__name__)


def _beat_once(*, worker_id: str, started_at) -> None:
    """One heartbeat that never raises: a database restart must not stop the beating thread."""
    try:
        heartbeat_beat(worker_id=worker_id, started_at=started_at)
    except Exception:  # noqa: BLE001 - logged; the next beat tries again
        logger.warning("The worker heartbeat could not be written; trying again.", exc_info=True)
    finally:
        close_old_connections()


def run_until_stopped(run_worker, *, sleep=time.sleep) -> None:
    """Run the task worker; when the database or the broker goes away (a restart, a failover), reconnect
    and go on.

    The worker (``db_worker``, or RQ's on the broker queue) returns when it is asked to stop (SIGTERM,
    SIGINT): then this returns too. A database or broker connection error ends only the current attempt:
    connections are closed and the worker starts again after a growing pause. Anything else is a fault and
    is raised.
    """
    failures = 0
    while True:
        started = time.monotonic()
        try:
            run_worker()
            return
        except (OperationalError, InterfaceError, RedisConnectionError, RedisTimeoutError):
            if time.monotonic() - started > 60:  # it had been working: a new outage, start with short pauses
                failures = 0
            delay = RECONNECT_DELAYS[min(failures, len(RECONNECT_DELAYS) - 1)]
            failures += 1
            logger.warning(
                "The database or the task broker is unreachable; the worker starts again in %s s.", delay, exc_info=True
            )
            connections.close_all()
            sleep(delay)


class Command(BaseCommand):
    help = "Run background tasks (database or broker queue) and the periodic scheduler."

    def add_arguments(self, parser):
        parser.add_argument("--schedule-interval", type=int, default=60, help="seconds between schedule checks")
        parser.add_argument("--heartbeat-interval", type=int, default=15, help="seconds between heartbeats")

    def handle(self, *args, schedule_interval, heartbeat_interval, **options):
        stop = threading.Event()
        worker_id = f"{socket.gethostname()[:40]}-{os.getpid()}-{get_random_string(6)}"
        started_at = timezone.now()

        def schedule_loop():
            while not stop.is_set():
                for name in run_schedule_once():
                    self.stdout.write(f"scheduled {name}")
                stop.wait(schedule_interval)

        def heartbeat_loop():
            while not stop.is_set():
                _beat_once(worker_id=worker_id, started_at=started_at)
                stop.wait(heartbeat_interval)

        threads = [
            threading.Thread(target=schedule_loop, name="scheduler", daemon=True),
            threading.Thread(target=heartbeat_loop, name="heartbeat", daemon=True),
        ]
        if on_broker():  # what the commit hooks could not hand to the broker (ADR 0020)
            from jembatan.core.taskqueue import relay_loop

            threads.append(threading.Thread(target=relay_loop, args=(stop,), name="task-relay", daemon=True))
        # The capabilities' own loops (the notifications outbox), each in its own thread.
        for path in worker_loops():
            loop = import_string(path)
            threads.append(threading.Thread(target=loop, args=(stop,), name=path.rsplit(".", 2)[-2], daemon=True))
        for thread in threads:
            thread.start()
        try:
            if on_broker():
                from jembatan.core.taskqueue import run_worker

                run_until_stopped(lambda: run_worker(worker_id=worker_id))
            else:
                run_until_stopped(lambda: call_command("db_worker", interval=1, worker_id=worker_id))
        finally:
            stop.set()
            for thread in threads:
                thread.join(timeout=10)
            try:
                heartbeat_forget(worker_id=worker_id)
            except Exception:  # noqa: BLE001 - the row simply ages into "stale"
                logger.warning("The worker heartbeat could not be removed.", exc_info=True)
