"""Periodic jobs. The worker enqueues each job once per time slot, whatever the number of workers.

A ScheduledRun row with a unique (name, slot) is the claim: the worker that inserts it enqueues
the task; the others hit the constraint and skip.
"""

from __future__ import annotations

import datetime
import logging

from django.db import IntegrityError, close_old_connections, transaction
from django.utils import timezone
from django.utils.module_loading import import_string

from jembatan.core.background import enqueue_with_transaction
from jembatan.core.models import ScheduledRun
from jembatan.core.registry import PeriodicJob, periodic_jobs

logger = logging.getLogger(__name__)


# The kernel's own jobs; each capability declares its jobs in its AppConfig (core/registry.py).
KERNEL_JOBS = [
    PeriodicJob(
        "requeue_abandoned_tasks", "jembatan.core.tasks.requeue_abandoned_tasks_task", datetime.timedelta(minutes=1)
    ),
]


def jobs() -> list[PeriodicJob]:
    """Every capability's periodic jobs from the registry (the scheduler names no app), then the kernel's."""
    return [*periodic_jobs(), *KERNEL_JOBS]


def slot_for(job: PeriodicJob, now: datetime.datetime) -> str:
    seconds = int(job.every.total_seconds())
    return str(int(now.timestamp()) // seconds)


def enqueue_due_jobs(now: datetime.datetime | None = None) -> list[str]:
    now = now or timezone.now()
    enqueued = []
    for job in jobs():
        try:
            with transaction.atomic():
                ScheduledRun.objects.create(name=job.name, slot=slot_for(job, now))
                enqueue_with_transaction(import_string(job.task_path))
        except IntegrityError:
            continue
        enqueued.append(job.name)
    return enqueued


def run_schedule_once() -> list[str]:
    """One pass of the worker's scheduler loop: never raises, so the loop keeps running.

    A failure (the database restarting, a job that cannot be imported) is logged with its traceback
    and the next pass tries again; the slot claim makes a retried pass harmless.
    """
    try:
        return enqueue_due_jobs()
    except Exception:
        logger.exception("The periodic job scheduler failed; trying again at the next check.")
        return []
    finally:
        close_old_connections()
