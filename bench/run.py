"""`make bench`: throughput of the public pages against /healthz, and their first-load weight.

What it does, with no manual step:

1. Recreates the PostgreSQL database ``jembatan_bench`` on 127.0.0.1:5432 (user postgres, trust
   auth) and empties Redis database 14; migrates with the production settings, imports the
   Pangkalpinang regions and bulk-generates 10,000 KIMs with 5 members each (bench/generate.py).
2. Runs ``collectstatic`` and starts gunicorn (production settings, PostgreSQL + Redis) on a free
   loopback port.
3. Loads /healthz, /, /kim/, /kim/<slug>/ and /cakupan/ with wrk on 127.0.0.1 (installed from
   Debian when missing and we are root; otherwise a small bounded Python load generator is used).
   Every run is bounded in time with a fixed number of connections. /healthz is measured before
   and after every page run, each page run is compared with the mean of the two, and the median
   over several rounds is reported (the machine is shared and noisy).
4. Measures each page's first-load weight: HTML plus its stylesheets, gzip-compressed.
5. Writes the results between the markers in docs/benchmarks.md.
6. Stops gunicorn, drops the database and empties Redis database 14, also on failure.

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

PG_HOST, PG_PORT, PG_USER = "127.0.0.1", 5432, "postgres"
REDIS_URL = "redis://127.0.0.1:6379/14"
RATIO_TARGET = 0.7
WEIGHT_TARGET = 60 * 1024
# Headers of an ordinary anonymous browser visit. No cookie: a first-time visitor.
HEADERS = {
    "Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
    "Accept-Language": "id",
    "Accept-Encoding": "gzip",
    "User-Agent": "jembatan-bench",
}

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


def load_data(env: dict[str, str], kims: int) -> dict:
    manage(env, "migrate", "--noinput", "-v", "0")
    manage(env, "import_regions", "--regency", "19.71")
    result = subprocess.run(
        [PY, "bench/generate.py", "--kims", str(kims)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    if result.returncode != 0:
        raise RuntimeError(f"bench/generate.py failed:\n{result.stdout}\n{result.stderr}")
    return json.loads(result.stdout.strip().splitlines()[-1])


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


def run_wrk(wrk: str, port: int, path: str, *, duration: int, connections: int, threads: int, lua: Path) -> dict:
    command = [wrk, f"-t{threads}", f"-c{connections}", f"-d{duration}s", "--timeout", "10s", "-s", str(lua)]
    for name, value in HEADERS.items():
        command += ["-H", f"{name}: {value}"]
    command.append(f"http://127.0.0.1:{port}{path}")
    result = subprocess.run(command, capture_output=True, text=True, timeout=duration + 60, check=False)
    if result.returncode != 0:
        raise RuntimeError(f"wrk failed on {path}: {result.stderr or result.stdout}")
    out = result.stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    requests = int(re.search(r"BENCH_REQUESTS (\d+)", out).group(1))
    not_ok = int(re.search(r"BENCH_NOT_200 (\d+)", out).group(1))
    socket_errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    errors = sum(int(x) for x in socket_errors.groups()) if socket_errors else 0
    return {"rps": rps, "requests": requests, "not_200": not_ok, "socket_errors": errors}


def _py_worker(port: int, path: str, connections: int, duration: float, queue) -> None:
    header_lines = "".join(f"{k}: {v}\r\n" for k, v in HEADERS.items())
    request = f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n{header_lines}\r\n".encode()
    conns = [http.client.HTTPConnection("127.0.0.1", port, timeout=10) for _ in range(connections)]
    done = not_ok = errors = 0
    deadline = time.monotonic() + duration
    while time.monotonic() < deadline:
        for index, conn in enumerate(conns):
            try:
                if conn.sock is None:
                    conn.connect()
                conn.sock.sendall(request)
                response = http.client.HTTPResponse(conn.sock, method="GET")
                response.begin()
                response.read()
                done += 1
                if response.status != 200:
                    not_ok += 1
                if response.will_close:
                    conn.close()
            except OSError:
                errors += 1
                conn.close()
                conns[index] = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    for conn in conns:
        conn.close()
    queue.put((done, not_ok, errors))


def run_python_load(port: int, path: str, *, duration: int, connections: int, processes: int) -> dict:
    """Fallback when wrk is missing: keep-alive HTTP/1.1 from a few processes, bounded in time."""
    queue = multiprocessing.Queue()
    per_process = max(1, connections // processes)
    started = time.monotonic()
    workers = [
        multiprocessing.Process(target=_py_worker, args=(port, path, per_process, duration, queue))
        for _ in range(processes)
    ]
    for worker in workers:
        worker.start()
    results = [queue.get(timeout=duration + 60) for _ in workers]
    for worker in workers:
        worker.join(timeout=10)
    elapsed = time.monotonic() - started
    done = sum(r[0] for r in results)
    return {
        "rps": done / elapsed,
        "requests": done,
        "not_200": sum(r[1] for r in results),
        "socket_errors": sum(r[2] for r in results),
    }


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


def render_section(results: dict) -> str:
    facts = results["machine"]
    lines = [
        START_MARK,
        "<!-- Generated by `make bench` (bench/run.py); edits between the markers are overwritten. -->",
        "",
        f"## Latest run: {results['date']}",
        "",
        f"Command: `make bench` (took {results['elapsed_s']:.0f} s in all).",
        "",
        "| page | req/s (median) | ratio vs /healthz: median (range) | ≥ 0.7 | requests | non-200 / socket errors "
        "| HTML + CSS, gzip | ≤ 60 KB |",
        "| --- | ---: | ---: | :---: | ---: | ---: | ---: | :---: |",
    ]
    hz = results["healthz"]
    lines.append(
        f"| `/healthz` | {hz['median']:.0f} ({min(hz['runs']):.0f}–{max(hz['runs']):.0f}) | 1.00 | — | "
        f"{hz['requests']:,} | {hz['not_200']} / {hz['socket_errors']} | — | — |"
    )
    for page in results["pages"]:
        weight = page["weight"]
        lines.append(
            f"| `{page['label']}` | {page['rps']:.0f} | {page['ratio']:.2f} "
            f"({page['ratio_min']:.2f}–{page['ratio_max']:.2f}) | "
            f"{'pass' if page['ratio'] >= RATIO_TARGET else '**FAIL**'} | {page['requests']:,} | "
            f"{page['not_200']} / {page['socket_errors']} | "
            f"{weight['total_gz'] / 1024:.1f} KB ({weight['html_gz'] / 1024:.1f} HTML + {weight['css_gz'] / 1024:.1f} CSS) | "
            f"{'pass' if weight['total_gz'] <= WEIGHT_TARGET else '**FAIL**'} |"
        )
    data = results["data"]
    lines += [
        "",
        f"Method: {results['rounds']} rounds; in each round every page is loaded for {results['duration']} s between "
        f"two {results['duration']} s runs of /healthz (H P1 H P2 H P3 H P4 H …), and that round's ratio is the "
        "page's req/s over the mean of the two /healthz runs around it. The table gives the median over the rounds "
        "(and the range), so a burst of outside load on this shared machine does not decide a result. Every run is "
        f"bounded in time with {results['connections']} keep-alive connections from `{results['loadgen']}` on "
        "127.0.0.1, after one warm-up request per page. Requests carry no cookie (a first-time anonymous "
        "visitor), `Accept-Language: id`; every response that is not a 200 is counted as an error.",
        "",
        'Weight: the page\'s HTML and its stylesheets (`<link rel="stylesheet">`), gzip-compressed, images '
        "excluded: what a first visit downloads before images.",
        "",
        "### Set-up",
        "",
        f"- Machine: {facts['nproc']} CPUs (`nproc`), {facts['cpu']}, {facts['memory']} RAM; {facts['os']}; "
        "shared with other work, so figures vary between runs.",
        f"- Python {facts['python']}, PostgreSQL {facts['postgres']} on 127.0.0.1:5432, "
        f"Redis at `{REDIS_URL}` (cache), production settings "
        "(`DEBUG` off, `SECURE_SSL_REDIRECT=false` because the benchmark speaks plain HTTP on loopback).",
        f"- Server: gunicorn, {results['workers']} workers × {results['threads']} threads (gthread: one worker "
        f"per core on this {facts['nproc']}-core machine, threads to keep connections alive while a request "
        "waits on PostgreSQL or Redis):",
        "",
        f"  `{results['server_command']}`",
        "",
        f"- Data: the Pangkalpinang regions ({data['villages']} kelurahan) and {data['kims']:,} generated KIMs "
        f"(85 % aktif) with {data['members']:,} members (bench/generate.py); profile page measured: "
        f"`/kim/{data['sample_slug']}/`.",
        "- Public pages are cached for anonymous visitors (jembatan/core/cache.py: Redis shared by the workers, "
        "plus each worker's own copies checked against the Redis generation at most once a second); the "
        "benchmark measures that steady state.",
        "",
        END_MARK,
    ]
    return "\n".join(lines)


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
        "requests per second of `/healthz`, and weighs at most 60 KB (HTML + CSS, gzip).\n\n"
        "Run `make bench` to measure again on your machine (needs PostgreSQL on 127.0.0.1:5432 with trust auth "
        "for user postgres, and Redis on 127.0.0.1:6379; it uses database `jembatan_bench` and Redis database "
        "14, and drops/empties both at the end). The section below is rewritten by each run.\n\n"
    )
    DOC.write_text(intro + section + "\n")


# --- Main --------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Throughput and weight benchmark; writes docs/benchmarks.md.")
    parser.add_argument("--database", default="jembatan_bench")
    parser.add_argument("--kims", type=int, default=10_000)
    parser.add_argument("--duration", type=int, default=4, help="seconds per load run")
    parser.add_argument("--rounds", type=int, default=5, help="rounds of /healthz-page pairs")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (one per core)")
    parser.add_argument("--threads", type=int, default=4, help="gunicorn threads per worker")
    parser.add_argument("--wrk-threads", type=int, default=2)
    parser.add_argument("--python-loadgen", action="store_true", help="use the Python load generator, not wrk")
    parser.add_argument("--no-write", action="store_true", help="print the results; leave docs/benchmarks.md alone")
    args = parser.parse_args(argv)

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
        log(f"migrating, importing regions, generating {args.kims:,} KIMs")
        data = load_data(env, args.kims)
        log(f"data: {data}")
        manage(env, "collectstatic", "--noinput", "-v", "0")

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
        ]
        check_page(port, "/healthz")
        weights = {}
        for _label, path in pages:
            check_page(port, path)  # warm-up: fills the public page cache
            weights[path] = page_weight(port, path)

        lua = workdir / "status.lua"
        lua.write_text(WRK_LUA)

        def measure(path: str) -> dict:
            if wrk:
                result = run_wrk(
                    wrk,
                    port,
                    path,
                    duration=args.duration,
                    connections=args.connections,
                    threads=args.wrk_threads,
                    lua=lua,
                )
            else:
                result = run_python_load(
                    port, path, duration=args.duration, connections=args.connections, processes=args.wrk_threads
                )
            log(
                f"{path}: {result['rps']:.0f} req/s ({result['requests']} requests, "
                f"{result['not_200']} not 200, {result['socket_errors']} socket errors)"
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
        page_results = []
        for label, path in pages:
            runs = page_runs[path]
            ratios = [r["ratio"] for r in runs]
            page_results.append(
                {
                    "label": label,
                    "path": path,
                    "rps": statistics.median(r["rps"] for r in runs),
                    "ratio": statistics.median(ratios),
                    "ratio_min": min(ratios),
                    "ratio_max": max(ratios),
                    "requests": sum(r["requests"] for r in runs),
                    "not_200": sum(r["not_200"] for r in runs),
                    "socket_errors": sum(r["socket_errors"] for r in runs),
                }
            )
        for _label, path in pages:
            check_page(port, path)  # still a 200 after the load

        results = {
            "date": datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC"),
            "machine": machine_facts(),
            "duration": args.duration,
            "rounds": args.rounds,
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
                "not_200": sum(r["not_200"] for r in healthz_runs),
                "socket_errors": sum(r["socket_errors"] for r in healthz_runs),
            },
            "pages": [{**p, "weight": weights[p["path"]]} for p in page_results],
        }
        stop_server(server)
        server = None
        results["elapsed_s"] = time.monotonic() - started
        section = render_section(results)
        if args.no_write:
            print(section)
        else:
            write_doc(section)
            log(f"wrote {DOC.relative_to(ROOT)}")
        failures = [p["label"] for p in results["pages"] if p["ratio"] < RATIO_TARGET]
        failures += [f"{p['label']} weight" for p in results["pages"] if p["weight"]["total_gz"] > WEIGHT_TARGET]
        errors = results["healthz"]["not_200"] + sum(p["not_200"] for p in results["pages"])
        for page in results["pages"]:
            log(
                f"{page['label']:<14} {page['rps']:8.0f} req/s  ratio {page['ratio']:.2f} "
                f"({page['ratio_min']:.2f}-{page['ratio_max']:.2f})  "
                f"{page['weight']['total_gz'] / 1024:.1f} KB gz"
            )
        log(f"/healthz median {results['healthz']['median']:.0f} req/s; total {results['elapsed_s']:.0f} s")
        if errors:
            log(f"{errors} responses were not 200")
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
