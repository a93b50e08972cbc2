"""`make bench-outbox`: the notifications outbox at scale, on PostgreSQL.

1. **Fan-out**: N subscriptions (1,000,000 by default, inserted with one ``generate_series`` statement)
   and one broadcast to the whole regency on WhatsApp: the time ``broadcasts.fan_out`` takes to write
   one outbox row per subscriber (target: ≤ 60 s for 1,000,000).
2. **Sending throughput, pace off**: M messages (20,000) to distinct numbers, sent by this process as
   one worker does (``outbox.run_loop``: its sending threads each claim, send and record) to the stand-in
   provider (tools/fake_provider.py, a separate process on 127.0.0.1): messages per second (target
   ≥ 1,000), and the worker's CPU time per message.
3. **Sending with the pace on** at R messages per second (100): the rate measured over the run, which
   must be the configured one.

Uses its own database (recreated, then dropped) on the machine's PostgreSQL and Redis database 13;
stops the provider process it started. Writes the figures between the outbox markers in
docs/benchmarks.md unless ``--no-write``. Options: ``python bench/outbox.py --help``.
"""

from __future__ import annotations

import argparse
import datetime
import os
import resource
import signal
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
    flush_redis,
    log,
    recreate_database,
    write_marked_section,
)

START, END = "<!-- outbox:start -->", "<!-- outbox:end -->"


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def setup_django(database: str) -> None:
    env = bench_env(database)
    env["REDIS_URL"] = REDIS_URL.rsplit("/", 1)[0] + "/13"
    # WhatsApp on, at a base URL set once the stand-in provider is up.
    env.update({"WHATSAPP_TOKEN": "bench", "WHATSAPP_PHONE_NUMBER_ID": "1", "WHATSAPP_BASE_URL": "http://127.0.0.1:9"})
    os.environ.update(env)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("import_regions", verbosity=0)


def make_subscriptions(n: int, *, channel: str = "whatsapp", distinct_numbers: bool = False) -> None:
    """N active subscriptions to the whole regency, under one consent."""
    from django.db import connection

    from jembatan.core.crypto import encrypt
    from jembatan.notifications.models import Consent, Subscription

    consent = Consent.objects.create(channel=channel, recipient_hash="bench", purpose="news", text_version="b",
                                     source="bench", regency_code="19.71")  # fmt: skip
    if distinct_numbers:
        from django.utils import timezone

        from jembatan.notifications.api import recipient_hash

        now = timezone.now()
        rows = []
        for i in range(n):
            number = f"+62812{i:08d}"
            rows.append(Subscription(channel=channel, address=number, address_hash=recipient_hash(channel, number),
                                     consent=consent, regency_code="19.71", confirmed_at=now))  # fmt: skip
        Subscription.objects.bulk_create(rows, batch_size=5000)
        return
    token = encrypt("+6281200000000")
    table = Subscription._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (channel, address, address_hash, district_code, village_code, topic, consent_id, "  # noqa: S608
            "created_at, regency_code, token, confirmed_at) SELECT %s, %s, md5(i::text), '', '', '', %s, now(), '19.71', '', now() "
            "FROM generate_series(1, %s) AS i",
            [channel, token, consent.pk, n],
        )
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE " + table)


def start_broadcast(channels: list[str]):
    from jembatan.notifications import broadcasts

    return broadcasts.broadcast_start(
        actor=None, regency_code="19.71", title="Uji siaran", summary="Pengumuman uji kecepatan.",
        link="https://bench.example.go.id/berita/uji/", channels_=channels,
    )  # fmt: skip


def measure_fan_out(n: int) -> dict:
    from jembatan.notifications import broadcasts
    from jembatan.notifications.models import Message

    log(f"inserting {n:,} subscriptions")
    started = time.monotonic()
    make_subscriptions(n)
    log(f"subscriptions in {time.monotonic() - started:.0f} s; fanning out one broadcast")
    broadcast = start_broadcast(["whatsapp"])
    started = time.monotonic()
    added = broadcasts.fan_out(broadcast.pk)
    seconds = time.monotonic() - started
    rows = Message.objects.filter(broadcast=broadcast).count()
    log(f"fan-out: {added:,} rows in {seconds:.1f} s ({rows:,} in the outbox)")
    return {"subscriptions": n, "rows": rows, "seconds": seconds}


def start_provider() -> tuple[subprocess.Popen, str]:
    port = free_port()
    process = subprocess.Popen(
        [PY, str(ROOT / "tools" / "fake_provider.py"), "--port", str(port), "--callback", ""],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True, text=True,
    )  # fmt: skip
    process.stdout.readline()  # "fake provider on …": it listens
    return process, f"http://127.0.0.1:{port}"


def _empty(*models) -> None:
    """Empty tables between phases (TRUNCATE, then VACUUM: a million deleted rows would slow the claims)."""
    from django.db import connection

    from jembatan.notifications.models import MessageEvent

    tables = ", ".join(model._meta.db_table for model in (MessageEvent, *models))
    with connection.cursor() as cursor:
        cursor.execute(f"TRUNCATE {tables} CASCADE")


def drain(*, pacing: bool, rate: int, concurrency: int, limit_seconds: float) -> dict:
    """Run the worker's outbox loop (``outbox.run_loop``, as ``manage.py worker`` does) until nothing is
    left to send or ``limit_seconds`` pass; counts what the outbox recorded as accepted."""
    import threading

    from django.conf import settings
    from django.db.models import Count

    from jembatan.notifications import outbox
    from jembatan.notifications.models import Message
    from jembatan.notifications.statuses import MessageStatus

    settings.NOTIFICATIONS_PACING = pacing
    settings.NOTIFICATIONS_RATES = {**settings.NOTIFICATIONS_RATES, "whatsapp": rate}
    settings.NOTIFICATIONS_CONCURRENCY = concurrency
    waiting = Message.objects.filter(status=MessageStatus.CREATED)
    stop = threading.Event()
    cpu_before = resource.getrusage(resource.RUSAGE_SELF)
    started = time.monotonic()
    loop = threading.Thread(target=outbox.run_loop, args=(stop,), kwargs={"idle_wait": 0.05})
    loop.start()
    try:
        while time.monotonic() - started < limit_seconds and waiting.exists():
            time.sleep(0.1)
    finally:
        stop.set()
        loop.join()
    seconds = time.monotonic() - started
    cpu_after = resource.getrusage(resource.RUSAGE_SELF)
    cpu = (cpu_after.ru_utime - cpu_before.ru_utime) + (cpu_after.ru_stime - cpu_before.ru_stime)
    statuses = dict(Message.objects.values_list("status").annotate(n=Count("id")))
    sent = statuses.get(MessageStatus.SENDING, 0) + statuses.get(MessageStatus.DELIVERED, 0)
    return {"messages": sent, "seconds": seconds, "rate": sent / seconds if seconds else 0.0, "cpu_ms": 1000 * cpu / max(sent, 1),
            "statuses": statuses}  # fmt: skip


def measure_sending(m: int, paced_rate: int, paced_seconds: int, concurrency: int) -> dict:
    from django.conf import settings

    from jembatan.notifications.models import Message, Subscription

    process, url = start_provider()
    try:
        settings.WHATSAPP_BASE_URL, settings.WHATSAPP_TOKEN, settings.WHATSAPP_PHONE_NUMBER_ID = (
            url + "/v21.0",
            "t",
            "1",
        )
        _empty(Message, Subscription)
        log(f"{m:,} messages to distinct numbers; sending with the pace off, {concurrency} threads")
        make_subscriptions(m, distinct_numbers=True)
        from jembatan.notifications import broadcasts

        broadcasts.fan_out(start_broadcast(["whatsapp"]).pk)
        free = drain(pacing=False, rate=0, concurrency=concurrency, limit_seconds=600)
        log(f"pace off: {free['messages']:,} in {free['seconds']:.1f} s = {free['rate']:.0f}/s, "
            f"{free['cpu_ms']:.2f} ms CPU per message, {free['statuses']}")  # fmt: skip
        _empty(Message)
        broadcasts.fan_out(start_broadcast(["whatsapp"]).pk)
        paced = drain(pacing=True, rate=paced_rate, concurrency=concurrency, limit_seconds=paced_seconds)
        log(f"pace {paced_rate}/s: {paced['messages']:,} in {paced['seconds']:.1f} s = {paced['rate']:.1f}/s")
        return {"free": free, "paced": paced, "paced_target": paced_rate}
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=10)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description="The outbox at scale; writes docs/benchmarks.md.")
    parser.add_argument("--database", default="jembatan_bench_outbox")
    parser.add_argument("--subscriptions", type=int, default=1_000_000)
    parser.add_argument("--messages", type=int, default=20_000)
    parser.add_argument("--paced-rate", type=int, default=100)
    parser.add_argument("--paced-seconds", type=int, default=20)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args(argv)
    recreate_database(args.database)
    try:
        setup_django(args.database)
        flush_redis()
        fan = measure_fan_out(args.subscriptions)
        sending = measure_sending(args.messages, args.paced_rate, args.paced_seconds, args.concurrency)
    finally:
        from django.db import connections

        connections.close_all()
        drop_database(args.database)
    free, paced = sending["free"], sending["paced"]
    ok = fan["seconds"] <= 60 and fan["rows"] == fan["subscriptions"] and free["rate"] >= 1000
    ok = ok and abs(paced["rate"] - args.paced_rate) <= 0.05 * args.paced_rate
    doc = "\n".join([
        f"Run {datetime.datetime.now(datetime.UTC):%Y-%m-%d %H:%M} UTC (`make bench-outbox`, bench/outbox.py), PostgreSQL "
        "on this 2-core machine, one worker process (this script) and the stand-in provider (tools/fake_provider.py) "
        "in another process on 127.0.0.1.",
        "",
        "| what | figure | target |",
        "|---|---:|---|",
        f"| fan-out: one broadcast to {fan['subscriptions']:,} subscribers | {fan['rows']:,} outbox rows in "
        f"{fan['seconds']:.1f} s | ≤ 60 s, one row each: {'pass' if fan['seconds'] <= 60 and fan['rows'] == fan['subscriptions'] else '**FAIL**'} |",
        f"| sending, pace off ({args.concurrency} threads, {free['messages']:,} WhatsApp messages) | "
        f"{free['rate']:,.0f} messages/s | ≥ 1,000/s: {'pass' if free['rate'] >= 1000 else '**FAIL**'} |",
        f"| worker CPU per message (pace off) | {free['cpu_ms']:.2f} ms | recorded |",
        f"| sending, pace on at {args.paced_rate}/s for {args.paced_seconds} s | {paced['rate']:.1f} messages/s | "
        f"the configured rate ±5 %: {'pass' if abs(paced['rate'] - args.paced_rate) <= 0.05 * args.paced_rate else '**FAIL**'} |",
        "",
        "Fan-out writes the rows with one `INSERT … SELECT … ON CONFLICT DO NOTHING` per 5,000 subscriptions "
        "(ADR 0014). Sending counts a message when the provider accepted it and the outbox recorded it.",
    ])  # fmt: skip
    print(doc)
    if not args.no_write:
        write_marked_section(START, END, "## The notifications outbox (`make bench-outbox`)", doc)
    log("PASSED" if ok else "FAILED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
