"""`make bench-factcheck`: "cek pesan ini" against a library of 100,000 claims, in this process.

Builds the matcher's index as a process does on its first match (from the signatures kept with the claims:
here 100,000 generated claims of 15-40 words, plus the 60 claims of the labelled fixture), then times the
match of every forwarded variant and unrelated message of the fixture (400 messages), and reports the
index's build time, the time to add one published claim (what each process does after a publication),
the match's p50/p95 and the quality at the threshold on that large library.
No database or server: the matcher is pure computation once its index is loaded.
"""

from __future__ import annotations

import json
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jembatan.config.settings.dev")
    import django

    django.setup()
    from django.conf import settings

    from bench.generate import NEWS_COMMON, NEWS_WORDS
    from jembatan.clarifications import matching

    size = int(os.environ.get("CLAIMS", "100000"))
    fixture = json.loads((ROOT / "tests" / "fixtures" / "hoaks" / "fixture.json").read_text())
    rng = random.Random(7)
    rows = [(n + 1, " ".join(rng.choice(NEWS_COMMON if rng.random() < 0.2 else NEWS_WORDS)
                              for _ in range(rng.randint(15, 40)))) for n in range(size)]  # fmt: skip
    offset = size + 1
    rows += [(offset + n, row["claim"]) for n, row in enumerate(fixture["claims"])]
    started = time.perf_counter()
    signatures = {pk: matching.signature(text) for pk, text in rows}
    signed_s = time.perf_counter() - started
    started = time.perf_counter()
    index = matching.Index(rows, signatures)
    build_s = time.perf_counter() - started
    timings, answered, correct, variants = [], 0, 0, 0
    auto = settings.FACTCHECK_AUTO_THRESHOLD
    for n, row in enumerate(fixture["claims"]):
        for variant in row["variants"]:
            started = time.perf_counter()
            found = index.match(variant, limit=3)
            timings.append((time.perf_counter() - started) * 1000)
            variants += 1
            if found and found[0].score >= auto:
                answered += 1
                correct += found[0].claim_id == offset + n
    for message in fixture["unrelated"]:
        started = time.perf_counter()
        found = index.match(message, limit=3)
        timings.append((time.perf_counter() - started) * 1000)
        answered += bool(found and found[0].score >= auto)
    timings.sort()
    started = time.perf_counter()
    index.add(offset + 1000, "Klarifikasi baru yang terbit: jadwal vaksinasi berubah menjadi hari Kamis di puskesmas.")
    add_ms = (time.perf_counter() - started) * 1000
    result = {
        "claims": len(rows), "signatures_s": round(signed_s, 1), "index_build_s": round(build_s, 1),
        "add_one_ms": round(add_ms, 1),
        "matches": len(timings), "p50_ms": round(statistics.median(timings), 1),
        "p95_ms": round(timings[int(0.95 * (len(timings) - 1))], 1), "max_ms": round(timings[-1], 1),
        "precision": round(correct / max(answered, 1), 3), "recall": round(correct / variants, 3), "threshold": auto,
    }  # fmt: skip
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
