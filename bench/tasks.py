"""`make bench-tasks`: the background task queue on the database and on the broker (ADR 0020), on PostgreSQL.

For each queue (``TASKS_QUEUE=database``, then ``redis``):

1. **Enqueue**: N tasks (2,000), each queued in a transaction of its own, as a request queues one: the
   time from the start of the transaction to the end of the commit, hooks included (on the broker queue
   the outbox insert, the commit and the push to RQ).
2. **Run**: one ``manage.py worker`` process is started with the N tasks waiting; once its heartbeat
   shows it is up, the tasks it runs per second until all N are done.

The task (``bench/task_probe.py``) counts its runs in Redis, so a lost or doubled task shows in the
count. Uses its own database (recreated, then dropped) and Redis database 12; stops the worker processes
it started, by process group. Writes the figures between the task-queue markers in docs/benchmarks.md
unless ``--no-write``.
"""

from __future__ import annotations

import argparse
import datetime
import os
import signal
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from run import DOC, PY, REDIS_URL, bench_env, drop_database, log, recreate_database  # noqa: E402

START, END = "<!-- tasks:start -->", "<!-- tasks:end -->"
TASKS_REDIS = REDIS_URL.rsplit("/", 1)[0] + "/12"
BACKENDS = {"database": "django_tasks_db.DatabaseBackend", "redis": "jembatan.core.taskqueue.OutboxRQBackend"}


def environment(database: str, queue: str) -> dict[str, str]:
    env = bench_env(database)
    env.update({"REDIS_URL": TASKS_REDIS, "TASKS_QUEUE": queue, "TASKS_QUEUE_URL": TASKS_REDIS})
    return env


def setup_django(database: str) -> None:
    os.environ.update(environment(database, "database"))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def measure_enqueue(queue: str, n: int) -> dict:
    from django.db import transaction
    from django.test import override_settings

    from bench.task_probe import probe

    timings = []
    with override_settings(TASKS={"default": {"BACKEND": BACKENDS[queue]}}):
        for number in range(n):
            started = time.perf_counter()
            with transaction.atomic():
                probe.enqueue(number)
            timings.append((time.perf_counter() - started) * 1000)
    timings.sort()
    return {
        "p50_ms": statistics.median(timings),
        "p95_ms": timings[int(len(timings) * 0.95) - 1],
        "seconds": sum(timings) / 1000,
    }


def measure_worker(database: str, queue: str, n: int, limit_seconds: float) -> dict:
    from bench.task_probe import runs
    from jembatan.core.models import WorkerHeartbeat

    process = subprocess.Popen(
        [PY, "manage.py", "worker", "--schedule-interval", "3600", "--heartbeat-interval", "1"],
        cwd=ROOT, env=environment(database, queue), start_new_session=True,
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 60
        while not WorkerHeartbeat.objects.exists() and time.monotonic() < deadline:
            time.sleep(0.05)
        started, done_before = time.monotonic(), runs()
        deadline = started + limit_seconds
        while runs() < n and time.monotonic() < deadline:
            time.sleep(0.05)
        seconds = time.monotonic() - started
        done = runs()
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)
    return {"done": done, "ran_here": done - done_before, "seconds": seconds, "rate": (done - done_before) / seconds}


def clear(queue: str) -> None:
    import redis
    from django_tasks_db.models import DBTaskResult

    from jembatan.core.models import TaskOutbox, WorkerHeartbeat

    redis.Redis.from_url(TASKS_REDIS).flushdb()
    DBTaskResult.objects.all().delete()
    TaskOutbox.objects.all().delete()
    WorkerHeartbeat.objects.all().delete()


def write(doc: str) -> None:
    text = DOC.read_text()
    if START in text:
        before, rest = text.split(START, 1)
        text = before + START + "\n" + doc + "\n" + END + rest.split(END, 1)[1]
    else:
        text = (
            text.rstrip()
            + "\n\n## The background task queue (`make bench-tasks`)\n\n"
            + START
            + "\n"
            + doc
            + "\n"
            + END
            + "\n"
        )
    DOC.write_text(text)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description="The task queue on the database and on the broker.")
    parser.add_argument("--database", default="jembatan_bench_tasks")
    parser.add_argument("--tasks", type=int, default=2_000)
    parser.add_argument("--limit-seconds", type=float, default=300)
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args(argv)
    recreate_database(args.database)
    results = {}
    try:
        setup_django(args.database)
        for queue in BACKENDS:
            clear(queue)
            enqueue = measure_enqueue(queue, args.tasks)
            log(f"{queue}: enqueue p50 {enqueue['p50_ms']:.2f} ms, p95 {enqueue['p95_ms']:.2f} ms per task")
            worker = measure_worker(args.database, queue, args.tasks, args.limit_seconds)
            log(f"{queue}: {worker['ran_here']:,} tasks in {worker['seconds']:.1f} s = {worker['rate']:.0f}/s, "
                f"{worker['done']:,} of {args.tasks:,} done")  # fmt: skip
            results[queue] = {**enqueue, **{f"worker_{k}": v for k, v in worker.items()}}
        clear("redis")
    finally:
        from django.db import connections

        connections.close_all()
        drop_database(args.database)
    ok = all(result["worker_done"] == args.tasks for result in results.values())
    rows = [
        f"| `TASKS_QUEUE={queue}` | {r['p50_ms']:.2f} / {r['p95_ms']:.2f} ms | {r['worker_rate']:,.0f} tasks/s "
        f"({r['worker_ran_here']:,} in {r['worker_seconds']:.1f} s) | {r['worker_done']:,} of {args.tasks:,} |"
        for queue, r in results.items()
    ]
    doc = "\n".join([
        f"Run {datetime.datetime.now(datetime.UTC):%Y-%m-%d %H:%M} UTC (`make bench-tasks`, bench/tasks.py), PostgreSQL "
        "and Redis on this 2-core machine, production settings.",
        "",
        "| queue | enqueue, one task per transaction (p50 / p95) | one worker process | ran exactly once |",
        "| --- | ---: | ---: | ---: |",
        *rows,
        "",
        f"Method: {args.tasks:,} tasks (bench/task_probe.py, which counts its runs in Redis) are queued, each in a "
        "transaction of its own, timed from the start of the transaction to the end of the commit and its hooks (on "
        "the broker queue: the outbox insert, the commit, the push to RQ and the row marked relayed). Then one "
        "`manage.py worker` starts with them waiting; once its heartbeat shows, the tasks it runs per second until "
        "all are done. The count in Redis must equal the tasks queued: none lost, none run twice.",
    ])  # fmt: skip
    print(doc)
    if not args.no_write:
        write(doc)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
