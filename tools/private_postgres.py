"""PostgreSQL clusters of our own, in temporary folders, for drills and the read-replica tests.

A private cluster is made with ``initdb`` (as the ``postgres`` user when run as root: PostgreSQL
refuses to run as root), listens on 127.0.0.1 at a port of its own and is removed with its folder by
``stop()``. Nothing here touches the machine's own PostgreSQL. A streaming replica of a private
primary is made with ``pg_basebackup -R`` (the standby settings written for it) and started read-only.
"""

from __future__ import annotations

import contextlib
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path


def pg_bin(name: str) -> str:
    found = sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{name}"))
    if not found:
        raise RuntimeError(f"{name} not found (Debian's postgresql package)")
    return str(found[-1])


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class PrivatePostgres:
    def __init__(self, port: int, *, label: str = "drill") -> None:
        self.port = port
        self.folder = Path(tempfile.mkdtemp(prefix=f"jembatan-{label}-pg-"))
        self.data = self.folder / "data"
        self.user = pwd.getpwnam("postgres")
        os.chown(self.folder, self.user.pw_uid, self.user.pw_gid)

    @property
    def url(self) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}"

    def _as_postgres(self, *command: str, timeout: int = 120) -> subprocess.CompletedProcess:
        prefix = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        return subprocess.run([*prefix, *command], check=True, timeout=timeout, capture_output=True, text=True)  # noqa: S603

    def init(self) -> None:
        self._as_postgres(pg_bin("initdb"), "-D", str(self.data), "-U", "postgres", "--auth=trust", "-E", "UTF8")
        self.start()

    def init_replica_of(self, primary: PrivatePostgres) -> None:
        """A streaming replica of ``primary`` (which must be running), started and streaming."""
        self._as_postgres(
            pg_bin("pg_basebackup"), "-h", "127.0.0.1", "-p", str(primary.port), "-U", "postgres",
            "-D", str(self.data), "-R", "-X", "stream", "--checkpoint=fast",
        )  # fmt: skip
        self.start()
        self.wait_streaming(primary)

    def wait_streaming(self, primary: PrivatePostgres, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if primary.sql("SELECT count(*) FROM pg_stat_replication WHERE state = 'streaming'") != "0":
                return
            time.sleep(0.2)
        raise RuntimeError(f"the replica on port {self.port} is not streaming after {timeout:.0f} s")

    def sql(self, statement: str, database: str = "postgres") -> str:
        """Run one statement with psql and return what it printed (unaligned, tuples only)."""
        done = subprocess.run(  # noqa: S603
            ["psql", "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", "-d", database, "-Atqc", statement],  # noqa: S607
            check=True, capture_output=True, text=True, timeout=60,
        )  # fmt: skip
        return done.stdout.strip()

    def _ctl(self, action: str, *extra: str) -> None:
        options = f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 -c fsync=off"
        self._as_postgres(
            pg_bin("pg_ctl"), "-D", str(self.data), "-l", str(self.folder / "log"), "-o", options, "-w", action, *extra
        )

    def start(self) -> None:
        self._ctl("start")

    def restart(self) -> None:
        self._ctl("restart", "-m", "fast")

    def stop(self) -> None:
        with contextlib.suppress(Exception):
            self._ctl("stop", "-m", "immediate")
        shutil.rmtree(self.folder, ignore_errors=True)
