"""`make drill-broadcast`: a broadcast reaches each recipient exactly once while workers die and the
database restarts, with the outbox on the Redis queue.

What it does, with no manual step, on a PostgreSQL of its own (as `make drill`; the machine's shared
cluster is never restarted) and Redis database 13 of the machine's Redis:

1. Creates a private PostgreSQL cluster, migrates with the production settings, imports the
   Pangkalpinang regions and writes N WhatsApp subscriptions (100,000 by default), each a distinct
   number under a standing consent.
2. Starts the stand-in WhatsApp provider (tools/fake_provider.py, in this process, on 127.0.0.1),
   which counts every message it accepts per recipient and posts signed status webhooks back in
   batches, echoing each message's key as WhatsApp echoes ``biz_opaque_callback_data``; gunicorn for
   the webhooks; and one ``manage.py worker`` with ``NOTIFICATIONS_QUEUE=redis``.
3. Starts one broadcast to the whole regency (the worker fans it out onto the outbox and the stream).
4. While it is sent: kills the worker with SIGKILL three times (starting a new one each time) and
   restarts PostgreSQL once (``pg_ctl restart -m fast``).
5. Waits until nothing is due in the outbox, then counts at the provider: recipients reached,
   recipients missing, recipients who got two or more copies; and in the outbox: rows per status.
6. Prints the figures (and writes them between the drill-broadcast markers in docs/benchmarks.md unless
   ``--no-write``); exits 1 when a recipient is missing or doubled or the outbox disagrees.
7. Stops everything it started, by process group, and removes the temporary cluster, also on failure.

Options: ``python bench/drill_broadcast.py --help``.
"""

from __future__ import annotations

import argparse
import collections
import datetime
import json
import signal
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from drill import (  # noqa: E402
    WORKER,
    PrivatePostgres,
    app_env,
    django_shell,
    free_port,
    log,
    manage,
    replace_section,
    start,
    start_app,
    stop,
)  # fmt: skip

from tools.fake_provider import FakeProvider  # noqa: E402

START_MARK, END_MARK = "<!-- drill-broadcast:start -->", "<!-- drill-broadcast:end -->"
REDIS_URL = "redis://127.0.0.1:6379/13"
NUMBER = "+62813{:07d}0"  # ends in 0: never one of the stand-in's magic endings (9001–9004)

SUBSCRIBE = """
from django.utils import timezone
from jembatan.notifications.api import recipient_hash
from jembatan.notifications.models import Consent, ConsentPurpose, Subscription
n = {n}
now = timezone.now()
numbers = ["{number}".format(i) for i in range(n)]
hashes = [recipient_hash("whatsapp", number) for number in numbers]
consents = Consent.objects.bulk_create(
    [Consent(channel="whatsapp", recipient_hash=hashed, purpose=ConsentPurpose.NEWS, text_version="drill",
             source="drill", regency_code="19.71") for hashed in hashes], batch_size=5000)
Subscription.objects.bulk_create(
    [Subscription(channel="whatsapp", address=number, address_hash=hashed, consent=consent, regency_code="19.71",
                  confirmed_at=now) for number, hashed, consent in zip(numbers, hashes, consents)], batch_size=5000)
print(json.dumps({{"subscriptions": Subscription.objects.count()}}))
"""

BROADCAST = """
from jembatan.notifications import broadcasts
b = broadcasts.broadcast_start(actor=None, regency_code="19.71", title="Uji siaran", summary="Uji ketahanan siaran.",
                               link="https://drill.example.go.id/berita/uji/", channels_=["whatsapp"])
print(json.dumps({"broadcast": b.pk}))
"""

OUTBOX = """
from django.db.models import Count
from jembatan.notifications.models import Message
rows = dict(Message.objects.filter(broadcast__isnull=False).values_list("status").annotate(n=Count("id")))
waiting = Message.objects.filter(broadcast__isnull=False, next_attempt_at__isnull=False).count()
print(json.dumps({"statuses": rows, "waiting": waiting}))
"""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--recipients", type=int, default=100_000)
    parser.add_argument("--kills", type=int, default=3)
    parser.add_argument("--max-minutes", type=float, default=40)
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args(argv)
    deadline = time.monotonic() + args.max_minutes * 60
    folder = ROOT / "var" / "drill"
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("broadcast-*.log"):
        old.unlink()
    pg = PrivatePostgres(free_port())
    web_port = free_port()
    provider = FakeProvider(callback=f"http://127.0.0.1:{web_port}", batch_receipts=True).start()
    server = worker = None
    try:
        log(f"private PostgreSQL on 127.0.0.1:{pg.port}, stand-in WhatsApp on {provider.url}")
        pg.init()
        env = app_env(pg.port, 1)  # no email in this drill
        env.update({
            "WHATSAPP_TOKEN": "drill", "WHATSAPP_PHONE_NUMBER_ID": "1", "WHATSAPP_APP_SECRET": "s",
            "WHATSAPP_VERIFY_TOKEN": "v", "WHATSAPP_BASE_URL": provider.url + "/v21.0",
            "NOTIFICATIONS_QUEUE": "redis", "NOTIFICATIONS_QUEUE_URL": REDIS_URL,
            "NOTIFICATIONS_PACING": "false", "NOTIFICATIONS_QUIET_FROM": "0", "NOTIFICATIONS_QUIET_UNTIL": "0",
            "NOTIFICATIONS_CONCURRENCY": "16",
            # A killed worker's unsent messages come back after this; its in-doubt ones are settled by their receipts.
            "NOTIFICATIONS_LEASE_SECONDS": "120",
        })  # fmt: skip
        import redis

        redis.Redis.from_url(REDIS_URL).flushdb()
        manage(env, "migrate", "--noinput", "-v", "0")
        manage(env, "import_regions", "--regency", "19.71")
        started = time.monotonic()
        made = django_shell(env, SUBSCRIBE.format(n=args.recipients, number=NUMBER))
        log(f"{made['subscriptions']:,} subscriptions in {time.monotonic() - started:.0f} s")
        server, worker = start_app(env, web_port, folder, prefix="broadcast-")
        django_shell(env, BROADCAST)
        send_started = time.monotonic()
        log(f"broadcast to {args.recipients:,} started")

        def reached() -> int:
            with provider.lock:
                return len(provider.per_recipient)

        shares = [0.15 + 0.6 * k / max(1, args.kills - 1) for k in range(args.kills)]  # 15 %, 45 %, 75 %
        faults = sorted([(share, "kill the worker (SIGKILL)") for share in shares] + [(0.6, "restart PostgreSQL")])
        events = []
        for share, fault in faults:
            while reached() < share * args.recipients and time.monotonic() < deadline:
                time.sleep(0.05)
            log(f"{fault} at {reached():,} reached")
            if fault.startswith("restart"):
                pg.restart()
            else:
                stop(worker, signal.SIGKILL)
                worker = start(WORKER, env, folder / "broadcast-worker.log")
            events.append(fault)
        outbox = {"waiting": -1, "statuses": {}}
        while time.monotonic() < deadline:
            outbox = django_shell(env, OUTBOX)
            if outbox["waiting"] == 0 and sum(outbox["statuses"].values()) >= args.recipients:
                break
            time.sleep(3)
        send_s = time.monotonic() - send_started
        with provider.lock:
            per_recipient = collections.Counter({to: n for (channel, to), n in provider.per_recipient.items()})
            accepted = len(provider.sent)
        expected = {NUMBER.format(i).lstrip("+") for i in range(args.recipients)}
        missing = len(expected - set(per_recipient))
        doubled = sum(1 for n in per_recipient.values() if n > 1)
        odd = {to for to, n in per_recipient.items() if n > 1 or to not in expected}
        with provider.lock:
            for sent in provider.sent:
                if sent["to"] in odd:  # what a second copy or a stranger looked like, for the log
                    log(f"odd: {sent['to']} {sent['id']} key={sent['payload'].get('biz_opaque_callback_data')} "
                        f"type={sent['payload'].get('type')}")  # fmt: skip
        statuses = outbox["statuses"]
        recorded = statuses.get("sending", 0) + statuses.get("delivered", 0) + statuses.get("read", 0)
        result = {
            "date": datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC"),
            "recipients": args.recipients, "faults": events, "reached": len(per_recipient), "accepted": accepted,
            "missing": missing, "doubled": doubled, "statuses": statuses, "recorded": recorded,
            "waiting": outbox["waiting"], "send_s": round(send_s),
        }  # fmt: skip
        log(json.dumps(result))
        ok = missing == 0 and doubled == 0 and recorded == args.recipients and outbox["waiting"] == 0
        if not args.no_write:
            write_doc(result, ok)
        log("PASSED" if ok else "FAILED")
        return 0 if ok else 1
    finally:
        stop(worker)
        stop(server)
        provider.stop()
        pg.stop()


def write_doc(result: dict, ok: bool) -> None:
    statuses = ", ".join(f"{status} {n:,}" for status, n in sorted(result["statuses"].items()))
    lines = [
        START_MARK,
        f"Run {result['date']} (`make drill-broadcast`, bench/drill_broadcast.py): one WhatsApp broadcast to "
        f"{result['recipients']:,} subscribers on the Redis queue, a private PostgreSQL, the stand-in provider on "
        f"127.0.0.1 posting its receipts back; while it was sent: {', '.join(result['faults'])}.",
        "",
        "| what | figure |",
        "|---|---:|",
        f"| recipients reached (counted at the provider) | {result['reached']:,} |",
        f"| recipients missing | {result['missing']:,} |",
        f"| recipients who got a second copy | {result['doubled']:,} |",
        f"| messages the provider accepted | {result['accepted']:,} |",
        f"| outbox rows recorded as accepted | {result['recorded']:,} ({statuses}) |",
        f"| still waiting in the outbox | {result['waiting']:,} |",
        f"| time from the start of the broadcast to the last row settled (the last killed worker's claimed messages wait out their 120 s lease) | {result['send_s']} s |",
        "",
        f"Verdict: **{'passed' if ok else 'FAILED'}**.",
        END_MARK,
    ]
    replace_section(lines, START_MARK, END_MARK, "Broadcast drill (`make drill-broadcast`)")


if __name__ == "__main__":
    sys.exit(main())
