"""Run the read-replica tests (tests/replica) against a real PostgreSQL primary and streaming replica.

Makes a private primary and, with ``pg_basebackup``, a streaming replica of it (tools/private_postgres.py),
runs pytest on tests/replica with DATABASE_URL on the primary and DATABASE_REPLICA_URLS on the replica,
then stops both and removes their folders, whatever happened. Exit status: pytest's, except that
"no tests collected" (5) is a failure. ``make test-replica`` runs this; so does CI.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tools.private_postgres import PrivatePostgres, free_port  # noqa: E402


def main() -> int:
    primary = PrivatePostgres(free_port(), label="primary")
    replica = PrivatePostgres(free_port(), label="replica")
    # A TERM (CI's timeout, Ctrl-C) still stops both clusters.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    try:
        primary.init()
        primary.sql("CREATE DATABASE jembatan_replica")
        replica.init_replica_of(primary)
        print(f"primary 127.0.0.1:{primary.port}, streaming replica 127.0.0.1:{replica.port}", flush=True)
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "jembatan.config.settings.test",
            "DATABASE_URL": f"{primary.url}/jembatan_replica",
            "DATABASE_REPLICA_URLS": f"{replica.url}/jembatan_replica",
            # The tests pause and resume the replica's replay through this.
            "JEMBATAN_TEST_REPLICA_PORT": str(replica.port),
        }
        status = subprocess.run(  # noqa: S603
            [sys.executable, "-m", "pytest", "-q", "-rs", "-p", "no:cacheprovider", "tests/replica", *sys.argv[1:]],
            cwd=ROOT, env=env, check=False,
        ).returncode  # fmt: skip
        if status == 5:
            print("no replica tests collected")
            return 1
        return status
    finally:
        replica.stop()
        primary.stop()


if __name__ == "__main__":
    sys.exit(main())
