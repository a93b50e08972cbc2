"""The outbox worker: claim due messages, hand them to their channels, record what happened.

``claim`` takes a batch in one short transaction (``SELECT … FOR UPDATE SKIP LOCKED`` on PostgreSQL,
so several workers never wait on each other or take the same row) and moves each message's
``next_attempt_at`` to the end of a lease. ``dispatch`` sends the batch with bounded concurrency (the
sending threads only talk to providers; every database write happens here, in the calling thread)
and writes each outcome with a conditional update that holds only while the claim is ours.

A worker killed after claiming leaves its messages to come due again when the lease ends. One killed
after a provider accepted a message but before the outbox recorded it causes a second copy; it has
the same delivery key (email: the same Message-ID), so delivery is at least once, never lost.

Retries: a temporary failure waits ``NOTIFICATIONS_RETRY_BASE`` × 2^(attempt-1) seconds, with ±20 %
jitter, at most ``NOTIFICATIONS_RETRY_MAX_DELAY``, and never less than the provider's ``retry_after``.
After ``NOTIFICATIONS_GIVE_UP_AFTER`` (four hours) the message ends as a technical failure; a
permanent refusal ends it at once.
"""

from __future__ import annotations

import datetime
import json
import logging
import random
import threading
from concurrent.futures import ThreadPoolExecutor

from django.conf import settings
from django.db import InterfaceError, OperationalError, close_old_connections, connections, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.crypto import get_random_string
from django.utils.translation import gettext as _

from jembatan.core.background import RECONNECT_DELAYS, write_through_outage
from jembatan.notifications import catalogue, channels, pacing
from jembatan.notifications.channels.base import Outgoing, SendError, Sent
from jembatan.notifications.models import Contact, Lane, Message, MessageEvent
from jembatan.notifications.statuses import MessageStatus, predecessors
from jembatan.notifications.subscriptions import unsubscribe_url

logger = logging.getLogger(__name__)
S = MessageStatus


def claim(*, limit: int, only: list[int] | None = None, now: datetime.datetime | None = None) -> list[Message]:
    """Take up to ``limit`` due messages (transactional lane first, oldest first) under a new lease."""
    now = now or timezone.now()
    token = get_random_string(24)
    lease_ends = now + datetime.timedelta(seconds=settings.NOTIFICATIONS_LEASE_SECONDS)
    with transaction.atomic():
        due = Message.objects.filter(next_attempt_at__lte=now, status__in=[S.CREATED, S.SENDING])
        if only is not None:
            due = due.filter(pk__in=only)
        ids = list(
            due.select_for_update(skip_locked=True)
            .order_by("lane", "next_attempt_at")
            .values_list("pk", flat=True)[:limit]
        )
        if not ids:
            return []
        # The same condition again: on SQLite (no row locks) another worker may have claimed meanwhile.
        Message.objects.filter(pk__in=ids, next_attempt_at__lte=now, status__in=[S.CREATED, S.SENDING]).update(
            status=S.SENDING, claim=token, next_attempt_at=lease_ends, attempts=F("attempts") + 1,
            status_changed_at=now,
        )  # fmt: skip
    return list(Message.objects.filter(pk__in=ids, claim=token).order_by("lane", "pk"))


def outgoing(batch: list[Message], *, now: datetime.datetime | None = None) -> list[Outgoing]:
    """What the adapters need, read before sending (one query for the batch's chat contacts)."""
    now = now or timezone.now()
    window = now - datetime.timedelta(hours=24)
    chat = [(m.channel, m.recipient_hash) for m in batch if m.channel != "email"]
    recent = set()
    if chat:
        recent = set(
            Contact.objects.filter(
                address_hash__in=[hashed for _channel, hashed in chat], last_inbound_at__gte=window
            ).values_list("channel", "address_hash")
        )
    specs = catalogue.templates()
    result = []
    for message in batch:
        spec = specs.get(message.template_key)
        try:
            values = json.loads(message.personalisation or "{}")
        except ValueError:
            values = {}
        result.append(
            Outgoing(
                key=message.key, recipient=message.recipient, subject=message.subject, body=message.body,
                template_key=message.template_key, language=message.language,
                parameters=tuple(str(values.get(name, "")) for name in (spec.placeholders if spec else ())),
                provider_template=spec.provider_template if spec else "",
                in_session=(message.channel, message.recipient_hash) in recent,
                unsubscribe_url=unsubscribe_url(message) if message.lane == Lane.BULK else "",
            )
        )  # fmt: skip
    return result


def _send_one(item: tuple[Message, Outgoing]) -> Sent | SendError:
    message, prepared = item
    adapter = channels.adapter(message.channel)
    if adapter is None:
        return SendError(
            _("The %(channel)s channel is not switched on.") % {"channel": message.channel}, permanent=True
        )
    try:
        return adapter.send(prepared)
    except SendError as exc:
        return exc
    except Exception as exc:  # noqa: BLE001 - a fault in an adapter is a technical failure, retried
        logger.exception("Sending message %s through %s failed.", message.pk, message.channel)
        return SendError(f"{type(exc).__name__}: {exc}")


def retry_delay(attempts: int, retry_after: float | None = None, *, rng=random.random) -> float:
    base = settings.NOTIFICATIONS_RETRY_BASE * 2 ** max(0, attempts - 1)
    delay = min(base, settings.NOTIFICATIONS_RETRY_MAX_DELAY) * (0.8 + 0.4 * rng())
    return max(delay, retry_after or 0)


def _record_sent_postgresql(message: Message, outcome: Sent, now: datetime.datetime) -> None:
    """The accepted message and its history row in one statement (one round trip, no explicit transaction):
    the common case, and the one a busy worker repeats a thousand times a second."""
    from django.db import connection

    status = S.DELIVERED if outcome.delivered else S.SENDING
    table, events = Message._meta.db_table, MessageEvent._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"WITH changed AS (UPDATE {table} SET status = %s, provider_id = %s, sent_at = %s, "  # noqa: S608
            "next_attempt_at = NULL, claim = '', last_error = '', status_changed_at = %s "
            "WHERE id = %s AND claim = %s AND status = %s RETURNING id) "
            f"INSERT INTO {events} (message_id, status, detail, created_at) SELECT id, %s, %s, %s FROM changed",
            [status, outcome.provider_id[:200], now, now, message.pk, message.claim, S.SENDING, status,
             outcome.provider_id[:480], now],
        )  # fmt: skip


def _record(message: Message, outcome: Sent | SendError, now: datetime.datetime) -> None:
    from django.db import connection

    if isinstance(outcome, Sent) and connection.vendor == "postgresql" and connection.get_autocommit():
        _record_sent_postgresql(message, outcome, now)
        return
    mine = Message.objects.filter(pk=message.pk, claim=message.claim)
    with transaction.atomic():
        if isinstance(outcome, Sent):
            status = S.DELIVERED if outcome.delivered else S.SENDING
            changed = mine.filter(status__in=[S.SENDING]).update(
                status=status, provider_id=outcome.provider_id[:200], sent_at=now, next_attempt_at=None,
                claim="", last_error="", status_changed_at=now,
            )  # fmt: skip
            if changed:
                MessageEvent.objects.create(message_id=message.pk, status=status, detail=outcome.provider_id[:480])
            return
        given_up = now - message.retrying_since > datetime.timedelta(seconds=settings.NOTIFICATIONS_GIVE_UP_AFTER)
        if outcome.permanent or given_up:
            status = S.PERMANENT_FAILURE if outcome.permanent else S.TECHNICAL_FAILURE
            changed = mine.filter(status__in=predecessors(status)).update(
                status=status, next_attempt_at=None, claim="", last_error=outcome.detail, status_changed_at=now
            )
        else:
            status = S.SENDING
            retry_at = now + datetime.timedelta(seconds=retry_delay(message.attempts, outcome.retry_after))
            changed = mine.update(next_attempt_at=retry_at, claim="", last_error=outcome.detail)
        if changed:
            MessageEvent.objects.create(message_id=message.pk, status=status, detail=outcome.detail)


def _deliver(item: tuple[Message, Outgoing], *, thread: str = "caller") -> Sent | SendError:
    """Send one message and record the outcome at once, in the same thread: the time between a
    provider's acceptance and the outbox knowing it (when a killed worker causes a second copy) is
    one database write, whatever the size of the batch."""
    from django.db import connection

    message, _prepared = item
    try:
        pacing.wait_for_turn(message.channel, message.recipient)
        outcome = _send_one(item)
        write_through_outage(_record, message, outcome, timezone.now())
        if isinstance(outcome, Sent) and outcome.provider_id and not outcome.delivered:
            from jembatan.notifications import inbound

            inbound.replay_receipts(message.channel, outcome.provider_id)
        return outcome
    finally:
        if thread == "temporary":  # the thread ends with the batch: so does its connection
            connection.close()
        elif thread == "pool":  # the worker's sending threads keep theirs, unless it broke or aged
            close_old_connections()


def _single_writer() -> bool:
    """SQLite (the embedded default) takes one writer at a time: there, messages go one after another."""
    from django.db import connection

    return connection.vendor == "sqlite"


def dispatch(
    batch: list[Message], *, concurrency: int | None = None, pool: ThreadPoolExecutor | None = None
) -> dict[str, int]:
    """Send a claimed batch; returns how many were accepted, retried and failed.

    With ``pool`` (the worker loop's own, whose threads keep their database connections) or a
    concurrency above one, each message is sent and recorded in a sending thread; otherwise here.
    """
    counts = {"sent": 0, "retry": 0, "failed": 0}
    if not batch:
        return counts
    concurrency = max(1, min(concurrency or settings.NOTIFICATIONS_CONCURRENCY, len(batch)))
    items = list(zip(batch, outgoing(batch), strict=True))
    if _single_writer():
        outcomes = [_deliver(item) for item in items]
    elif pool is not None:
        outcomes = list(pool.map(lambda item: _deliver(item, thread="pool"), items))
    elif concurrency == 1:
        outcomes = [_deliver(item) for item in items]
    else:
        with ThreadPoolExecutor(max_workers=concurrency, thread_name_prefix="outbox-send") as temporary:
            outcomes = list(temporary.map(lambda item: _deliver(item, thread="temporary"), items))
    for outcome in outcomes:
        if isinstance(outcome, Sent):
            counts["sent"] += 1
        elif outcome.permanent:
            counts["failed"] += 1
        else:
            counts["retry"] += 1
    return counts


def dispatch_once(*, limit: int | None = None, pool: ThreadPoolExecutor | None = None) -> int:
    """Claim and send one batch; returns the number of messages claimed."""
    batch = claim(limit=limit or settings.NOTIFICATIONS_BATCH_SIZE)
    dispatch(batch, pool=pool)
    return len(batch)


def run_loop(stop: threading.Event, *, idle_wait: float | None = None) -> None:
    """The worker's outbox thread: send until ``stop`` is set; a database outage pauses it, never ends it."""
    idle_wait = settings.NOTIFICATIONS_POLL_SECONDS if idle_wait is None else idle_wait
    pool = ThreadPoolExecutor(max_workers=max(1, settings.NOTIFICATIONS_CONCURRENCY), thread_name_prefix="outbox-send")
    try:
        _loop(stop, idle_wait, pool)
    finally:
        pool.shutdown(wait=True)


def _loop(stop: threading.Event, idle_wait: float, pool: ThreadPoolExecutor) -> None:
    failures = 0
    while not stop.is_set():
        try:
            claimed = dispatch_once(pool=pool)
            failures = 0
        except (OperationalError, InterfaceError):
            delay = RECONNECT_DELAYS[min(failures, len(RECONNECT_DELAYS) - 1)]
            failures += 1
            logger.warning("The outbox cannot reach the database; trying again in %s s.", delay, exc_info=True)
            connections.close_all()
            stop.wait(delay)
            continue
        except Exception:
            logger.exception("The outbox loop failed; trying again.")
            claimed = 0
            stop.wait(5)
        finally:
            close_old_connections()
        if not claimed:
            stop.wait(idle_wait)


def oldest_due(now: datetime.datetime | None = None) -> datetime.datetime | None:
    """When the longest-waiting due message became due (``None``: nothing waits). Served by ``message_due``."""
    now = now or timezone.now()
    first = (  # ``lane IN (…)`` lets the planner walk the (lane, next_attempt_at) index of both lanes
        Message.objects.filter(next_attempt_at__lte=now, lane__in=Lane.values)
        .order_by("next_attempt_at")
        .values_list("next_attempt_at", flat=True)
        .first()
    )
    return first
