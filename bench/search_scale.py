"""Search at scale: p95 server time of ``search.selectors.search`` with N published documents.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/jb_search_bench \
        .venv/bin/python bench/search_scale.py --documents 100000

Migrates the (empty, existing) database named by DATABASE_URL, bulk-generates N news documents of
about 120 words drawn from an Indonesian vocabulary (a few words very common, most rare), then times
each query 30 times in process (first run discarded) and prints the median and p95 in milliseconds
and the SQL statements per search. The data stays: drop the database afterwards.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jembatan.config.settings.dev")

from bench.generate import NEWS_COMMON as COMMON  # noqa: E402 - after the path set-up above
from bench.generate import NEWS_WORDS as WORDS  # noqa: E402


def _document(n: int, rng: random.Random) -> dict:
    import datetime

    from django.utils import timezone

    words = [rng.choice(COMMON) if rng.random() < 0.2 else rng.choice(WORDS) for _ in range(120)]
    rare = f"kode{n}"  # one word only this document has
    return {
        "key": str(n),
        "title": " ".join(rng.choice(WORDS) for _ in range(6)).capitalize(),
        "summary": " ".join(rng.choice(WORDS) for _ in range(20)) + f" {rare}.",
        "body": " ".join(words) + ".",
        "url": f"/berita/{n}/",
        "published_at": timezone.now() - datetime.timedelta(minutes=n),
        "regency_code": "19.71",
        "content_type": "Berita",
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--documents", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from jembatan.search import selectors, services
    from jembatan.search.models import SearchDocument

    call_command("migrate", verbosity=0)
    if SearchDocument.objects.filter(kind="berita").count() != args.documents:
        started = time.perf_counter()
        rng = random.Random(7)
        services.documents_replace(kind="berita", documents=(_document(n, rng) for n in range(args.documents)))
        print(f"indexed {args.documents} documents in {time.perf_counter() - started:.0f} s")
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute("VACUUM ANALYZE search_searchdocument")
    queries = ["warga", "pembangunan jalan", "jalan rusak", "kode4242", "banjir kelurahan", "stunting gizi anak"]
    print(f"{connection.vendor}, {args.documents} documents, {args.runs} runs each")
    for query in queries:
        times = []
        for _ in range(args.runs + 1):
            with CaptureQueriesContext(connection) as captured:
                started = time.perf_counter()
                page = selectors.search(query)
                times.append((time.perf_counter() - started) * 1000)
        times = sorted(times[1:])
        p95 = times[int(len(times) * 0.95) - 1]
        print(
            f"{query!r:24} matches {page.total:>5}{'+' if page.total_is_capped else ' '}  "
            f"median {statistics.median(times):6.1f} ms  p95 {p95:6.1f} ms  statements {len(captured)}"
        )


if __name__ == "__main__":
    main()
