"""The task that bench/tasks.py queues: it counts its runs, per task, in the bench's own Redis database
(``BENCH_PROBE_REDIS``, not the broker, so that the count survives the broker's restart in the drill)."""

from __future__ import annotations

import functools
import os
import time

import redis
from django_tasks import task

TOTAL, PER_TASK = "bench:task-probe:runs", "bench:task-probe:per-task"


@functools.cache
def _client() -> redis.Redis:
    return redis.Redis.from_url(os.environ["BENCH_PROBE_REDIS"])


@task()
def probe(number: int, sleep_ms: int = 0) -> int:
    if sleep_ms:
        time.sleep(sleep_ms / 1000)
    pipeline = _client().pipeline(transaction=False)
    pipeline.incr(TOTAL)
    pipeline.hincrby(PER_TASK, str(number), 1)
    pipeline.execute()
    return number


def runs() -> int:
    return int(_client().get(TOTAL) or 0)


def per_task() -> dict[int, int]:
    return {int(number): int(count) for number, count in _client().hgetall(PER_TASK).items()}


def reset() -> None:
    _client().delete(TOTAL, PER_TASK)
