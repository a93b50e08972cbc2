"""100 concurrent API submissions, each retried (some retries racing the first attempt), store exactly 100
reports. Runs against PostgreSQL only: SQLite serialises writers, so the race cannot happen there."""

import json
import os
import threading
import urllib.error
import urllib.request
import uuid
from collections import Counter, defaultdict
from concurrent.futures import ThreadPoolExecutor

from django.core.management import call_command

from jembatan.aspirations.api import scoped_idempotency_key
from jembatan.aspirations.models import Aspiration, Event
from jembatan.core.models import AuditLog
from tests.factories import make_category
from tests.markers import needs_postgresql

pytestmark = needs_postgresql

SUBMISSIONS = 100
WORKERS = 24  # concurrent clients; each request holds one database connection in the live server


def _body(i: int) -> bytes:
    return json.dumps(
        {
            "kind": "aspirasi" if i % 2 else "pengaduan",
            "title": f"Laporan beban nomor {i}",
            "description": f"Isi laporan beban nomor {i}: jalan berlubang di depan rumah nomor {i}.",
            "category": "jalan",
            "village": "19.71.01.1004",
            "reporter_email": f"pelapor{i}@beban.example",
            "consent": True,
        }
    ).encode()


def _send(url: str, i: int, key: str, barrier: threading.Barrier | None) -> tuple[int, int, dict | str]:
    request = urllib.request.Request(  # noqa: S310 - the live test server
        url, data=_body(i), method="POST", headers={"Content-Type": "application/json", "Idempotency-Key": key}
    )
    if barrier is not None:
        barrier.wait()  # both copies leave together: the retry races the first attempt
    try:
        with urllib.request.urlopen(request, timeout=120) as response:  # noqa: S310
            return i, response.status, json.loads(response.read())
    except urllib.error.HTTPError as exc:
        return i, exc.code, exc.read().decode(errors="replace")[:500]


def test_100_concurrent_submissions_with_retries_store_exactly_100(live_server, settings):
    call_command("import_regions", verbosity=0, stdout=open(os.devnull, "w"))  # noqa: SIM115 - flushed by live_server
    settings.ASPIRATION_API_SUBMISSIONS_PER_HOUR = 10_000
    make_category()
    url = f"{live_server.url}/api/v1/aspirations"
    keys = {i: f"beban-{i:03d}-{uuid.uuid4().hex}" for i in range(SUBMISSIONS)}

    tasks = []
    for i in range(SUBMISSIONS):
        if i % 2 == 0:  # first attempt and an immediate retry at the same moment, queued side by side
            barrier = threading.Barrier(2, timeout=60)
            tasks += [(i, barrier), (i, barrier)]
        else:
            tasks.append((i, None))
    tasks += [(i, None) for i in range(SUBMISSIONS)]  # every submission is retried once more, later

    with ThreadPoolExecutor(max_workers=WORKERS) as pool:
        results = list(pool.map(lambda task: _send(url, task[0], keys[task[0]], task[1]), tasks))

    assert len(results) == 250
    failures = [(i, status, body) for i, status, body in results if status not in (200, 201)]
    assert not failures, f"{len(failures)} requests failed, e.g. {failures[:3]}"
    by_submission = defaultdict(list)
    for i, status, body in results:
        by_submission[i].append((status, body))
    for i, answers in by_submission.items():
        statuses = Counter(status for status, _body in answers)
        assert statuses[201] == 1, f"submission {i}: {statuses}"
        assert len({json.dumps(body, sort_keys=True) for _status, body in answers}) == 1, f"submission {i}"

    assert Aspiration.objects.count() == SUBMISSIONS
    codes = {answers[0][1]["code"] for answers in by_submission.values()}
    assert len(codes) == SUBMISSIONS
    assert set(Aspiration.objects.values_list("code", flat=True)) == codes
    for i, key in keys.items():
        assert Aspiration.objects.get(idempotency_key=scoped_idempotency_key("api", key)).title.endswith(f" {i}")
    # The losing attempts left nothing behind: one timeline event and audit row per report.
    assert Event.objects.count() == SUBMISSIONS
    assert AuditLog.objects.filter(verb="aspiration.submitted").count() == SUBMISSIONS
