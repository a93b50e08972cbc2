"""`make bench-tasks`: the background task queue on the database and on the broker (ADR 0020), on PostgreSQL.

For each queue (``TASKS_QUEUE=database``, then ``redis``):

1. **Enqueue**: N tasks (2,000), each queued in a transaction of its own, as a request queues one: the
   time from the start of the transaction to the end of the commit, hooks included (on the broker queue
   the outbox insert, the commit and the push to RQ).
2. **Run**: one ``manage.py worker`` process is started with the N tasks waiting; once its heartbeat
   shows it is up, the tasks it runs per second until all N are done.

Then the **drill** on the broker queue, against a private ``redis-server`` (no persistence) on a free
port: two workers run D tasks (2,000, 20 ms each) while one worker is SIGKILLed and restarted, and the
Redis server is SIGKILLed and started again empty (every queued job lost) with a quarter of the tasks
queued while it is down. Every task must run; the ones run twice are counted.

The task (``bench/task_probe.py``) counts its runs per task in Redis database 12 (not the broker), so a
lost or doubled task shows. Uses its own database (recreated, then dropped); stops the processes it
started, by process group. Writes the figures between the task-queue markers in docs/benchmarks.md
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

from run import (  # noqa: E402
    PY,
    REDIS_URL,
    bench_env,
    drop_database,
    free_port,
    log,
    recreate_database,
    write_marked_section,
)

START, END = "<!-- tasks:start -->", "<!-- tasks:end -->"
TASKS_REDIS = REDIS_URL.rsplit("/", 1)[0] + "/12"
LOGS = ROOT / "var" / "bench"
BACKENDS = {"database": "django_tasks_db.DatabaseBackend", "redis": "jembatan.core.taskqueue.OutboxRQBackend"}


def environment(database: str, queue: str) -> dict[str, str]:
    env = bench_env(database)
    env.update({"REDIS_URL": TASKS_REDIS, "TASKS_QUEUE": queue, "TASKS_QUEUE_URL": TASKS_REDIS})
    env["BENCH_PROBE_REDIS"] = TASKS_REDIS
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


def start_worker(env: dict[str, str], logfile: Path, schedule_interval: int = 3600) -> subprocess.Popen:
    logfile.parent.mkdir(parents=True, exist_ok=True)
    return subprocess.Popen(
        [PY, "manage.py", "worker", "--schedule-interval", str(schedule_interval), "--heartbeat-interval", "1"],
        cwd=ROOT, env=env, start_new_session=True, stdout=subprocess.DEVNULL, stderr=logfile.open("ab"),
    )  # fmt: skip


def stop(process: subprocess.Popen, sig: int = signal.SIGTERM) -> None:
    if process.poll() is not None:
        return
    os.killpg(process.pid, sig)
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)


def wait_for_heartbeats(count: int) -> None:
    from jembatan.core.models import WorkerHeartbeat

    deadline = time.monotonic() + 60
    while WorkerHeartbeat.objects.count() < count and time.monotonic() < deadline:
        time.sleep(0.05)


def measure_worker(database: str, queue: str, n: int, limit_seconds: float) -> dict:
    from bench.task_probe import runs

    process = start_worker(environment(database, queue), LOGS / f"worker-{queue}.log")
    try:
        wait_for_heartbeats(1)
        started, done_before = time.monotonic(), runs()
        deadline = started + limit_seconds
        while runs() < n and time.monotonic() < deadline:
            time.sleep(0.05)
        seconds = time.monotonic() - started
        done = runs()
    finally:
        stop(process)
    return {"done": done, "ran_here": done - done_before, "seconds": seconds, "rate": (done - done_before) / seconds}


def start_redis(port: int) -> subprocess.Popen:
    import redis

    process = subprocess.Popen(
        ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    client = redis.Redis(port=port)
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        try:
            client.ping()
            return process
        except redis.exceptions.ConnectionError:
            time.sleep(0.05)
    raise RuntimeError(f"redis-server did not start on port {port}")


def drill(database: str, n: int, sleep_ms: int, limit_seconds: float) -> dict:
    """Two workers on a private Redis; one worker SIGKILLed, the Redis SIGKILLed and started again empty."""
    import logging

    from django.db import transaction
    from django.test import override_settings

    from bench.task_probe import per_task, probe, reset
    from jembatan.core.models import TaskOutbox, WorkerHeartbeat

    reset()
    TaskOutbox.objects.all().delete()
    WorkerHeartbeat.objects.all().delete()
    port = free_port()
    url = f"redis://127.0.0.1:{port}/0"
    env = {**environment(database, "redis"), "TASKS_QUEUE_URL": url, "TASKS_TIMEOUT": "10"}
    # The pushes that fail while Redis is down are expected here: one warning each would flood the log.
    logging.getLogger("jembatan.core.taskqueue").setLevel(logging.ERROR)
    broker = start_redis(port)
    workers = [start_worker(env, LOGS / f"drill-worker-{i}.log", schedule_interval=5) for i in range(2)]
    events = []
    settings = {
        "TASKS": {"default": {"BACKEND": BACKENDS["redis"]}},
        "RQ_QUEUES": {"default": {"URL": url, "DEFAULT_TIMEOUT": 10}},
    }

    def enqueue(numbers) -> None:
        for number in numbers:
            with transaction.atomic():
                probe.enqueue(number, sleep_ms)

    try:
        wait_for_heartbeats(2)
        started = time.monotonic()
        with override_settings(**settings):
            enqueue(range(0, n // 2))
            time.sleep(2)
            stop(workers[0], signal.SIGKILL)
            events.append(f"worker SIGKILLed at {time.monotonic() - started:.1f} s")
            workers[0] = start_worker(env, LOGS / "drill-worker-0.log", schedule_interval=5)
            time.sleep(2)
            stop(broker, signal.SIGKILL)
            events.append(f"Redis SIGKILLed at {time.monotonic() - started:.1f} s")
            enqueue(range(n // 2, 3 * n // 4))  # committed; the pushes fail and the rows wait
            time.sleep(2)
            broker = start_redis(port)
            events.append(f"Redis started again, empty, at {time.monotonic() - started:.1f} s")
            enqueue(range(3 * n // 4, n))
        deadline = started + limit_seconds
        while len(per_task()) < n and time.monotonic() < deadline:
            time.sleep(0.5)
        seconds = time.monotonic() - started
        counts = per_task()
    finally:
        for process in workers:
            stop(process)
        stop(broker, signal.SIGKILL)
    missing = [number for number in range(n) if number not in counts]
    doubled = {number: count for number, count in counts.items() if count > 1}
    return {"tasks": n, "ran": len(counts), "missing": len(missing), "doubled": len(doubled),
            "runs": sum(counts.values()), "seconds": seconds, "events": events}  # fmt: skip


def clear(queue: str) -> None:
    import redis
    from django_tasks_db.models import DBTaskResult

    from jembatan.core.models import TaskOutbox, WorkerHeartbeat

    redis.Redis.from_url(TASKS_REDIS).flushdb()
    DBTaskResult.objects.all().delete()
    TaskOutbox.objects.all().delete()
    WorkerHeartbeat.objects.all().delete()


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description="The task queue on the database and on the broker.")
    parser.add_argument("--database", default="jembatan_bench_tasks")
    parser.add_argument("--tasks", type=int, default=2_000)
    parser.add_argument("--drill-tasks", type=int, default=2_000)
    parser.add_argument("--drill-sleep-ms", type=int, default=20)
    parser.add_argument("--limit-seconds", type=float, default=300)
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args(argv)
    recreate_database(args.database)
    results = {}
    try:
        setup_django(args.database)
        from bench.task_probe import per_task

        for queue in BACKENDS:
            clear(queue)
            enqueue = measure_enqueue(queue, args.tasks)
            log(f"{queue}: enqueue p50 {enqueue['p50_ms']:.2f} ms, p95 {enqueue['p95_ms']:.2f} ms per task")
            worker = measure_worker(args.database, queue, args.tasks, args.limit_seconds)
            counts = per_task()
            worker["once"] = sum(1 for count in counts.values() if count == 1)
            log(f"{queue}: {worker['ran_here']:,} tasks in {worker['seconds']:.1f} s = {worker['rate']:.0f}/s, "
                f"{worker['once']:,} of {args.tasks:,} ran exactly once")  # fmt: skip
            results[queue] = {**enqueue, **{f"worker_{k}": v for k, v in worker.items()}}
        clear("redis")
        log(f"drill: {args.drill_tasks:,} tasks of {args.drill_sleep_ms} ms on two workers and a private Redis")
        faults = drill(args.database, args.drill_tasks, args.drill_sleep_ms, args.limit_seconds)
        log(f"drill: {faults['ran']:,} of {faults['tasks']:,} ran, {faults['missing']} missing, "
            f"{faults['doubled']} twice, in {faults['seconds']:.1f} s ({'; '.join(faults['events'])})")  # fmt: skip
        clear("redis")
    finally:
        from django.db import connections

        connections.close_all()
        drop_database(args.database)
    ok = (
        all(result["worker_once"] == args.tasks for result in results.values())
        and faults["missing"] == faults["doubled"] == 0
    )
    rows = [
        f"| `TASKS_QUEUE={queue}` | {r['p50_ms']:.2f} / {r['p95_ms']:.2f} ms | {r['worker_rate']:,.0f} tasks/s "
        f"({r['worker_ran_here']:,} in {r['worker_seconds']:.1f} s) | {r['worker_once']:,} of {args.tasks:,} |"
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
        f"Method: {args.tasks:,} tasks (bench/task_probe.py, which counts its runs per task in Redis) are queued, each "
        "in a transaction of its own, timed from the start of the transaction to the end of the commit and its hooks "
        "(on the broker queue: the outbox insert, the commit, the push to RQ and the row marked relayed). Then one "
        "`manage.py worker` starts with them waiting; once its heartbeat shows, the tasks it runs per second until "
        "all are done.",
        "",
        f"**Drill** (broker queue): {faults['tasks']:,} tasks of {args.drill_sleep_ms} ms on two workers and a private "
        "`redis-server` without persistence; " + "; ".join(faults["events"]) + f"; a quarter of the tasks were queued "
        f"while Redis was down. **{faults['ran']:,} of {faults['tasks']:,} ran, {faults['missing']} missing, "
        f"{faults['doubled']} ran twice**, all done {faults['seconds']:.0f} s after the first was queued "
        "(the killed worker's task, and every job the empty Redis had lost, came back from the outbox with the "
        "minute job, a minute or two after they were pushed; a worker killed while Redis keeps its data is covered "
        "by tests/core/test_task_broker.py).",
    ])  # fmt: skip
    print(doc)
    if not args.no_write:
        write_marked_section(START, END, "## The background task queue (`make bench-tasks`)", doc)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
