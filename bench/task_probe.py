"""The task that bench/tasks.py queues: it counts its runs in the bench's Redis and does nothing else."""

from __future__ import annotations

import functools
import os

import redis
from django_tasks import task

COUNTER = "bench:task-probe:runs"


@functools.cache
def _client() -> redis.Redis:
    return redis.Redis.from_url(os.environ["TASKS_QUEUE_URL"])


@task()
def probe(number: int) -> int:
    _client().incr(COUNTER)
    return number


def runs() -> int:
    return int(_client().get(COUNTER) or 0)
