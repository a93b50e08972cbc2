"""Read replicas: read-only work on PostgreSQL streaming replicas, everything else on the primary.

When ``DATABASE_REPLICA_URLS`` names one or more streaming replicas, they become the database aliases
``replica_1``, ``replica_2``… and :class:`ReplicaRouter` decides, query by query, where a read goes:

* Only work marked read-only reads from a replica: every page and API read under ``public_page``
  (public lists and pages, the anonymous API, feeds, search, open data) and the views wrapped in
  :func:`replica_reads` (dashboards, exports). Everything else reads from the primary.
* Writes always go to the primary (a replica would refuse them anyway), and so does every read made
  inside a transaction on the primary: a service that reads, decides and writes sees one database.
* **Read-your-writes.** A request that wrote (an INSERT, UPDATE or DELETE reached the primary) leaves
  a cookie (``READ_YOUR_WRITES_COOKIE``) that sends its sender's reads to the primary for
  ``REPLICA_PIN_SECONDS``: whoever just filed a report, answered a request or published an item sees
  it at once, while everyone else may see it a moment later.
* **Lag.** Each process asks a replica how far behind it is at most once every
  ``REPLICA_CHECK_SECONDS``; one further behind than ``REPLICA_MAX_LAG_SECONDS``, or that does not
  answer, is left out until it is asked again. With no replica left, reads go to the primary. A
  read-only view that fails on a replica (it went away mid-request) is run again, once, on the primary.

Without replicas none of this is installed: no router, no middleware work, no cookie.
"""

from __future__ import annotations

import contextlib
import contextvars
import functools
import logging
import random
import threading
import time

from django.conf import settings
from django.db import DatabaseError, connections

logger = logging.getLogger(__name__)

PRIMARY = "default"
REPLICA_PREFIX = "replica_"
READ_YOUR_WRITES_COOKIE = "jb_primary"

# Replication lag in seconds, 0 when everything received has been replayed and the replica is still
# streaming. Not a replica at all (not in recovery, e.g. promoted): 0. Streaming stopped: the age of
# the last replayed transaction, which grows until the replica is left out.
LAG_SQL = """
SELECT CASE
    WHEN NOT pg_is_in_recovery() THEN 0
    WHEN pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn()
         AND EXISTS (SELECT 1 FROM pg_stat_wal_receiver WHERE status = 'streaming') THEN 0
    ELSE COALESCE(EXTRACT(EPOCH FROM clock_timestamp() - pg_last_xact_replay_timestamp()), 1e9)
END
"""

_reading: contextvars.ContextVar[bool] = contextvars.ContextVar("jembatan_replica_reads", default=False)
_pinned: contextvars.ContextVar[bool] = contextvars.ContextVar("jembatan_primary_pinned", default=False)
# The replica chosen for the current unit of read-only work, so that one page reads from one replica.
_chosen: contextvars.ContextVar[str | None] = contextvars.ContextVar("jembatan_replica_chosen", default=None)


def replica_aliases() -> list[str]:
    return [alias for alias in settings.DATABASES if alias.startswith(REPLICA_PREFIX)]


def enabled() -> bool:
    return bool(replica_aliases())


class _Health:
    """Per process: when each replica was last asked, and whether it was usable then. Thread-safe."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._checked: dict[str, tuple[float, float | None]] = {}

    def lag(self, alias: str) -> float | None:
        """The replica's lag in seconds as last measured (measured now if that was too long ago); None: down."""
        now = time.monotonic()
        with self._lock:
            checked = self._checked.get(alias)
        if checked is not None and now - checked[0] < settings.REPLICA_CHECK_SECONDS:
            return checked[1]
        lag = measure_lag(alias)
        with self._lock:
            self._checked[alias] = (time.monotonic(), lag)
        return lag

    def mark_down(self, alias: str) -> None:
        with self._lock:
            self._checked[alias] = (time.monotonic(), None)

    def forget(self) -> None:
        with self._lock:
            self._checked.clear()


_health = _Health()


def forget_health() -> None:
    """Ask every replica again at the next read (tests; after a failover)."""
    _health.forget()


def measure_lag(alias: str) -> float | None:
    """Ask the replica how far behind it is, in seconds; None when it cannot be asked."""
    connection = connections[alias]
    try:
        with connection.cursor() as cursor:
            cursor.execute(LAG_SQL)
            (lag,) = cursor.fetchone()
        return float(lag)
    except DatabaseError:
        logger.warning("read replica %s does not answer; reading from the primary", alias, exc_info=True)
        with contextlib.suppress(Exception):
            connection.close()
        return None


def usable_replicas() -> list[str]:
    limit = settings.REPLICA_MAX_LAG_SECONDS
    usable = []
    for alias in replica_aliases():
        lag = _health.lag(alias)
        if lag is not None and lag <= limit:
            usable.append(alias)
    return usable


def _replica_for_this_work() -> str | None:
    chosen = _chosen.get()
    if chosen is None:
        usable = usable_replicas()
        chosen = random.choice(usable) if usable else PRIMARY  # noqa: S311 - spreading load, not security
        _chosen.set(chosen)
    return None if chosen == PRIMARY else chosen


class ReplicaRouter:
    """Reads of read-only work to a replica that is close enough; everything else to the primary."""

    def db_for_read(self, model, **hints):
        if not _reading.get() or _pinned.get():
            return PRIMARY
        if connections[PRIMARY].in_atomic_block:
            return PRIMARY
        return _replica_for_this_work() or PRIMARY

    def db_for_write(self, model, **hints):
        return PRIMARY

    def allow_relation(self, obj1, obj2, **hints):
        return True  # every replica holds the primary's data: rows read anywhere relate to each other

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == PRIMARY


@contextlib.contextmanager
def reading_from_replica():
    """Reads in this block may go to a replica (when there is one and the caller has not just written)."""
    reading = _reading.set(True)
    chosen = _chosen.set(None)
    try:
        yield
    finally:
        _chosen.reset(chosen)
        _reading.reset(reading)


@contextlib.contextmanager
def reading_from_primary():
    """Reads in this block go to the primary, whatever encloses it."""
    reading = _reading.set(False)
    try:
        yield
    finally:
        _reading.reset(reading)


def replica_reads(view):
    """Mark a read-only view: its reads may go to a replica, and it runs again on the primary if one fails."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if not enabled() or request.method not in ("GET", "HEAD"):
            return view(request, *args, **kwargs)
        with reading_from_replica():
            try:
                response = view(request, *args, **kwargs)
                if hasattr(response, "render") and callable(response.render) and not response.is_rendered:
                    response = response.render()  # a lazy template's queries run here, inside the block
                if _chosen.get() not in (None, PRIMARY):
                    response.read_from_replica = True  # the page cache keeps such a page only briefly after a change
                return response
            except DatabaseError:
                chosen = _chosen.get()
                if chosen in (None, PRIMARY):
                    raise
                logger.warning("read replica %s failed mid-request; reading from the primary", chosen)
                _health.mark_down(chosen)
                with contextlib.suppress(Exception):
                    connections[chosen].close()
        with reading_from_primary():
            return view(request, *args, **kwargs)

    return wrapper


class _WriteWatcher:
    """A database execute wrapper that notes whether a statement changed data on the primary."""

    WRITES = ("INSERT", "UPDATE", "DELETE", "MERGE")

    def __init__(self) -> None:
        self.wrote = False

    def __call__(self, execute, sql, params, many, context):
        if not self.wrote and sql.lstrip()[:6].upper().startswith(self.WRITES):
            self.wrote = True
        return execute(sql, params, many, context)


class ReadYourWritesMiddleware:
    """Pins the reads of whoever just wrote to the primary, by a short-lived cookie (see the module)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not enabled():
            return self.get_response(request)
        pinned_until = _cookie_time(request.COOKIES.get(READ_YOUR_WRITES_COOKIE))
        pinned = _pinned.set(pinned_until > time.time())
        watcher = _WriteWatcher()
        try:
            with connections[PRIMARY].execute_wrapper(watcher):
                response = self.get_response(request)
        finally:
            _pinned.reset(pinned)
        if watcher.wrote:
            seconds = settings.REPLICA_PIN_SECONDS
            response.set_cookie(
                READ_YOUR_WRITES_COOKIE,
                str(int(time.time() + seconds)),
                max_age=seconds,
                secure=settings.SESSION_COOKIE_SECURE,
                httponly=True,
                samesite="Lax",
            )
        return response


def _cookie_time(value: str | None) -> float:
    try:
        return float(value) if value else 0.0
    except ValueError:
        return 0.0
