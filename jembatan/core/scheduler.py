"""Periodic jobs. The worker enqueues each job once per time slot, whatever the number of workers.

A ScheduledRun row with a unique (name, slot) is the claim: the worker that inserts it enqueues
the task; the others hit the constraint and skip.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.module_loading import import_string

from jembatan.core.models import ScheduledRun


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
    PeriodicJob(
        "escalate_overdue_reports", "jembatan.aspirations.tasks.escalate_overdue_task", datetime.timedelta(hours=6)
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
