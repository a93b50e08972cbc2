"""`make drill`: nothing is lost or doubled when the database restarts and the worker is killed.

What it does, with no manual step, on a PostgreSQL of its own (the machine's shared cluster is never
restarted):

1. Creates a private PostgreSQL cluster in a temporary folder (``initdb`` as the ``postgres`` user) on
   a free loopback port, a local SMTP sink that counts every message, migrates with the production
   settings, imports the Pangkalpinang regions and one report category.
2. Starts gunicorn and one ``manage.py worker`` (heartbeat every 2 s, a task abandoned after 20 s).
3. Sends N submissions (10,000 by default) from C clients (50). Each client retries its submission
   with the same ``Idempotency-Key`` until it gets 201 or 200: on a refused connection, a timeout, a
   503 or any other answer. Every submission has its own reporter address.
4. Meanwhile restarts PostgreSQL twice (``pg_ctl restart -m fast``) and kills the worker twice with
   SIGKILL, starting a new one each time.
5. Waits until no task and no outbox message is waiting or running, then counts: reports stored, confirmation emails at the
   sink per reporter, tasks left RUNNING.
6. Prints the figures (and writes them between the drill markers in docs/benchmarks.md unless
   ``--no-write``); exits 1 when a report or an email is missing or doubled, or a task is left running.
7. Stops everything it started, by process group, and removes the temporary cluster, also on failure.

Options: ``python bench/drill.py --help``.
"""

from __future__ import annotations

import argparse
import collections
import contextlib
import datetime
import http.client
import json
import os
import re
import secrets
import signal
import socketserver
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
DOC = ROOT / "docs" / "benchmarks.md"
START_MARK = "<!-- drill:start -->"
END_MARK = "<!-- drill:end -->"
REDIS_URL = "redis://127.0.0.1:6379/13"

sys.path.insert(0, str(ROOT))
from tools.private_postgres import PrivatePostgres, free_port  # noqa: E402 - drill_broadcast imports them from here


def log(message: str) -> None:
    print(f"[drill {time.strftime('%H:%M:%S')}] {message}", flush=True)


# --- An SMTP sink that counts ----------------------------------------------------------------------


class Sink:
    """Accepts every message; remembers each one's recipients and Message-ID."""

    def __init__(self) -> None:
        self.messages: list[tuple[tuple[str, ...], str]] = []
        self.lock = threading.Lock()
        sink = self

        class Handler(socketserver.StreamRequestHandler):
            def handle(self) -> None:
                self.wfile.write(b"220 sink ESMTP\r\n")
                recipients: list[str] = []
                while True:
                    line = self.rfile.readline()
                    if not line:
                        return
                    verb = line[:4].upper()
                    if verb in (b"HELO", b"EHLO"):
                        self.wfile.write(b"250 sink\r\n")
                    elif verb == b"MAIL":
                        recipients = []
                        self.wfile.write(b"250 ok\r\n")
                    elif verb == b"RCPT":
                        recipients.append(line.split(b":", 1)[1].strip().strip(b"<>").decode())
                        self.wfile.write(b"250 ok\r\n")
                    elif verb == b"DATA":
                        self.wfile.write(b"354 go on\r\n")
                        message_id = ""
                        while True:
                            data = self.rfile.readline()
                            if data in (b".\r\n", b".\n", b""):
                                break
                            if data.lower().startswith(b"message-id:"):
                                message_id = data.split(b":", 1)[1].strip().decode()
                        with sink.lock:
                            sink.messages.append((tuple(recipients), message_id))
                        self.wfile.write(b"250 stored\r\n")
                    elif verb == b"QUIT":
                        self.wfile.write(b"221 bye\r\n")
                        return
                    else:
                        self.wfile.write(b"250 ok\r\n")

        class Server(socketserver.ThreadingTCPServer):
            daemon_threads = True
            allow_reuse_address = True

        self.server = Server(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def stop(self) -> None:
        self.server.shutdown()


# --- The application ------------------------------------------------------------------------------


def app_env(pg_port: int, smtp_port: int) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_", "REDIS_", "EMAIL_"))}
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "jembatan.config.settings.production",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": "127.0.0.1",
            "SECURE_SSL_REDIRECT": "false",
            "DATABASE_URL": f"postgres://postgres@127.0.0.1:{pg_port}/postgres",
            "DATABASE_CONN_MAX_AGE": "0",
            "REDIS_URL": REDIS_URL,
            "PUBLIC_BASE_URL": "https://drill.example.go.id",
            "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": str(smtp_port),
            "ASPIRATION_API_SUBMISSIONS_PER_HOUR": "100000000",
            "BACKGROUND_STALE_AFTER": "20",
            "NOTIFICATIONS_LEASE_SECONDS": "20",  # a killed worker's messages come due again after 20 s
            "LOG_LEVEL": "ERROR",
            "PYTHONDONTWRITEBYTECODE": "1",
        }
    )
    return env


def manage(env: dict[str, str], *args: str, timeout: int = 600) -> str:
    done = subprocess.run(  # noqa: S603 - fixed arguments
        [PY, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout, check=False
    )
    if done.returncode != 0:
        raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")
    return done.stdout


def django_shell(env: dict[str, str], code: str) -> dict:
    done = subprocess.run(  # noqa: S603 - fixed arguments
        [PY, "-c", "import django, json; django.setup()\n" + code],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    if done.returncode != 0:
        raise RuntimeError(f"query failed:\n{done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def start(command: list[str], env: dict[str, str], logfile: Path) -> subprocess.Popen:
    handle = open(logfile, "ab")  # noqa: SIM115 - closed with the process
    return subprocess.Popen(  # noqa: S603 - fixed arguments
        command, cwd=ROOT, env=env, stdout=handle, stderr=subprocess.STDOUT, start_new_session=True
    )


def stop(process: subprocess.Popen | None, sig: int = signal.SIGTERM) -> None:
    if process is None or process.poll() is not None:
        return
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, sig)
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)


WORKER = [PY, "manage.py", "worker", "--heartbeat-interval", "2", "--schedule-interval", "5"]


def start_app(env: dict[str, str], port: int, folder: Path, *, workers: int = 2, prefix: str = ""):
    """gunicorn on ``port`` and one worker (``WORKER``), logging into ``folder``; returns both once the
    site answers ``/healthz``."""
    gunicorn = [
        str(Path(PY).parent / "gunicorn"), "jembatan.config.wsgi:application", "--bind", f"127.0.0.1:{port}",
        "--workers", str(workers), "--worker-class", "gthread", "--threads", "4", "--timeout", "60",
    ]  # fmt: skip
    server = start(gunicorn, env, folder / f"{prefix}gunicorn.log")
    worker = start(WORKER, env, folder / f"{prefix}worker.log")
    for _ in range(300):
        with contextlib.suppress(OSError):
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/healthz")
            if conn.getresponse().status == 200:
                break
        time.sleep(0.2)
    return server, worker


# --- The clients ------------------------------------------------------------------------------------


def submit_until_stored(port: int, number: int, deadline: float, stats: collections.Counter, lock) -> bool:
    body = json.dumps(
        {
            "kind": "pengaduan", "title": f"Uji ketahanan {number}", "description": "Laporan uji ketahanan (make drill).",
            "category": "drill", "village": "19.71.01.1006", "privacy": "anonim",
            "reporter_email": f"drill-{number}@contoh.id", "consent": True,
        }
    ).encode()  # fmt: skip
    headers = {"Content-Type": "application/json", "Idempotency-Key": f"drill-key-{number:06d}"}
    attempt = 0
    while time.monotonic() < deadline:
        attempt += 1
        outcome = "error"
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            conn.request("POST", "/api/v1/aspirations", body=body, headers=headers)
            response = conn.getresponse()
            payload = response.read()
            conn.close()
            outcome = str(response.status)
            if response.status in (200, 201):
                with lock:
                    stats[outcome] += 1
                    stats["retries"] += attempt - 1
                return True
            if 400 <= response.status < 500 and response.status not in (408, 429):
                log(f"submission {number} refused with {response.status}: {payload[:300]!r}")
                return False  # a client error does not get better by retrying
        except (OSError, http.client.HTTPException):
            outcome = "connection"
        with lock:
            stats[f"retry-{outcome}"] += 1
        time.sleep(min(2.0, 0.1 * attempt))
    return False


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--submissions", type=int, default=10_000)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    parser.add_argument("--max-minutes", type=float, default=30)
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args(argv)
    started_at = time.monotonic()
    deadline = started_at + args.max_minutes * 60
    folder = ROOT / "var" / "drill"
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("*.log"):
        old.unlink()
    pg = PrivatePostgres(free_port())
    sink = Sink()
    server = worker = None
    try:
        log(f"private PostgreSQL on 127.0.0.1:{pg.port}, SMTP sink on 127.0.0.1:{sink.port}")
        pg.init()
        env = app_env(pg.port, sink.port)
        import redis

        redis.Redis.from_url(REDIS_URL).flushdb()
        manage(env, "migrate", "--noinput", "-v", "0")
        manage(env, "import_regions", "--regency", "19.71")
        django_shell(
            env,
            "from jembatan.aspirations.models import Category\n"
            "Category.objects.get_or_create(regency_id='19.71', code='drill', defaults={'name': 'Uji ketahanan'})\n"
            "print(json.dumps({}))",
        )
        port = free_port()
        server, worker = start_app(env, port, folder, workers=args.workers)
        log(f"gunicorn on 127.0.0.1:{port}; {args.submissions:,} submissions from {args.clients} clients")

        stats: collections.Counter = collections.Counter()
        lock = threading.Lock()
        numbers = iter(range(args.submissions))
        numbers_lock = threading.Lock()
        failed: list[int] = []

        def client() -> None:
            while True:
                with numbers_lock:
                    number = next(numbers, None)
                if number is None:
                    return
                if not submit_until_stored(port, number, deadline, stats, lock):
                    with lock:
                        failed.append(number)

        threads = [threading.Thread(target=client, daemon=True) for _ in range(args.clients)]
        load_started = time.monotonic()
        for thread in threads:
            thread.start()
        faults = [
            (0.2, "restart PostgreSQL"),
            (0.35, "kill the worker"),
            (0.6, "restart PostgreSQL"),
            (0.75, "kill the worker"),
        ]
        events = []
        for share, fault in faults:
            while sum(v for k, v in stats.items() if k in ("200", "201")) < share * args.submissions:
                if not any(t.is_alive() for t in threads) or time.monotonic() > deadline:
                    break
                time.sleep(0.2)
            log(f"{fault} at {sum(stats[k] for k in ('200', '201')):,} stored")
            if fault == "restart PostgreSQL":
                pg.restart()
            else:
                stop(worker, signal.SIGKILL)
                worker = start(WORKER, env, folder / "worker.log")
            events.append(fault)
        for thread in threads:
            thread.join(max(1.0, deadline - time.monotonic()))
        load_s = time.monotonic() - load_started
        log(f"submissions done in {load_s:.0f} s: {dict(stats)}")

        query = (
            "from django_tasks_db.models import DBTaskResult\n"
            "from jembatan.aspirations.models import Aspiration\n"
            "from jembatan.notifications.models import Message\n"
            "print(json.dumps({'ready': DBTaskResult.objects.filter(status='READY').count(),"
            " 'running': DBTaskResult.objects.filter(status='RUNNING').count(),"
            " 'failed': DBTaskResult.objects.filter(status='FAILED').count(),"
            " 'messages_waiting': Message.objects.filter(next_attempt_at__isnull=False).count(),"
            " 'messages_failed': Message.objects.filter(status__endswith='failure').count(),"
            " 'reports': Aspiration.objects.filter(title__startswith='Uji ketahanan ').count()}))"
        )
        drained_at = None
        while time.monotonic() < deadline:
            counts = django_shell(env, query)
            if counts["ready"] == 0 and counts["running"] == 0 and counts["messages_waiting"] == 0:
                drained_at = time.monotonic()
                break
            time.sleep(3)
        counts = django_shell(env, query)
        per_recipient = collections.Counter()
        message_ids = collections.Counter()
        with sink.lock:
            for recipients, message_id in sink.messages:
                for recipient in recipients:
                    if re.fullmatch(r"drill-\d+@contoh\.id", recipient):
                        per_recipient[recipient] += 1
                message_ids[message_id] += 1
        missing = args.submissions - len(per_recipient)
        doubled = sum(1 for n in per_recipient.values() if n > 1)
        result = {
            "date": datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC"),
            "submissions": args.submissions,
            "clients": args.clients,
            "faults": events,
            "reports": counts["reports"],
            "emails_delivered": sum(per_recipient.values()),
            "reporters_emailed": len(per_recipient),
            "emails_missing": missing,
            "emails_doubled": doubled,
            "tasks_running": counts["running"],
            "tasks_failed": counts["failed"],
            "messages_waiting": counts["messages_waiting"],
            "messages_failed": counts["messages_failed"],
            "retries": stats["retries"],
            "answers": {k: v for k, v in stats.items() if k != "retries"},
            "clients_gave_up": len(failed),
            "load_s": round(load_s),
            "drain_s": round(drained_at - load_started - load_s) if drained_at else None,
        }
        log(json.dumps(result))
        ok = (
            result["reports"] == args.submissions
            and result["emails_delivered"] == args.submissions
            and missing == 0
            and doubled == 0
            and result["tasks_running"] == 0
            and result["messages_waiting"] == 0
            and result["messages_failed"] == 0
            and not failed
        )
        if not args.no_write:
            write_doc(result, ok)
        log("PASSED" if ok else "FAILED")
        return 0 if ok else 1
    finally:
        stop(worker)
        stop(server)
        sink.stop()
        pg.stop()


def write_doc(result: dict, ok: bool) -> None:
    lines = [
        START_MARK,
        f"Run {result['date']} (`make drill`): {result['submissions']:,} API submissions from {result['clients']} "
        f"retrying clients (same `Idempotency-Key` on every retry), on a private PostgreSQL and gunicorn with the "
        f"production settings; during the load: {', '.join(result['faults'])}.",
        "",
        "| what | figure |",
        "|---|---:|",
        f"| reports stored | {result['reports']:,} |",
        f"| confirmation emails at the SMTP sink | {result['emails_delivered']:,} |",
        f"| reporters without their email | {result['emails_missing']:,} |",
        f"| reporters emailed twice | {result['emails_doubled']:,} |",
        f"| tasks left RUNNING | {result['tasks_running']:,} |",
        f"| tasks failed | {result['tasks_failed']:,} |",
        f"| messages still waiting in the outbox | {result.get('messages_waiting', 0):,} |",
        f"| messages ended as failures | {result.get('messages_failed', 0):,} |",
        f"| client retries (refused, timed out, 5xx) | {result['retries']:,} |",
        f"| submission time / time to deliver the rest | {result['load_s']} s / {result['drain_s']} s |",
        "",
        f"Verdict: **{'passed' if ok else 'FAILED'}**.",
        END_MARK,
    ]
    replace_section(lines, START_MARK, END_MARK, "Reliability drill (`make drill`)")


def replace_section(lines: list[str], start_mark: str, end_mark: str, heading: str) -> None:
    """Write ``lines`` (which begin and end with the markers) over their section of docs/benchmarks.md,
    or append them under ``heading`` the first time."""
    text = DOC.read_text(encoding="utf-8")
    section = "\n".join(lines)
    if start_mark in text:
        text = text[: text.index(start_mark)] + section + text[text.index(end_mark) + len(end_mark) :]
    else:
        text = text.rstrip() + f"\n\n## {heading}\n\n" + section + "\n"
    DOC.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    sys.exit(main())
