"""The outbox worker: claim due messages, hand them to their channels, record what happened.

``claim`` takes a batch in one short transaction (``SELECT … FOR UPDATE SKIP LOCKED`` on PostgreSQL,
so several workers never wait on each other or take the same row) and moves each message's
``next_attempt_at`` to the end of a lease. ``dispatch`` sends the batch with bounded concurrency: each
sending thread, with its own HTTP client and database connection, sends one message and at once
writes its outcome with a conditional update that holds only while the claim is ours.

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
import time

from django.conf import settings
from django.db import InterfaceError, OperationalError, close_old_connections, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.crypto import get_random_string
from django.utils.translation import gettext as _

from jembatan.core.background import RECONNECT_DELAYS, write_through_outage
from jembatan.notifications import catalogue, channels, pacing, queues
from jembatan.notifications.channels.base import Outgoing, SendError, Sent
from jembatan.notifications.models import Contact, Lane, Message, MessageEvent
from jembatan.notifications.statuses import MessageStatus, predecessors
from jembatan.notifications.subscriptions import unsubscribe_url

logger = logging.getLogger(__name__)
S = MessageStatus


def claim(*, limit: int, only: list[int] | None = None, now: datetime.datetime | None = None) -> list[Message]:
    """Take up to ``limit`` due messages (transactional lane first, oldest first) under a new lease."""
    from django.db import connection

    now = now or timezone.now()
    token = get_random_string(24)
    lease_ends = now + datetime.timedelta(seconds=settings.NOTIFICATIONS_LEASE_SECONDS)
    if only is None and connection.vendor == "postgresql" and connection.get_autocommit():
        return _claim_postgresql(limit, now, token, lease_ends)
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


def _claim_postgresql(limit: int, now, token: str, lease_ends) -> list[Message]:
    """The same claim in one statement (one round trip, its own transaction): the sending threads claim
    often, and a claim that took three round trips cost as much as the sending."""
    table = Message._meta.db_table
    columns = ", ".join(f.column for f in Message._meta.concrete_fields)
    claimed = Message.objects.raw(
        f"UPDATE {table} SET status = %s, claim = %s, next_attempt_at = %s, attempts = attempts + 1, "  # noqa: S608
        f"status_changed_at = %s WHERE id IN (SELECT id FROM {table} WHERE next_attempt_at <= %s "
        "AND status IN (%s, %s) ORDER BY lane, next_attempt_at LIMIT %s FOR UPDATE SKIP LOCKED) "
        f"RETURNING {columns}",
        [S.SENDING, token, lease_ends, now, now, S.CREATED, S.SENDING, limit],
    )  # fmt: skip
    return sorted(claimed, key=lambda message: (message.lane, message.pk))


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
                choices=tuple((str(c[0]), str(c[1])) for c in (message.choices or []) if len(c) == 2),
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


_thread_state = threading.local()


def _deliver(item: tuple[Message, Outgoing]) -> Sent | SendError:
    """Send one message and record the outcome at once, in the same thread: the time between a
    provider's acceptance and the outbox knowing it (when a killed worker causes a second copy) is
    one database write, whatever the size of the batch."""
    message, _prepared = item
    pacing.wait_for_turn(message.channel, message.recipient)
    outcome = _send_one(item)
    write_through_outage(_record, message, outcome, timezone.now())
    return outcome


def _close_old_connections_now_and_then(every: float = 1.0) -> None:
    """``close_old_connections`` at most once a second per thread: each call makes the next query
    check the connection first (``CONN_HEALTH_CHECKS``), one more round trip per message otherwise.
    A broken connection is still replaced at once: ``write_through_outage`` closes it on the error."""
    now = time.monotonic()
    if now - getattr(_thread_state, "checked", 0.0) >= every:
        _thread_state.checked = now
        close_old_connections()


def _replay_early_receipts(batch: list[Message], outcomes: list[Sent | SendError]) -> None:
    """Receipts that reached the webhook before the outbox knew the provider's id: applied now, found
    with one query for the whole batch (the periodic inbound task would apply them a minute later)."""
    from jembatan.notifications import inbound

    accepted = [
        (message.channel, outcome.provider_id)
        for message, outcome in zip(batch, outcomes, strict=True)
        if isinstance(outcome, Sent) and outcome.provider_id and not outcome.delivered
    ]
    if accepted:
        write_through_outage(inbound.replay_receipts_for, accepted)


def _single_writer() -> bool:
    """SQLite (the embedded default) takes one writer at a time: there, messages go one after another."""
    from django.db import connection

    return connection.vendor == "sqlite"


def dispatch(batch: list[Message]) -> dict[str, int]:
    """Send a claimed batch in this thread, recording each outcome as it comes; returns how many were
    accepted, retried and failed. (The worker runs several of these at once, one per sending thread.)"""
    counts = {"sent": 0, "retry": 0, "failed": 0}
    if not batch:
        return counts
    outcomes = [_deliver(item) for item in zip(batch, outgoing(batch), strict=True)]
    _replay_early_receipts(batch, outcomes)
    for outcome in outcomes:
        if isinstance(outcome, Sent):
            counts["sent"] += 1
        elif outcome.permanent:
            counts["failed"] += 1
        else:
            counts["retry"] += 1
    return counts


def dispatch_once(*, limit: int | None = None) -> int:
    """Take and send one batch from the configured queue (``queues``); returns the number of messages claimed."""
    batch = queues.current().take(limit or settings.NOTIFICATIONS_BATCH_SIZE)
    dispatch(batch)
    return len(batch)


def run_loop(stop: threading.Event, *, idle_wait: float | None = None) -> None:
    """The worker's outbox: ``NOTIFICATIONS_CONCURRENCY`` sending threads (one on SQLite), each claiming,
    sending and recording its own small batches until ``stop`` is set. No thread hands work to another,
    so none waits for another's database round trip; a database outage pauses them, never ends them.
    When there is nothing to send, the first thread looks every ``idle_wait`` seconds and wakes the others
    when it finds a full batch."""
    idle_wait = settings.NOTIFICATIONS_POLL_SECONDS if idle_wait is None else idle_wait
    count = 1 if _single_writer() else max(1, settings.NOTIFICATIONS_CONCURRENCY)
    busy = threading.Event()
    if count == 1:
        _sender(stop, busy, idle_wait, lead=True)
        return
    threads = [
        threading.Thread(target=_sender, args=(stop, busy, idle_wait), kwargs={"lead": n == 0},
                         name=f"outbox-send-{n}", daemon=True)
        for n in range(count)
    ]  # fmt: skip
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


def _sender(stop: threading.Event, busy: threading.Event, idle_wait: float, *, lead: bool) -> None:
    from django.db import connection

    failures = 0
    waits_itself = queues.current().blocks  # a broker's read has already waited when it comes back empty
    try:
        while not stop.is_set():
            try:
                claimed = dispatch_once()
                failures = 0
            except (OperationalError, InterfaceError):
                delay = RECONNECT_DELAYS[min(failures, len(RECONNECT_DELAYS) - 1)]
                failures += 1
                logger.warning("The outbox cannot reach the database; trying again in %s s.", delay, exc_info=True)
                connection.close()
                stop.wait(delay)
                continue
            except Exception:
                logger.exception("The outbox loop failed; trying again.")
                claimed = 0
                stop.wait(5)
            finally:
                _close_old_connections_now_and_then()
            if claimed >= settings.NOTIFICATIONS_BATCH_SIZE:
                busy.set()  # there is more: every thread sends
            elif not claimed and not waits_itself:
                busy.clear()
                if lead:
                    stop.wait(idle_wait)
                else:  # the others wait for the first to find work (or look themselves now and then)
                    busy.wait(max(idle_wait, 0.01) * 5)
    finally:
        connection.close()


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
