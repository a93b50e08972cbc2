"""`make bench`: throughput of the public pages against /healthz, and their first-load weight.

What it does, with no manual step:

1. Recreates the PostgreSQL database ``jembatan_bench`` on 127.0.0.1:5432 (user postgres, trust
   auth) and empties Redis database 14; migrates with the production settings, imports the
   Pangkalpinang regions and bulk-generates 10,000 KIMs with 5 members each and 100,000 reports
   (bench/generate.py). The reports are generated in two steps: 10 first, then the rest.
2. Runs ``collectstatic``; after the first 10 reports and again after all of them, counts the SQL
   queries and times the server side of uncached renders of the report pages and the report list
   of the API (bench/scale.py, in-process with Django's test client, page cache emptied).
3. Starts gunicorn (production settings, PostgreSQL + Redis) on a free loopback port.
4. Loads /healthz, /, /kim/, /kim/<slug>/, /cakupan/, /aspirasi/ and /aspirasi/<code>/ with wrk
   on 127.0.0.1 (installed from Debian when missing and we are root; otherwise a small bounded
   Python load generator is used). Every run is bounded in time with a fixed number of
   connections. /healthz is measured before and after every page run, each page run is compared
   with the mean of the two, and the median over several rounds is reported (the machine is
   shared and noisy).
5. Loads the submission path the same way: valid ``POST /api/v1/aspirations`` requests, each
   with its own Idempotency-Key, between /healthz runs (fewer rounds: every request writes).
   The server runs with ASPIRATION_API_SUBMISSIONS_PER_HOUR=100000000 so the rate limit does not
   answer 429 to the load generator. After the server has stopped, checks in the database that
   the new reports are exactly the 201 answers (plus the requests still in flight when the load
   generator stopped), each with its event, audit row and queued email.
6. Measures each page's first-load weight: HTML plus its stylesheets, gzip-compressed.
7. Writes the results between the markers in docs/benchmarks.md.
8. Stops gunicorn, drops the database and empties Redis database 14, also on failure.

Options: ``python bench/run.py --help``.
"""

from __future__ import annotations

import argparse
import datetime
import gzip
import http.client
import json
import multiprocessing
import os
import platform
import re
import secrets
import shlex
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
DOC = ROOT / "docs" / "benchmarks.md"
START_MARK = "<!-- bench:start -->"
END_MARK = "<!-- bench:end -->"
NATIONAL_START_MARK = "<!-- bench-national:start -->"
NATIONAL_END_MARK = "<!-- bench-national:end -->"
HEADING = "## Latest run"
COMMAND = "make bench"
CITY = {
    "kims": 10_000, "aspirations": 100_000, "items": 100_000, "information_requests": 100_000,
    "register_entries": 10_000, "claims": 1_000, "rounds": 7, "timed_renders": 20,
}  # fmt: skip
NATIONAL = {
    "kims": 100_000, "aspirations": 1_000_000, "items": 1_000_000, "information_requests": 100_000,
    "register_entries": 10_000, "claims": 100_000, "rounds": 3, "timed_renders": 10,
}  # fmt: skip

PG_HOST, PG_PORT, PG_USER = "127.0.0.1", 5432, "postgres"
REDIS_URL = "redis://127.0.0.1:6379/14"
RATIO_TARGET = 0.7
WEIGHT_TARGET = 60 * 1024
MAX_QUERIES = 8
# The benchmark's server only: the submission rate limit (60 an hour per address by default) would
# answer 429 to a load generator that sends everything from 127.0.0.1.
BENCH_SUBMISSIONS_PER_HOUR = 100_000_000
# Headers of an ordinary anonymous browser visit. No cookie: a first-time visitor.
HEADERS = {
    "Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
    "Accept-Language": "id",
    "Accept-Encoding": "gzip",
    "User-Agent": "jembatan-bench",
}
SUBMIT_PATH = "/api/v1/aspirations"
POST_HEADERS = {"Content-Type": "application/json", "Accept": "application/json", "User-Agent": "jembatan-bench"}

# wrk counts only statuses >= 400 as errors; this script counts every response that is not a 200.
WRK_LUA = """
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args) not_ok = 0 end
function response(status, headers, body) if status ~= 200 then not_ok = not_ok + 1 end end
function done(summary, latency, requests)
  local total = 0
  for _, t in ipairs(threads) do total = total + t:get("not_ok") end
  io.write(string.format("BENCH_NOT_200 %d\\n", total))
  io.write(string.format("BENCH_REQUESTS %d\\n", summary.requests))
end
"""

# The submission path: one valid JSON body built once, a new Idempotency-Key for every request
# (run prefix + thread number + the thread's own counter: each wrk thread has its own Lua state),
# and every answer that is not a 201 Created counted as an error. `sent` counts the requests built
# for sending, `answered` the responses read: the difference is what was in flight when wrk stopped
# (wrk does not wait for the last answers; the server still stores those reports).
WRK_POST_LUA = """
local threads = {}
local thread_count = 0
function setup(thread)
  thread_count = thread_count + 1
  thread:set("tid", thread_count)
  table.insert(threads, thread)
end
wrk.method = "POST"
wrk.body = [==[%(body)s]==]
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Accept"] = "application/json"
function init(args)
  sent = 0
  answered = 0
  created = 0
  not_created = 0
  prefix = "%(run)s-" .. tid .. "-"
end
function request()
  if tid == 1 and not checked then
    -- wrk calls request() once on its first thread before the load starts, to check the request it
    -- builds (script_verify_request); that request is never sent, so it is not counted.
    checked = true
    wrk.headers["Idempotency-Key"] = prefix .. "check"
    return wrk.format()
  end
  sent = sent + 1
  wrk.headers["Idempotency-Key"] = prefix .. sent
  return wrk.format()
end
function response(status, headers, body)
  answered = answered + 1
  if status == 201 then created = created + 1 else not_created = not_created + 1 end
end
function done(summary, latency, requests)
  local totals = {sent = 0, answered = 0, created = 0, not_created = 0}
  for _, t in ipairs(threads) do
    for name, _ in pairs(totals) do totals[name] = totals[name] + t:get(name) end
  end
  io.write(string.format("BENCH_SENT %%d\\n", totals.sent))
  io.write(string.format("BENCH_ANSWERED %%d\\n", totals.answered))
  io.write(string.format("BENCH_CREATED %%d\\n", totals.created))
  io.write(string.format("BENCH_NOT_201 %%d\\n", totals.not_created))
  io.write(string.format("BENCH_REQUESTS %%d\\n", summary.requests))
end
"""


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", flush=True)


# --- Setup -------------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def bench_env(database: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_", "REDIS_"))}
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "jembatan.config.settings.production",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": "127.0.0.1",
            "SECURE_SSL_REDIRECT": "false",
            "DEBUG": "false",
            "DATABASE_URL": f"postgres://{PG_USER}@{PG_HOST}:{PG_PORT}/{database}",
            "REDIS_URL": REDIS_URL,
            "PUBLIC_BASE_URL": "https://bench.example.go.id",  # required by the production settings
            "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",  # the bench sends no real email
            "ASPIRATION_API_SUBMISSIONS_PER_HOUR": str(BENCH_SUBMISSIONS_PER_HOUR),
            "LOG_LEVEL": "WARNING",
            "PYTHONDONTWRITEBYTECODE": "1",
        }
    )
    return env


def admin_sql(statement: str) -> None:
    import psycopg

    with psycopg.connect(host=PG_HOST, port=PG_PORT, user=PG_USER, dbname="postgres", autocommit=True) as conn:
        conn.execute(statement)


def recreate_database(database: str) -> None:
    admin_sql(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
    admin_sql(f'CREATE DATABASE "{database}"')


def drop_database(database: str) -> None:
    try:
        admin_sql(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
        log(f"dropped database {database}")
    except Exception as exc:
        log(f"could not drop database {database}: {exc}")


def flush_redis() -> None:
    import redis

    redis.Redis.from_url(REDIS_URL).flushdb()


def manage(env: dict[str, str], *args: str) -> str:
    result = subprocess.run(
        [PY, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=600, check=False
    )
    if result.returncode != 0:
        raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
    return result.stdout


def run_script(env: dict[str, str], *args: str, timeout: int = 900) -> dict:
    """Run one of the bench scripts and return the JSON it prints last."""
    result = subprocess.run(
        [PY, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout, check=False
    )
    if result.returncode != 0:
        raise RuntimeError(f"{' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def load_data(env: dict[str, str], kims: int, aspirations: int, timed: int, items: int = 0, requests: int = 0,
              entries: int = 0, literacy: int = 0) -> dict:  # fmt: skip
    """Regions, KIMs, reports, news and information requests; the pages' queries with the first 10 of each
    and with all."""
    manage(env, "migrate", "--noinput", "-v", "0")
    manage(env, "import_regions", "--regency", "19.71")
    manage(env, "collectstatic", "--noinput", "-v", "0")  # the pages rendered below link the stylesheets
    first = min(10, aspirations)
    first_items = min(10, items)
    first_requests, first_entries = min(10, requests), min(10, entries)
    data = run_script(
        env, "bench/generate.py", "--kims", str(kims), "--aspirations", str(first), "--items", str(first_items),
        "--information-requests", str(first_requests), "--register-entries", str(first_entries),
    )  # fmt: skip
    log(
        f"{kims:,} KIMs in {data.get('kims_s', 0):.1f} s; measuring the pages with {first} reports and {first_items} items"
    )
    slug_args = ["--slug", data["sample_item_slug"]] if items else []
    slug_args += ["--number", data["sample_number"]] if requests else []
    queries_small = run_script(
        env, "bench/scale.py", "queries", "--code", data["sample_code"], "--timed", str(timed), *slug_args
    )
    data["analyze_s"] = data.get("analyze_s", 0.0)
    queries_large = queries_small
    if aspirations > first:
        log(f"generating {aspirations - first:,} more reports")
        rest = run_script(
            env, "bench/generate.py", "--kims", "0", "--aspirations", str(aspirations - first),
            "--aspirations-start", str(first),
        )  # fmt: skip
        data["aspirations"] = first + rest["aspirations"]
        data["aspirations_s"] += rest["aspirations_s"]
        data["analyze_s"] = rest["analyze_s"]
        log(
            f"{data['aspirations']:,} reports generated in {data['aspirations_s']:.1f} s "
            f"(+ VACUUM ANALYZE {data['analyze_s']:.1f} s)"
        )
    data["items"] = first_items
    if items > first_items:
        log(f"generating {items - first_items:,} more news items and indexing them")
        rest = run_script(
            env, "bench/generate.py", "--kims", "0", "--items", str(items - first_items),
            "--items-start", str(first_items),
        )  # fmt: skip
        data["items"] = first_items + rest["items"]
        data["items_s"] = data.get("items_s", 0) + rest["items_s"]
        data["index_s"] = rest["index_s"]
        data["analyze_s"] = rest["analyze_s"]
        log(f"{data['items']:,} items generated and indexed in {data['items_s']:.1f} s")
    if literacy:
        rest = run_script(env, "bench/generate.py", "--kims", "0", "--events", "50", "--claims", str(literacy))
        data.update(rest)
        data["certificate"] = run_script(env, "bench/scale.py", "certificate", "--timed", "10")
        log(
            f"50 events, {literacy:,} clarifications; a certificate renders in p95 {data['certificate']['p95_ms']:.0f} ms"
        )
    data["information_requests"], data["register_entries"] = first_requests, first_entries
    if requests > first_requests or entries > first_entries:
        log(f"generating {requests - first_requests:,} more information requests and {entries - first_entries:,} "
            "more DIP entries")  # fmt: skip
        rest = run_script(
            env, "bench/generate.py", "--kims", "0", "--information-requests", str(requests - first_requests),
            "--information-start", str(first_requests), "--register-entries", str(entries - first_entries),
        )  # fmt: skip
        data["information_requests"] = first_requests + rest["information_requests"]
        data["register_entries"] = first_entries + rest["register_entries"]
        data["information_s"] = data.get("information_s", 0) + rest["information_s"]
        data["analyze_s"] = rest["analyze_s"]
        log(f"{data['information_requests']:,} requests and {data['register_entries']:,} entries in "
            f"{data['information_s']:.1f} s")  # fmt: skip
    if aspirations > first or items > first_items or requests > first_requests or entries > first_entries:
        queries_large = run_script(
            env, "bench/scale.py", "queries", "--code", data["sample_code"], "--timed", str(timed), *slug_args
        )
    data["queries"] = {path: {"small": queries_small[path], "large": queries_large[path]} for path in queries_large}
    data["queries_small_n"] = first
    return data


def ensure_wrk() -> str | None:
    found = shutil.which("wrk")
    if found:
        return found
    if hasattr(os, "geteuid") and os.geteuid() == 0 and shutil.which("apt-get"):
        log("wrk missing: installing Debian's wrk")
        quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL, "check": False, "timeout": 300}
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        subprocess.run(["apt-get", "install", "-y", "-qq", "wrk"], env=env, **quiet)
        if not shutil.which("wrk"):
            subprocess.run(["apt-get", "update", "-qq"], env=env, **quiet)
            subprocess.run(["apt-get", "install", "-y", "-qq", "wrk"], env=env, **quiet)
    return shutil.which("wrk")


def start_server(env: dict[str, str], port: int, workers: int, threads: int, logfile: Path):
    command = [
        str(Path(PY).parent / "gunicorn"),
        "jembatan.config.wsgi:application",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(workers),
        "--worker-class",
        "gthread",
        "--threads",
        str(threads),
        "--keep-alive",
        "5",
        "--no-control-socket",
        "--error-logfile",
        str(logfile),
        "--log-level",
        "warning",
    ]
    process = subprocess.Popen(  # noqa: S603 - fixed arguments
        command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {process.returncode}; see {logfile}")
        try:
            status, _headers, _body = fetch(port, "/healthz")
            if status == 200:
                return process, command
        except OSError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"gunicorn did not answer /healthz within 60 s; see {logfile}")


def stop_server(process) -> None:
    if process is None or process.poll() is not None:
        return
    try:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)
    except ProcessLookupError:
        pass
    log("gunicorn stopped")


# --- HTTP --------------------------------------------------------------------------------------


def fetch(port: int, path: str, headers: dict | None = None) -> tuple[int, dict[str, str], bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        conn.request("GET", path, headers=headers or HEADERS)
        response = conn.getresponse()
        body = response.read()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, body
    finally:
        conn.close()


def post_json(port: int, path: str, body: bytes, key: str) -> tuple[int, bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        conn.request("POST", path, body=body, headers={**POST_HEADERS, "Idempotency-Key": key})
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


def check_page(port: int, path: str) -> tuple[dict[str, str], bytes]:
    """A real 200 page for an anonymous visitor, and no cookie that would stop caching."""
    status, headers, body = fetch(port, path)
    if status != 200:
        raise RuntimeError(f"GET {path} answered {status}, not 200: {body[:300]!r}")
    if "set-cookie" in headers:
        raise RuntimeError(f"GET {path} sets a cookie for an anonymous visitor: {headers['set-cookie']}")
    return headers, body


def page_weight(port: int, path: str) -> dict:
    """HTML + stylesheets, each gzip-compressed (level 6, as a typical web server would)."""
    _headers, html = check_page(port, path)
    html_gz = len(gzip.compress(html, compresslevel=6))
    css_gz = 0
    stylesheets = re.findall(rb'<link rel="stylesheet" href="([^"]+)"', html)
    for href in stylesheets:
        status, headers, body = fetch(port, href.decode(), {**HEADERS, "Accept": "text/css"})
        if status != 200:
            raise RuntimeError(f"stylesheet {href!r} answered {status}")
        css_gz += len(body) if headers.get("content-encoding") == "gzip" else len(gzip.compress(body, 6))
    return {
        "html_bytes": len(html),
        "html_gz": html_gz,
        "css_gz": css_gz,
        "stylesheets": len(stylesheets),
        "total_gz": html_gz + css_gz,
    }


# --- Load generation ---------------------------------------------------------------------------


def run_wrk(
    wrk: str,
    port: int,
    path: str,
    *,
    duration: int,
    connections: int,
    threads: int,
    lua: Path,
    headers: dict[str, str] | None = None,
) -> dict:
    command = [wrk, f"-t{threads}", f"-c{connections}", f"-d{duration}s", "--timeout", "10s", "-s", str(lua)]
    for name, value in (HEADERS if headers is None else headers).items():
        command += ["-H", f"{name}: {value}"]
    command.append(f"http://127.0.0.1:{port}{path}")
    result = subprocess.run(command, capture_output=True, text=True, timeout=duration + 60, check=False)
    if result.returncode != 0:
        raise RuntimeError(f"wrk failed on {path}: {result.stderr or result.stdout}")
    out = result.stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    requests = int(re.search(r"BENCH_REQUESTS (\d+)", out).group(1))
    socket_errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    errors = sum(int(x) for x in socket_errors.groups()) if socket_errors else 0
    found = {"rps": rps, "requests": requests, "socket_errors": errors}
    if "BENCH_CREATED" in out:  # the submission script
        for name in ("sent", "answered", "created"):
            found[name] = int(re.search(rf"BENCH_{name.upper()} (\d+)", out).group(1))
        found["not_ok"] = int(re.search(r"BENCH_NOT_201 (\d+)", out).group(1))
    else:
        found["not_ok"] = int(re.search(r"BENCH_NOT_200 (\d+)", out).group(1))
    return found


def _py_worker(port: int, spec: dict, connections: int, duration: float, queue, worker: int) -> None:
    """One process of the fallback load generator: GET (expect 200) or the submission POST (expect 201)."""
    method, path, expect = spec["method"], spec["path"], spec["expect"]
    header_lines = "".join(f"{k}: {v}\r\n" for k, v in spec["headers"].items())
    body = spec.get("body", b"")
    head = f"{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n{header_lines}"
    if body:
        head += f"Content-Length: {len(body)}\r\n"
    fixed = (head + "\r\n").encode() + body
    conns = [http.client.HTTPConnection("127.0.0.1", port, timeout=10) for _ in range(connections)]
    done = not_ok = errors = sent = created = 0
    deadline = time.monotonic() + duration
    while time.monotonic() < deadline:
        for index, conn in enumerate(conns):
            if spec.get("key_prefix"):  # a new Idempotency-Key for every request
                key = f"{spec['key_prefix']}-{worker}-{sent + 1}"
                request = (head + f"Idempotency-Key: {key}\r\n\r\n").encode() + body
            else:
                request = fixed
            try:
                if conn.sock is None:
                    conn.connect()
                sent += 1
                conn.sock.sendall(request)
                response = http.client.HTTPResponse(conn.sock, method=method)
                response.begin()
                response.read()
                done += 1
                if response.status == expect:
                    created += 1
                else:
                    not_ok += 1
                if response.will_close:
                    conn.close()
            except OSError:
                errors += 1
                conn.close()
                conns[index] = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    for conn in conns:
        conn.close()
    queue.put((done, not_ok, errors, sent, created))


def run_python_load(port: int, spec: dict, *, duration: int, connections: int, processes: int) -> dict:
    """Fallback when wrk is missing: keep-alive HTTP/1.1 from a few processes, bounded in time.

    Each process finishes the request it has started before it stops, so nothing is left in flight.
    """
    queue = multiprocessing.Queue()
    per_process = max(1, connections // processes)
    started = time.monotonic()
    workers = [
        multiprocessing.Process(target=_py_worker, args=(port, spec, per_process, duration, queue, number))
        for number in range(1, processes + 1)
    ]
    for worker in workers:
        worker.start()
    results = [queue.get(timeout=duration + 60) for _ in workers]
    for worker in workers:
        worker.join(timeout=10)
    elapsed = time.monotonic() - started
    done = sum(r[0] for r in results)
    found = {
        "rps": done / elapsed,
        "requests": done,
        "not_ok": sum(r[1] for r in results),
        "socket_errors": sum(r[2] for r in results),
    }
    if spec["method"] == "POST":
        found.update({"sent": sum(r[3] for r in results), "answered": done, "created": sum(r[4] for r in results)})
    return found


def submission_body(data: dict) -> bytes:
    """A valid report, as a citizen's app would send it (with an email: the reporter hears by email)."""
    return json.dumps(
        {
            "kind": "pengaduan",
            "title": "Lampu jalan padam di depan sekolah",
            "description": "Sudah tiga malam lampu jalan di depan sekolah padam. Laporan uji beban (make bench).",
            "category": data["category_code"],
            "village": data["village_code"],
            "privacy": "anonim",
            "place": "Jl. Merdeka, depan SD",
            "reporter_name": "Pelapor Uji Beban",
            "reporter_email": "pelapor.uji@contoh.id",
            "reporter_phone": "0812-3456-7890",
            "consent": True,
        },
        separators=(",", ":"),
    ).encode()


# --- Report ------------------------------------------------------------------------------------


def machine_facts() -> dict[str, str]:
    cpu = platform.processor() or ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = ""
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                memory = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
                break
    except OSError:
        pass
    pg = ""
    try:
        import psycopg

        with psycopg.connect(host=PG_HOST, port=PG_PORT, user=PG_USER, dbname="postgres") as conn:
            pg = conn.execute("SHOW server_version").fetchone()[0]
    except Exception as exc:
        pg = f"unknown ({exc.__class__.__name__})"
    return {
        "nproc": str(os.cpu_count()),
        "cpu": cpu or "unknown",
        "memory": memory or "unknown",
        "python": platform.python_version(),
        "postgres": pg or "unknown",
        "os": platform.platform(),
    }


def queries_ok(found: dict) -> bool:
    """At most MAX_QUERIES, and the same number with the first few reports and with all of them."""
    small, large = found["small"]["queries"], found["large"]["queries"]
    return 0 < large <= MAX_QUERIES and large == small


def render_section(results: dict) -> str:
    facts = results["machine"]
    data = results["data"]
    lines = [
        START_MARK,
        f"<!-- Generated by `{COMMAND}` (bench/run.py); edits between the markers are overwritten. -->",
        "",
        f"{HEADING}: {results['date']}",
        "",
        f"Command: `{COMMAND}` (took {results['elapsed_s']:.0f} s in all).",
        "",
        "| page | req/s (median) | ratio vs /healthz: median (range) | ≥ 0.7 | requests | non-200 / socket errors "
        "| HTML + CSS, gzip | ≤ 60 KB |",
        "| --- | ---: | ---: | :---: | ---: | ---: | ---: | :---: |",
    ]
    hz = results["healthz"]
    lines.append(
        f"| `/healthz` | {hz['median']:.0f} ({min(hz['runs']):.0f}–{max(hz['runs']):.0f}) | 1.00 | — | "
        f"{hz['requests']:,} | {hz['not_ok']} / {hz['socket_errors']} | — | — |"
    )
    for page in results["pages"]:
        weight = page["weight"]
        lines.append(
            f"| `{page['label']}` | {page['rps']:.0f} | {page['ratio']:.2f} "
            f"({page['ratio_min']:.2f}–{page['ratio_max']:.2f}) | "
            f"{'pass' if page['ratio'] >= RATIO_TARGET else '**FAIL**'} | {page['requests']:,} | "
            f"{page['not_ok']} / {page['socket_errors']} | "
            f"{weight['total_gz'] / 1024:.1f} KB ({weight['html_gz'] / 1024:.1f} HTML + {weight['css_gz'] / 1024:.1f} CSS) | "
            f"{'pass' if weight['total_gz'] <= WEIGHT_TARGET else '**FAIL**'} |"
        )
    lines += [
        "",
        f"Method: {results['rounds']} rounds; in each round every page is loaded for {results['duration']} s between "
        f"two {results['duration']} s runs of /healthz (H P1 H P2 H P3 H P4 H …), and that round's ratio is the "
        "page's req/s over the mean of the two /healthz runs around it. The table gives the median over the rounds "
        "(and the range), so a burst of outside load on this shared machine does not decide a result. Every run is "
        f"bounded in time with {results['connections']} keep-alive connections from `{results['loadgen']}` on "
        "127.0.0.1, after one warm-up request per page. Requests carry no cookie (a first-time anonymous "
        "visitor), `Accept-Language: id`; every response that is not a 200 is counted as an error. "
        f"`/aspirasi/` and `/aspirasi/<code>/` are measured with {data['aspirations']:,} reports in the database"
        + (
            f", `/berita/`, `/berita/<slug>/` and the search with {data['items']:,} published news items"
            if data.get("items")
            else ""
        )
        + (
            f", the PPID pages with {data['information_requests']:,} information requests and "
            f"{data['register_entries']:,} entries of the Daftar Informasi Publik"
            if data.get("information_requests")
            else ""
        )
        + (
            f", `/kegiatan/` with {data['events']} events and `/cek-fakta/` with {data['claims']:,} clarifications. "
            f"A certificate (PDF with its QR code) renders in p50 {data['certificate']['p50_ms']:.0f} ms, "
            f"p95 {data['certificate']['p95_ms']:.0f} ms (bench/scale.py certificate, {data['certificate']['timed']} renders)."
            if data.get("certificate")
            else "."
        ),
        "",
        'Weight: the page\'s HTML and its stylesheets (`<link rel="stylesheet">`), gzip-compressed, images '
        "excluded: what a first visit downloads before images.",
        "",
    ]
    lines += render_submission(results)
    lines += render_queries(results)
    lines += [
        "### Set-up",
        "",
        f"- Machine: {facts['nproc']} CPUs (`nproc`), {facts['cpu']}, {facts['memory']} RAM; {facts['os']}; "
        "shared with other work, so figures vary between runs.",
        f"- Python {facts['python']}, PostgreSQL {facts['postgres']} on 127.0.0.1:5432, "
        f"Redis at `{REDIS_URL}` (cache), production settings "
        "(`DEBUG` off, `SECURE_SSL_REDIRECT=false` because the benchmark speaks plain HTTP on loopback). "
        f"For the benchmark only, the server also runs with `ASPIRATION_API_SUBMISSIONS_PER_HOUR={BENCH_SUBMISSIONS_PER_HOUR}`: "
        "the default limit (60 submissions an hour per client address) would answer 429 to a load generator "
        "that sends everything from 127.0.0.1.",
        f"- Server: gunicorn, {results['workers']} workers × {results['threads']} threads (gthread: one worker "
        f"per core on this {facts['nproc']}-core machine, threads to keep connections alive while a request "
        "waits on PostgreSQL or Redis):",
        "",
        f"  `{results['server_command']}`",
        "",
        f"- Data: the Pangkalpinang regions ({data['villages']} kelurahan) and {data['kims']:,} generated KIMs "
        f"(85 % aktif) with {data['members']:,} members (bench/generate.py, {data['kims_s']:.0f} s); profile page "
        f"measured: `/kim/{data['sample_slug']}/`. Then {data['aspirations']:,} generated reports (bench/generate.py "
        "`generate_aspirations`: 8 in 12 selesai, the rest in the other states, one in ten secret, spread over "
        f"700 days and 6 categories; `bulk_create` in batches of 2,000, {data['aspirations_s']:.0f} s, then "
        f"`VACUUM (ANALYZE)` {data['analyze_s']:.1f} s, which autovacuum would do shortly after such a load "
        f"anyway); report page measured: `/aspirasi/{data['sample_code']}/`."
        + (
            f" Then {data['items']:,} published news items (bench/generate.py `generate_items`: about 150 words "
            "each from an Indonesian vocabulary of ~150 words, a few of them in most items; 6 in 10 berita, a tenth "
            "targeted at a kecamatan and a tenth at a kelurahan; `bulk_create`, then the search index rebuilt through "
            f"`newsroom.indexing.rebuild`, {data.get('items_s', 0):.0f} s in all, the index {data.get('index_s', 0):.0f} "
            f"s); article measured: `/berita/{data['sample_item_slug']}/`."
            if data.get("items")
            else ""
        ),
        "- Public pages are cached for anonymous visitors (jembatan/core/cache.py: Redis shared by the workers, "
        "plus each worker's own copies checked against the Redis generation at most once a second); the "
        "benchmark measures that steady state.",
        "",
        END_MARK,
    ]
    return "\n".join(lines)


def render_submission(results: dict) -> list[str]:
    sub = results["submission"]
    writes, single = sub["writes"], sub["single"]
    created = sub["created"] + sub["warmup_created"]
    check = "pass" if not sub["problems"] else "**FAIL**: " + "; ".join(sub["problems"])
    return [
        "### Submission path",
        "",
        "| request | req/s (median) | ratio vs /healthz: median (range) | answers | 201 | not 201 / socket errors "
        "| in flight when the load stopped |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
        f"| `POST {SUBMIT_PATH}` | {sub['rps']:.0f} ({min(sub['rps_runs']):.0f}–{max(sub['rps_runs']):.0f}) | "
        f"{sub['ratio']:.2f} ({sub['ratio_min']:.2f}–{sub['ratio_max']:.2f}) | {sub['requests']:,} | "
        f"{sub['created']:,} | {sub['not_ok']} / {sub['socket_errors']} | {sub['in_flight']} |",
        "",
        f"Method: after the page rounds, {results['post_rounds']} rounds of {results['duration']} s of valid "
        f"submissions between {results['duration']} s runs of /healthz (H S H S … H), the ratio taken as for the "
        "pages; fewer rounds than the pages because every request writes. Each request sends the same JSON body "
        "(a pengaduan in a generated category and kelurahan, anonim, with the reporter's name, email and phone, "
        "`consent: true`) with its own `Idempotency-Key` (run prefix, load generator thread, the thread's counter), "
        f"`Content-Type: application/json`, over the same {results['connections']} keep-alive connections; every "
        "answer that is not a 201 Created is counted as an error. No target is set for this ratio: the figure is "
        "recorded.",
        "",
        "What one submission does: validates the body with the web form's rules (the category and the "
        "kelurahan are looked up), checks that the Idempotency-Key is new, counts the client address in the rate "
        "limit (Redis), then, in one transaction, inserts the report, gives it its tracking code (a second write), "
        "masks personal data in its public title and description and inserts the timeline event, "
        "the audit row and the confirmation email (with the private link) in the notifications "
        "outbox and its history row; once that has committed, it empties the public page cache (a new generation "
        "in Redis). "
        "/healthz touches neither the database nor the cache, so a ratio well below 0.7 is expected here.",
        "",
        f"One submission at a time (bench/scale.py, in-process with Django's test client, just before that load, "
        f"{single['submissions'] - 2} timed): {single['queries']} SQL statements, {single['writes']} of them writes, "
        f"{single['commits']} commits (the report's transaction, which also writes the confirmation email into the outbox), "
        f"server time p50 {single['p50_ms']:.1f} ms, p95 {single['p95_ms']:.1f} ms.",
        "",
        f"Writes check (in the database, after the server stopped): {writes['reports']:,} new reports = "
        f"{created:,} answers 201 (including one warm-up request) + {sub['in_flight']} requests in flight when "
        "the load generator stopped (wrk stops without reading the last answers, the server still stores those "
        "reports; the Python load generator leaves none in flight). "
        f"Every new report has its own Idempotency-Key ({writes['distinct_keys']:,} distinct) and tracking code "
        f"({writes['distinct_codes']:,}), exactly one timeline event ({writes['reports_with_one_event']:,}), "
        f"an audit row ({writes['audit_rows']:,}) and a confirmation email "
        f"({writes['email_tasks'] - sub['tasks_before']:,} new messages in the outbox): no lost and no doubled writes: "
        f"{check}.",
        "",
    ]


def render_queries(results: dict) -> list[str]:
    data = results["data"]
    small_n, large_n = data["queries_small_n"], data["aspirations"]
    lines = [
        f"### Pages at {large_n:,} reports, {data.get('items', 0):,} news items and "
        f"{data.get('information_requests', 0):,} information requests: queries and server time (uncached)",
        "",
        f"| path | queries, {small_n} rows | queries, {large_n:,} rows | ≤ {MAX_QUERIES}, constant | "
        f"server time p50 / p95, {small_n} rows | server time p50 / p95, {large_n:,} rows |",
        "| --- | ---: | ---: | :---: | ---: | ---: |",
    ]
    for path, found in data["queries"].items():
        small, large = found["small"], found["large"]
        shown = path.replace(data["sample_code"], "<code>")
        if data.get("sample_item_slug"):
            shown = shown.replace(data["sample_item_slug"], "<slug>")
        if data.get("sample_number"):
            shown = shown.replace(data["sample_number"], "<number>")
        lines.append(
            f"| `{shown}` | {small['queries']} | {large['queries']} | "
            f"{'pass' if queries_ok(found) else '**FAIL**'} | {small['p50_ms']:.1f} / {small['p95_ms']:.1f} ms | "
            f"{large['p50_ms']:.1f} / {large['p95_ms']:.1f} ms |"
        )
    lines += [
        "",
        f"Method (bench/scale.py): against the benchmark database, before the server starts, with the first "
        f"{small_n} reports and again with all {large_n:,}: each path is requested once to warm up, then once "
        "with the public page cache emptied (Redis and the process's own copies) while the SQL queries are counted "
        f"(django.test.utils.CaptureQueriesContext), then {results['timed_renders']} more times, each with the "
        "cache emptied, timed. The requests go through Django's test client in one process with the production "
        "settings: the time is Django's own (middleware, view, database, template), without gunicorn or the "
        "network, on this shared machine. These are cache misses; a visitor who gets a cached page (the table "
        "above) waits for none of this. tests/test_queries_scale.py asserts the same counts with 10 and with "
        "5,000 reports on every test run.",
        "",
    ]
    return lines


def write_marked_section(start: str, end: str, heading: str, doc: str) -> None:
    """Replace the text between ``start`` and ``end`` in docs/benchmarks.md with ``doc``, or append the
    section (``heading`` then the marked text) when the markers are not there yet."""
    text = DOC.read_text()
    if start in text and end in text:
        before, rest = text.split(start, 1)
        text = before + start + "\n" + doc + "\n" + end + rest.split(end, 1)[1]
    else:
        text = text.rstrip() + f"\n\n{heading}\n\n{start}\n{doc}\n{end}\n"
    DOC.write_text(text)


def write_doc(section: str) -> None:
    DOC.parent.mkdir(parents=True, exist_ok=True)
    if DOC.exists():
        text = DOC.read_text()
        if START_MARK in text and END_MARK in text:
            before = text.split(START_MARK, 1)[0]
            after = text.split(END_MARK, 1)[1]
            DOC.write_text(before + section + after)
            return
        DOC.write_text(text.rstrip() + "\n\n" + section + "\n")
        return
    intro = (
        "# Benchmarks\n\n"
        "Throughput of the public pages compared with `/healthz` (a view that touches neither the database "
        "nor the cache), and the first-load weight of each page. Targets: every page serves at least 0.7× the "
        "requests per second of `/healthz`, and weighs at most 60 KB (HTML + CSS, gzip). Also measured: the "
        "submission path (valid `POST /api/v1/aspirations`, requests per second and the ratio to `/healthz`, "
        "recorded without a target) and, at 100,000 reports, the SQL queries of the report pages (target: "
        "at most 8, the same as with 10 reports) and their server time when uncached.\n\n"
        "Run `make bench` to measure again on your machine (needs PostgreSQL on 127.0.0.1:5432 with trust auth "
        "for user postgres, and Redis on 127.0.0.1:6379; it uses database `jembatan_bench` and Redis database "
        "14, and drops/empties both at the end). The section below is rewritten by each run.\n\n"
    )
    DOC.write_text(intro + section + "\n")


# --- Main --------------------------------------------------------------------------------------


def summarize(label: str, path: str, runs: list[dict]) -> dict:
    ratios = [r["ratio"] for r in runs]
    summary = {
        "label": label,
        "path": path,
        "rps": statistics.median(r["rps"] for r in runs),
        "rps_runs": [r["rps"] for r in runs],
        "ratio": statistics.median(ratios),
        "ratio_min": min(ratios),
        "ratio_max": max(ratios),
        "requests": sum(r["requests"] for r in runs),
        "not_ok": sum(r["not_ok"] for r in runs),
        "socket_errors": sum(r["socket_errors"] for r in runs),
    }
    if "created" in runs[0]:
        for name in ("sent", "answered", "created"):
            summary[name] = sum(r[name] for r in runs)
    return summary


def check_writes(writes: dict, created: int, in_flight: int, tasks_before: int) -> list[str]:
    """What must hold after the submissions: one report per 201 (and per request left in flight)."""
    reports = writes["reports"]
    problems = []
    if reports != created + in_flight:
        problems.append(f"{reports} new reports for {created} answers 201 and {in_flight} requests in flight")
    for name in ("distinct_keys", "api_keys", "distinct_codes", "events", "reports_with_one_event"):
        if writes[name] != reports:
            problems.append(f"{name}: {writes[name]} for {reports} reports")
    if writes["audit_rows"] != reports:
        problems.append(f"audit rows: {writes['audit_rows']} for {reports} reports")
    if writes["email_tasks"] - tasks_before != reports:
        problems.append(f"queued emails: {writes['email_tasks'] - tasks_before} for {reports} reports")
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Throughput and weight benchmark; writes docs/benchmarks.md.")
    parser.add_argument("--database", default="jembatan_bench")
    parser.add_argument("--kims", type=int, help="generated KIMs (10,000)")
    parser.add_argument("--aspirations", type=int, help="generated reports (after the KIMs; 100,000)")
    parser.add_argument("--items", type=int, help="generated published news items (100,000)")
    parser.add_argument("--information-requests", type=int, help="generated information requests (100,000)")
    parser.add_argument("--register-entries", type=int, help="generated DIP entries (10,000)")
    parser.add_argument("--claims", type=int, help="generated hoax clarifications (and 50 events; 1,000)")
    parser.add_argument("--duration", type=int, default=4, help="seconds per load run")
    parser.add_argument("--rounds", type=int, help="rounds of /healthz-page pairs (7; national 3)")
    parser.add_argument("--post-rounds", type=int, default=3, help="rounds of /healthz-submission pairs")
    parser.add_argument("--timed-renders", type=int, help="timed uncached renders per report page (20)")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (one per core)")
    parser.add_argument("--threads", type=int, default=4, help="gunicorn threads per worker")
    parser.add_argument("--wrk-threads", type=int, default=2)
    parser.add_argument("--python-loadgen", action="store_true", help="use the Python load generator, not wrk")
    parser.add_argument("--no-write", action="store_true", help="print the results; leave docs/benchmarks.md alone")
    parser.add_argument(
        "--scale", choices=["city", "national"], default="city",
        help="national: 100,000 KIMs, 1,000,000 reports and news items, 100,000 requests and clarifications",
    )  # fmt: skip
    parser.add_argument(
        "--pages",
        default="",
        help="measure only the pages whose label matches this regular expression (implies "
        "--no-write: a partial run never replaces the recorded table)",
    )
    args = parser.parse_args(argv)
    if args.scale == "national":
        # The national size: ten times the default, measured in fewer rounds (every round loads each page),
        # and recorded in a section of its own.
        global START_MARK, END_MARK, HEADING, COMMAND
        START_MARK, END_MARK = NATIONAL_START_MARK, NATIONAL_END_MARK
        HEADING, COMMAND = "## National size, latest run", "make bench SCALE=national"
    # What was not given comes from the scale's defaults (a value given on the command line always wins).
    for name, value in (NATIONAL if args.scale == "national" else CITY).items():
        if getattr(args, name) is None:
            setattr(args, name, value)
    if args.pages:
        args.no_write = True
    if args.aspirations < 1:
        parser.error("--aspirations must be at least 1 (the report pages need a public report)")

    started = time.monotonic()
    env = bench_env(args.database)
    server = None
    workdir = Path(tempfile.mkdtemp(prefix="jembatan-bench-"))
    try:
        wrk = None if args.python_loadgen else ensure_wrk()
        loadgen = (
            f"wrk -t{args.wrk_threads} -c{args.connections}"
            if wrk
            else f"Python keep-alive load generator, {args.wrk_threads} processes × "
            f"{max(1, args.connections // args.wrk_threads)} connections"
        )
        log(f"load generator: {loadgen}")
        log(f"database {args.database}: recreating; Redis {REDIS_URL}: emptying")
        recreate_database(args.database)
        flush_redis()
        log(f"migrating, importing regions, generating {args.kims:,} KIMs and {args.aspirations:,} reports")
        data = load_data(env, args.kims, args.aspirations, args.timed_renders, args.items,
                         args.information_requests, args.register_entries, args.claims)  # fmt: skip
        for path, found in data["queries"].items():
            log(
                f"{path}: {found['small']['queries']} queries with {data['queries_small_n']} reports, "
                f"{found['large']['queries']} with {data['aspirations']:,}; uncached render p50 "
                f"{found['large']['p50_ms']:.1f} ms, p95 {found['large']['p95_ms']:.1f} ms"
            )
        flush_redis()  # nothing the in-process renders cached is left for the server

        port = free_port()
        logfile = ROOT / "var" / "bench" / "gunicorn.log"
        logfile.parent.mkdir(parents=True, exist_ok=True)
        server, command = start_server(env, port, args.workers, args.threads, logfile)
        server_command = "DJANGO_SETTINGS_MODULE=jembatan.config.settings.production " + shlex.join(
            ["gunicorn", *command[1:]]
        ).replace(str(logfile), "<log>").replace(f":{port}", ":<free port>")
        log(f"gunicorn up on 127.0.0.1:{port} (pid {server.pid})")

        pages = [
            ("/", "/"),
            ("/kim/", "/kim/"),
            ("/kim/<slug>/", f"/kim/{data['sample_slug']}/"),
            ("/cakupan/", "/cakupan/"),
            ("/aspirasi/", "/aspirasi/"),
            ("/aspirasi/<code>/", f"/aspirasi/{data['sample_code']}/"),
            # What machines poll: the anonymous API reads and the feeds.
            ("/api/v1/coverage", "/api/v1/coverage"),
            ("/api/v1/kims", "/api/v1/kims"),
            ("/api/v1/aspirations", "/api/v1/aspirations"),
            ("/api/v1/aspirations/<code>", f"/api/v1/aspirations/{data['sample_code']}"),
        ]
        if args.items:
            pages += [
                ("/api/v1/news", "/api/v1/news"),
                ("/feeds/berita.rss", "/feeds/berita.rss"),
                ("/feeds/berita.atom", "/feeds/berita.atom"),
                ("/feeds/berita.json", "/feeds/berita.json"),
            ]
        if args.information_requests:
            number = data["sample_number"]
            pages += [
                ("/api/v1/information-requests/<number>", f"/api/v1/information-requests/{number}"),
                ("/informasi/", "/informasi/"),
                ("/informasi/permohonan/", "/informasi/permohonan/"),
                ("/informasi/permohonan/<number>/", f"/informasi/permohonan/{number}/"),
            ]
        if args.claims:
            pages += [
                ("/kegiatan/", "/kegiatan/"),
                ("/cek-fakta/", "/cek-fakta/"),
                ("/cek-fakta/<slug>/", f"/cek-fakta/{data['sample_claim_slug']}/"),
            ]
        if args.items:
            pages += [
                ("/berita/", "/berita/"),
                ("/berita/<slug>/", f"/berita/{data['sample_item_slug']}/"),
                ("/cari/?q=pembangunan+jalan", "/cari/?q=pembangunan+jalan"),
            ]
        if args.pages:
            pages = [(label, path) for label, path in pages if re.search(args.pages, label)]
            if not pages:
                parser.error(f"--pages {args.pages!r} matches no page")
        check_page(port, "/healthz")
        weights = {}
        for _label, path in pages:
            check_page(port, path)  # warm-up: fills the public page cache
            weights[path] = page_weight(port, path)

        lua = workdir / "status.lua"
        lua.write_text(WRK_LUA)
        body = submission_body(data)

        def measure(path: str) -> dict:
            if wrk:
                result = run_wrk(
                    wrk, port, path, duration=args.duration, connections=args.connections, threads=args.wrk_threads,
                    lua=lua,
                )  # fmt: skip
            else:
                spec = {"method": "GET", "path": path, "headers": HEADERS, "expect": 200}
                result = run_python_load(
                    port, spec, duration=args.duration, connections=args.connections, processes=args.wrk_threads
                )
            log(
                f"{path}: {result['rps']:.0f} req/s ({result['requests']} requests, "
                f"{result['not_ok']} not 200, {result['socket_errors']} socket errors)"
            )
            return result

        def measure_submission(run: str) -> dict:
            if wrk:
                post_lua = workdir / f"{run}.lua"
                post_lua.write_text(WRK_POST_LUA % {"body": body.decode(), "run": run})
                result = run_wrk(
                    wrk, port, SUBMIT_PATH, duration=args.duration, connections=args.connections,
                    threads=args.wrk_threads, lua=post_lua, headers={"User-Agent": "jembatan-bench"},
                )  # fmt: skip
            else:
                spec = {
                    "method": "POST", "path": SUBMIT_PATH, "headers": POST_HEADERS, "body": body, "expect": 201,
                    "key_prefix": run,
                }  # fmt: skip
                result = run_python_load(
                    port, spec, duration=args.duration, connections=args.connections, processes=args.wrk_threads
                )
            log(
                f"POST {SUBMIT_PATH}: {result['rps']:.0f} req/s ({result['requests']} answers, {result['created']} "
                f"201, {result['not_ok']} not 201, {result['sent'] - result['answered']} in flight at the end, "
                f"{result['socket_errors']} socket errors)"
            )
            return result

        # H P1 H P2 H P3 H P4 | H P1 H ... H: every page run sits between two /healthz runs, and the
        # page's ratio for that round is its req/s over the mean of those two. The reported ratio is
        # the median over the rounds, so one burst of outside load cannot decide it.
        healthz_runs = [measure("/healthz")]
        page_runs: dict[str, list[dict]] = {path: [] for _label, path in pages}
        for round_number in range(1, args.rounds + 1):
            log(f"round {round_number}/{args.rounds}")
            for _label, path in pages:
                result = measure(path)
                healthz_runs.append(measure("/healthz"))
                baseline = (healthz_runs[-2]["rps"] + healthz_runs[-1]["rps"]) / 2
                page_runs[path].append({**result, "baseline": baseline, "ratio": result["rps"] / baseline})
        page_results = [summarize(label, path, page_runs[path]) for label, path in pages]
        for _label, path in pages:
            check_page(port, path)  # still a 200 after the load

        # The submission path, after the pages (every submission empties the public page cache):
        # H S H S H S H with the same method, fewer rounds.
        single = run_script(
            env, "bench/scale.py", "submission", "--body", body.decode(), "--timed", str(args.timed_renders)
        )  # one at a time, in-process; these reports come before the ones counted below
        log(f"one submission at a time: {single}")
        before = run_script(env, "bench/scale.py", "state")
        before_id = before["max_id"]
        status, answer = post_json(port, SUBMIT_PATH, body, f"bench-check-{secrets.token_hex(8)}")
        if status != 201:
            raise RuntimeError(f"POST {SUBMIT_PATH} answered {status}, not 201: {answer[:300]!r}")
        warmup_created = 1
        submission_runs = []
        post_healthz = [measure("/healthz")]
        for round_number in range(1, args.post_rounds + 1):
            log(f"submission round {round_number}/{args.post_rounds}")
            result = measure_submission(f"bench{round_number}-{secrets.token_hex(4)}")
            post_healthz.append(measure("/healthz"))
            baseline = (post_healthz[-2]["rps"] + post_healthz[-1]["rps"]) / 2
            submission_runs.append({**result, "baseline": baseline, "ratio": result["rps"] / baseline})
        healthz_runs += post_healthz
        submission = summarize(f"POST {SUBMIT_PATH}", SUBMIT_PATH, submission_runs)
        stop_server(server)  # graceful: requests still in flight are answered before the workers exit
        server = None
        writes = run_script(env, "bench/scale.py", "writes", "--after-id", str(before_id), "--key-prefix", "api:")
        in_flight = submission["sent"] - submission["answered"]
        created = submission["created"] + warmup_created
        problems = check_writes(writes, created, in_flight, before["email_tasks"])
        log(f"writes: {writes}; 201 answers {created}, in flight {in_flight}; problems: {problems or 'none'}")

        results = {
            "date": datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC"),
            "machine": machine_facts(),
            "duration": args.duration,
            "rounds": args.rounds,
            "post_rounds": args.post_rounds,
            "timed_renders": args.timed_renders,
            "connections": args.connections,
            "workers": args.workers,
            "threads": args.threads,
            "loadgen": loadgen,
            "server_command": server_command,
            "data": data,
            "healthz": {
                "runs": [r["rps"] for r in healthz_runs],
                "median": statistics.median(r["rps"] for r in healthz_runs),
                "requests": sum(r["requests"] for r in healthz_runs),
                "not_ok": sum(r["not_ok"] for r in healthz_runs),
                "socket_errors": sum(r["socket_errors"] for r in healthz_runs),
            },
            "pages": [{**p, "weight": weights[p["path"]]} for p in page_results],
            "submission": {
                **submission,
                "warmup_created": warmup_created,
                "in_flight": in_flight,
                "writes": writes,
                "problems": problems,
                "single": single,
                "tasks_before": before["email_tasks"],
            },
        }
        results["elapsed_s"] = time.monotonic() - started
        section = render_section(results)
        if args.no_write:
            print(section)
        else:
            write_doc(section)
            log(f"wrote {DOC.relative_to(ROOT)}")
        failures = [p["label"] for p in results["pages"] if p["ratio"] < RATIO_TARGET]
        failures += [f"{p['label']} weight" for p in results["pages"] if p["weight"]["total_gz"] > WEIGHT_TARGET]
        failures += [f"{path} queries" for path in data["queries"] if not queries_ok(data["queries"][path])]
        failures += [f"submissions: {problem}" for problem in problems]
        errors = results["healthz"]["not_ok"] + sum(p["not_ok"] for p in results["pages"]) + submission["not_ok"]
        for page in results["pages"]:
            log(
                f"{page['label']:<18} {page['rps']:8.0f} req/s  ratio {page['ratio']:.2f} "
                f"({page['ratio_min']:.2f}-{page['ratio_max']:.2f})  "
                f"{page['weight']['total_gz'] / 1024:.1f} KB gz"
            )
        log(
            f"{'POST submission':<18} {submission['rps']:8.0f} req/s  ratio {submission['ratio']:.2f} "
            f"({submission['ratio_min']:.2f}-{submission['ratio_max']:.2f})"
        )
        log(f"/healthz median {results['healthz']['median']:.0f} req/s; total {results['elapsed_s']:.0f} s")
        if errors:
            log(f"{errors} responses were not 200 (pages) or 201 (submissions)")
            return 1
        if failures:
            log(f"below target: {', '.join(failures)}")
            return 1
        return 0
    finally:
        stop_server(server)
        drop_database(args.database)
        try:
            flush_redis()
        except Exception as exc:
            log(f"could not empty Redis database 14: {exc}")
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    raise SystemExit(main())
