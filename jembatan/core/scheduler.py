"""Periodic jobs. The worker enqueues each job once per time slot, whatever the number of workers.

A ScheduledRun row with a unique (name, slot) is the claim: the worker that inserts it enqueues
the task; the others hit the constraint and skip.
"""

from __future__ import annotations

import datetime
import logging
from dataclasses import dataclass

from django.db import IntegrityError, close_old_connections, transaction
from django.utils import timezone
from django.utils.module_loading import import_string

from jembatan.core.models import ScheduledRun

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class PeriodicJob:
    name: str
    task_path: str
    every: datetime.timedelta


JOBS = [
    PeriodicJob(
        "lapse_inactive_kims", "jembatan.communities.tasks.lapse_inactive_kims_task", datetime.timedelta(days=1)
    ),
    PeriodicJob(
        "close_answered_reports", "jembatan.aspirations.tasks.auto_close_answered_task", datetime.timedelta(hours=6)
    ),
    PeriodicJob("newsroom_sync_listing", "jembatan.newsroom.tasks.sync_listing_task", datetime.timedelta(minutes=5)),
    PeriodicJob(
        "escalate_overdue_reports", "jembatan.aspirations.tasks.escalate_overdue_task", datetime.timedelta(hours=6)
    ),
    PeriodicJob("fetch_feeds", "jembatan.syndication.tasks.fetch_all_feeds_task", datetime.timedelta(minutes=30)),
    PeriodicJob(
        "requeue_abandoned_tasks", "jembatan.core.tasks.requeue_abandoned_tasks_task", datetime.timedelta(minutes=1)
    ),
]


def slot_for(job: PeriodicJob, now: datetime.datetime) -> str:
    seconds = int(job.every.total_seconds())
    return str(int(now.timestamp()) // seconds)


def enqueue_due_jobs(now: datetime.datetime | None = None) -> list[str]:
    now = now or timezone.now()
    enqueued = []
    for job in JOBS:
        try:
            with transaction.atomic():
                ScheduledRun.objects.create(name=job.name, slot=slot_for(job, now))
                task = import_string(job.task_path)
                transaction.on_commit(task.enqueue)
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
