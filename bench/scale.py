"""Measurements `make bench` takes inside Django, against the benchmark database.

``python bench/scale.py queries --code ASP-…`` renders the public report pages and the report list of
the API with the public page cache emptied before every request (so each one really renders) and
prints, as JSON, the number of SQL queries of each and the server time of ``--timed`` renders
(p50/p95, in milliseconds). The requests go through Django's test client in this process: the
time is Django's own (middleware, view, template, database), without gunicorn or the network.

``python bench/scale.py submission --body JSON`` sends valid API submissions one at a time the same
way and prints the SQL statements of one and the server time of ``--timed`` of them.

``python bench/scale.py state`` prints the highest report id and the number of queued tasks;
``python bench/scale.py writes --after-id N`` counts what the submissions of the benchmark stored:
the reports with an id above N and the rows each submission adds beside its report.

Both set Django up from the environment (DJANGO_SETTINGS_MODULE, DATABASE_URL, ...).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path


def report_paths(code: str) -> list[str]:
    """The report pages and API list measured at scale (also in tests/test_queries_scale.py)."""
    return ["/aspirasi/", "/aspirasi/?halaman=50", f"/aspirasi/{code}/", "/aspirasi/kinerja/", "/api/v1/aspirations"]


def news_paths(slug: str) -> list[str]:
    """The newsroom pages and searches measured at scale (a common, a mid and a rare query)."""
    return [
        "/berita/", "/berita/?halaman=50", "/berita/?jenis=pengumuman", f"/berita/{slug}/",
        "/cari/?q=pembangunan+jalan", "/cari/?q=warga+kota", "/cari/?q=posyandu+imunisasi+lansia",
    ]  # fmt: skip


def information_paths(number: str) -> list[str]:
    """The public information pages measured at scale: the DIP (a search and a category) and the register."""
    return [
        "/informasi/", "/informasi/?q=anggaran", "/informasi/?kategori=berkala&halaman=20", "/informasi/permohonan/",
        "/informasi/permohonan/?halaman=50", f"/informasi/permohonan/{number}/", f"/api/v1/information-requests/{number}",
    ]  # fmt: skip


def national_paths(*, code: str, slug: str, kim_slug: str) -> list[str]:
    """The pages and API reads of the national-scale table (issue "National scale"), uncached."""
    return [
        "/aspirasi/", f"/aspirasi/{code}/", "/aspirasi/kinerja/", "/berita/", f"/berita/{slug}/",
        "/cari/?q=posyandu+imunisasi+lansia", "/", "/api/v1/aspirations", "/api/v1/news", "/api/v1/coverage",
        "/cakupan/", "/kim/", f"/kim/{kim_slug}/", "/feeds/berita.atom", "/api/v1/kims",
    ]  # fmt: skip


def _percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def measure_queries(paths: list[str], *, timed: int, host: str) -> dict:
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from jembatan.core.cache import clear_local_public_cache

    client = Client(headers={"host": host, "accept-language": "id"})

    def render(path: str):
        cache.clear()
        clear_local_public_cache()
        started = time.perf_counter()
        response = client.get(path)
        elapsed = time.perf_counter() - started
        if response.status_code != 200:
            raise RuntimeError(f"GET {path} answered {response.status_code}")
        return elapsed

    for path in paths:
        render(path)  # warm up: what is loaded once per process is not counted
    results = {}
    for path in paths:
        cache.clear()
        clear_local_public_cache()
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path)
        if response.status_code != 200:
            raise RuntimeError(f"GET {path} answered {response.status_code}")
        count = len(queries)  # now: the captured list is read from the connection's log, which requests reset
        times = [render(path) * 1000 for _ in range(timed)]
        results[path] = {
            "queries": count,
            "p50_ms": round(statistics.median(times), 1),
            "p95_ms": round(_percentile(times, 0.95), 1),
            "renders": timed,
        }
    cache.clear()
    clear_local_public_cache()
    return results


def measure_submission(body: str, *, timed: int, host: str) -> dict:
    """One valid API submission at a time: its SQL statements and its server time (p50/p95 in ms)."""
    import secrets

    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(headers={"host": host})
    run = secrets.token_hex(4)

    def submit(number: int):
        started = time.perf_counter()
        response = client.post(
            "/api/v1/aspirations",
            data=body,
            content_type="application/json",
            headers={"Idempotency-Key": f"scale-{run}-{number}"},
        )
        elapsed = time.perf_counter() - started
        if response.status_code != 201:
            raise RuntimeError(f"POST /api/v1/aspirations answered {response.status_code}: {response.content[:300]!r}")
        return elapsed

    submit(0)  # warm up
    with CaptureQueriesContext(connection) as queries:
        submit(1)
        statements = [q["sql"].split(None, 1)[0].upper() for q in queries.captured_queries]
    times = [submit(number) * 1000 for number in range(2, timed + 2)]
    commits, in_transaction = 0, False
    for verb in statements:  # a write outside BEGIN … COMMIT commits on its own (autocommit)
        if verb == "BEGIN":
            in_transaction = True
        elif verb == "COMMIT":
            in_transaction, commits = False, commits + 1
        elif verb in ("INSERT", "UPDATE", "DELETE") and not in_transaction:
            commits += 1
    return {
        "queries": len(statements),
        "writes": sum(1 for verb in statements if verb in ("INSERT", "UPDATE", "DELETE")),
        "commits": commits,
        "p50_ms": round(statistics.median(times), 1),
        "p95_ms": round(_percentile(times, 0.95), 1),
        "submissions": timed + 2,
    }


def count_writes(after_id: int, key_prefix: str) -> dict:
    """The reports with an id above ``after_id`` and what each submission stores beside its report."""
    from django.db.models import Count

    from jembatan.aspirations.models import Aspiration, Event
    from jembatan.core.models import AuditLog
    from jembatan.notifications.models import Message

    new = Aspiration.objects.filter(id__gt=after_id)
    ids = list(new.values_list("id", flat=True))
    events_per_report = Event.objects.filter(aspiration_id__gt=after_id).values("aspiration_id").annotate(n=Count("id"))
    return {
        "reports": len(ids),
        "distinct_keys": new.values("idempotency_key").distinct().count(),
        "api_keys": new.filter(idempotency_key__startswith=key_prefix).count(),
        "distinct_codes": new.values("code").distinct().count(),
        "events": Event.objects.filter(aspiration_id__gt=after_id).count(),
        "reports_with_one_event": sum(1 for row in events_per_report if row["n"] == 1),
        "audit_rows": AuditLog.objects.filter(verb="aspiration.submitted", object_id__in=[str(i) for i in ids]).count(),
        "email_tasks": Message.objects.filter(template_key="aspirations.reporter_update").count(),
    }


def time_certificate(timed: int) -> dict:
    """Render one certificate ``timed`` times (not kept), after one warm-up, as a running worker does at issue."""
    from django.core.cache import cache

    from jembatan.literacy.certificates import render
    from jembatan.literacy.models import Certificate

    certificate = Certificate.objects.select_related("registration__event").first()
    render(certificate)  # warm-up: the first rendering of a process also loads fpdf2 and its fonts
    times = []
    for _ in range(timed):
        started = time.perf_counter()
        render(certificate)
        times.append((time.perf_counter() - started) * 1000)
    cache.clear()
    return {"timed": timed, "p50_ms": round(statistics.median(times), 1), "p95_ms": round(_percentile(times, 0.95), 1)}


def state() -> dict:
    """The highest report id and the number of reporter messages in the outbox, before the submissions."""
    from django.db.models import Max

    from jembatan.aspirations.models import Aspiration
    from jembatan.notifications.models import Message

    return {
        "max_id": Aspiration.objects.aggregate(m=Max("id"))["m"] or 0,
        "email_tasks": Message.objects.filter(template_key="aspirations.reporter_update").count(),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    queries = sub.add_parser("queries", help="query counts and server time of uncached renders")
    queries.add_argument("--code", required=True, help="a public report's code")
    queries.add_argument("--slug", default="", help="a published news item's slug (adds the newsroom pages)")
    queries.add_argument("--number", default="", help="an information request's number (adds the PPID pages)")
    queries.add_argument("--timed", type=int, default=20, help="timed renders per page")
    queries.add_argument("--host", default="127.0.0.1")
    submission = sub.add_parser("submission", help="statements and server time of one API submission at a time")
    submission.add_argument("--body", required=True, help="the JSON body")
    submission.add_argument("--timed", type=int, default=20, help="timed submissions")
    submission.add_argument("--host", default="127.0.0.1")
    national = sub.add_parser("national", help="query counts and server time of the national-scale table's paths")
    national.add_argument("--code", required=True, help="a public report's code")
    national.add_argument("--slug", required=True, help="a published news item's slug")
    national.add_argument("--kim-slug", required=True, help="an active KIM's slug")
    national.add_argument("--timed", type=int, default=20, help="timed renders per page")
    national.add_argument("--host", default="127.0.0.1")
    sub.add_parser("state", help="the highest report id and the number of queued tasks")
    certificate = sub.add_parser("certificate", help="time the rendering of a certificate (PDF with its QR code)")
    certificate.add_argument("--timed", type=int, default=10)
    writes = sub.add_parser("writes", help="what the benchmark's submissions stored")
    writes.add_argument("--after-id", type=int, required=True)
    writes.add_argument("--key-prefix", default="api:")
    args = parser.parse_args(argv)

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jembatan.config.settings.dev")
    import django

    django.setup()
    if args.command == "queries":
        paths = report_paths(args.code) + (news_paths(args.slug) if args.slug else [])
        paths += information_paths(args.number) if args.number else []
        result = measure_queries(paths, timed=args.timed, host=args.host)
    elif args.command == "national":
        paths = national_paths(code=args.code, slug=args.slug, kim_slug=args.kim_slug)
        result = measure_queries(paths, timed=args.timed, host=args.host)
    elif args.command == "submission":
        result = measure_submission(args.body, timed=args.timed, host=args.host)
    elif args.command == "state":
        result = state()
    elif args.command == "certificate":
        result = time_certificate(args.timed)
    else:
        result = count_writes(args.after_id, args.key_prefix)
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
