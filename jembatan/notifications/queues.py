"""Where the sending threads find their next messages: the database (the default) or a Redis stream.

The outbox table is always the record: a message is due when its ``next_attempt_at`` has come, and a
sending thread claims it with a conditional update under a lease (``outbox.claim``). A queue only tells
the threads *which* rows to try:

- ``DatabaseQueue`` (``NOTIFICATIONS_QUEUE=database``, the embedded default): each thread looks for due
  rows itself, with ``SELECT … FOR UPDATE SKIP LOCKED``. Nothing else to run.
- ``RedisStreamQueue`` (``NOTIFICATIONS_QUEUE=redis``): message ids travel on two Redis streams (the
  transactional lane, then bulk), read by every sending thread of every worker through one consumer
  group, blocking instead of polling the database. A thread claims the rows it read by primary key;
  an id whose row another thread already holds, or that was already sent, is skipped. A message is
  announced on the stream once its transaction has committed; one feeder at a time (a Redis lock)
  tops the streams up from the table's due index whenever they run low — broadcasts, retries that came
  due, rows whose announcement was lost to a crash or to a Redis restart. Losing the whole stream
  therefore loses no message, only a second or two.

When to switch (docs/operations.md): when several worker processes poll one database and the claims
start to show among its busiest statements, or when a broadcast of hundreds of thousands is sent by
many workers at once. Below that, the database queue has one moving part fewer.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import time
from functools import cache

from django.conf import settings
from django.utils import timezone

from jembatan.notifications.models import Lane, Message
from jembatan.notifications.statuses import MessageStatus

logger = logging.getLogger(__name__)
GROUP = "senders"
FEED_CHUNK = 2000
FEED_LOCK_MS = 1000


class DatabaseQueue:
    blocks = False  # an empty take returns at once: the caller waits before looking again

    def take(self, limit: int) -> list[Message]:
        from jembatan.notifications.outbox import claim

        return claim(limit=limit)

    def announce(self, pairs: list[tuple[int, int]]) -> None:
        """Nothing to do: the rows themselves are the queue."""


class RedisStreamQueue:
    blocks = True  # an empty take has already waited, on Redis, up to the poll interval

    def __init__(self, url: str, *, prefix: str = "jembatan") -> None:
        import redis

        self.client = redis.Redis.from_url(url, socket_timeout=30, socket_connect_timeout=2, health_check_interval=30)
        self.streams = {lane: f"{prefix}:outbox:{lane}" for lane in Lane.values}
        self.lock_key = f"{prefix}:outbox:feeder"
        self._groups_ready = False

    # The producers' side ---------------------------------------------------------------------------
    def announce(self, pairs: list[tuple[int, int]]) -> None:
        """Put (message id, lane) pairs on their streams; a failure is only logged (the feeder makes up)."""
        if not pairs:
            return
        try:
            with self.client.pipeline(transaction=False) as pipe:
                for pk, lane in pairs:
                    pipe.xadd(
                        self.streams[lane], {"id": pk}, maxlen=settings.NOTIFICATIONS_QUEUE_MAXLEN, approximate=True
                    )
                pipe.execute()
        except Exception:  # noqa: BLE001 - the feeder finds the rows in the table
            logger.warning(
                "Could not announce %d messages on the Redis stream; the feeder will.", len(pairs), exc_info=True
            )

    def feed(self, *, now=None) -> int:
        """Put due rows on a lane's stream when that stream has nothing unread: rows whose announcement
        was lost, retries that came due, a broadcast that waited out the quiet hours. At most one feeder
        at a time, once a second. Returns the number of ids put on the streams."""
        self._ensure_groups()
        if not self.client.set(self.lock_key, consumer_name(), nx=True, px=FEED_LOCK_MS):
            return 0
        now = now or timezone.now()
        fed = 0
        for lane in Lane.values:
            if self._unread(self.streams[lane]):
                continue  # the lane's threads have work; what is due behind it waits its turn
            due = list(
                Message.objects.filter(lane=lane, next_attempt_at__lte=now,
                                       status__in=[MessageStatus.CREATED, MessageStatus.SENDING])
                .order_by("next_attempt_at")
                .values_list("pk", flat=True)[:FEED_CHUNK]
            )  # fmt: skip
            self.announce([(pk, lane) for pk in due])
            fed += len(due)
        return fed

    def _unread(self, stream: str) -> int:
        """Ids on ``stream`` no thread has read yet (Redis 7's ``lag``; else the stream's length)."""
        for group in self.client.xinfo_groups(stream):
            name = group.get("name")
            if (name.decode() if isinstance(name, bytes) else name) == GROUP:
                lag = group.get("lag")
                return int(lag) if lag is not None else int(self.client.xlen(stream))
        return 0

    # The sending threads' side ---------------------------------------------------------------------
    def take(self, limit: int) -> list[Message]:
        """Ids from the streams, claimed in the table. With Redis unreachable the thread claims from the
        table directly, as the database queue does: sending goes on while the broker is away."""
        import redis

        from jembatan.notifications.outbox import claim

        try:
            ids = self._read(limit, block_ms=0)
            if not ids:
                self.feed()
                ids = self._read(limit, block_ms=int(settings.NOTIFICATIONS_POLL_SECONDS * 1000))
        except redis.ResponseError as exc:
            if "NOGROUP" not in str(exc):
                raise
            self.forget_groups()  # the streams went with a Redis restart: made again on the next take
            return self._from_the_table(limit)
        except (redis.ConnectionError, redis.TimeoutError):
            logger.warning("The Redis queue cannot be reached; claiming from the database.", exc_info=True)
            return self._from_the_table(limit)
        if not ids:
            return []
        return claim(limit=len(ids), only=ids)

    def _from_the_table(self, limit: int) -> list[Message]:
        from jembatan.notifications.outbox import claim

        batch = claim(limit=limit)
        if not batch:  # this take must still wait, as a blocking read would have
            time.sleep(settings.NOTIFICATIONS_POLL_SECONDS)
        return batch

    def _read(self, limit: int, *, block_ms: int) -> list[int]:
        """Read up to ``limit`` ids, the transactional lane first, and acknowledge them at once: from
        here the row's lease keeps the message (a thread that dies before claiming leaves the row due,
        and the feeder puts it back)."""
        self._ensure_groups()
        me = consumer_name()
        ids: list[int] = []
        for lane in Lane.values:  # transactional (0) before bulk (1)
            if len(ids) >= limit:
                break
            ids += self._read_stream(self.streams[lane], me, limit - len(ids), None)
        if not ids and block_ms:
            answer = self.client.xreadgroup(
                GROUP, me, dict.fromkeys(self.streams.values(), ">"), count=limit, block=block_ms
            )
            ids += self._ack(answer)
        return ids

    def _read_stream(self, stream: str, me: str, count: int, block: int | None) -> list[int]:
        return self._ack(self.client.xreadgroup(GROUP, me, {stream: ">"}, count=count, block=block))

    def _ack(self, answer) -> list[int]:
        ids: list[int] = []
        with self.client.pipeline(transaction=False) as pipe:
            for stream, entries in answer or []:
                if entries:
                    pipe.xack(stream, GROUP, *[entry_id for entry_id, _fields in entries])
                    for _entry_id, fields in entries:
                        try:
                            ids.append(int(fields.get(b"id") or fields.get("id")))
                        except (TypeError, ValueError):
                            continue
            pipe.execute()
        return ids

    def _ensure_groups(self) -> None:
        import redis

        if self._groups_ready:
            return
        for stream in self.streams.values():
            try:
                self.client.xgroup_create(stream, GROUP, id="0", mkstream=True)
            except redis.ResponseError as exc:
                if "BUSYGROUP" not in str(exc):
                    raise
        self._groups_ready = True

    def forget_groups(self) -> None:
        """After the streams were lost (a Redis restart without persistence), make them again."""
        self._groups_ready = False


_local = threading.local()


def consumer_name() -> str:
    name = getattr(_local, "name", None)
    if name is None:
        name = _local.name = f"{socket.gethostname()}-{os.getpid()}-{threading.get_ident()}"
    return name


@cache
def _configured(kind: str, url: str, prefix: str):
    if kind == "redis":
        return RedisStreamQueue(url, prefix=prefix)
    return DatabaseQueue()


def current() -> DatabaseQueue | RedisStreamQueue:
    """The queue the settings name (``NOTIFICATIONS_QUEUE``: ``database`` or ``redis``)."""
    kind = settings.NOTIFICATIONS_QUEUE
    if kind == "redis" and not settings.NOTIFICATIONS_QUEUE_URL:
        kind = "database"
    return _configured(kind, settings.NOTIFICATIONS_QUEUE_URL, settings.NOTIFICATIONS_QUEUE_PREFIX)


def announce_after_commit(pk: int, lane: int) -> None:
    """Tell a broker-backed queue about a new message once its transaction has committed."""
    from django.db import transaction

    queue = current()
    if isinstance(queue, RedisStreamQueue):
        transaction.on_commit(lambda: queue.announce([(pk, lane)]))
