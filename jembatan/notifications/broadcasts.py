"""Broadcasts: news or an announcement to everyone subscribed to an area, without floods.

``broadcast_start`` records the broadcast and queues its fan-out in one transaction. ``fan_out`` writes
the outbox rows in chunks of ``FAN_OUT_CHUNK`` with one ``INSERT … SELECT`` each, straight from the
subscriptions (the encrypted addresses are copied as they are; the text, the same for everyone, is
encrypted once): one row per (broadcast, recipient, channel), keyed ``b<id>:<channel>:<address hash>``
so a repeated or resumed fan-out adds nothing twice. A broadcast to a kelurahan reaches the people
subscribed to it, to its kecamatan and to the whole regency; one to a kecamatan, those of the
kecamatan, of its kelurahan and of the whole regency; one to the regency, everyone. Within the area it
reaches those subscribed to every topic and those subscribed to one of its topics; an emergency
announcement reaches everyone in the area.
"""

from __future__ import annotations

import datetime
import json
import zoneinfo

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from jembatan.core.audit import audit_record
from jembatan.core.background import enqueue_with_transaction
from jembatan.core.crypto import encrypt
from jembatan.core.errors import DomainError
from jembatan.notifications import catalogue, channels, queues
from jembatan.notifications.models import Broadcast, BroadcastStatus, Lane, Message, Subscription
from jembatan.notifications.statuses import MessageStatus
from jembatan.notifications.verbs import NotificationVerb

TEMPLATE = "notifications.news"
FAN_OUT_CHUNK = 5000
B = BroadcastStatus


def audience(*, regency_code: str, channels_: list[str], district_code: str = "", village_code: str = "",
             topics: list[str] | tuple[str, ...] = (), emergency: bool = False):  # fmt: skip
    """The active subscriptions a broadcast to this area (and these topics) reaches."""
    found = Subscription.objects.filter(
        regency_code=regency_code,
        subject="",  # not the followers of a case
        ended_at__isnull=True,
        confirmed_at__isnull=False,
        consent__withdrawn_at__isnull=True,
        channel__in=channels_,
    )
    if not emergency:
        found = found.filter(Q(topic="") | Q(topic__in=list(topics))) if topics else found.filter(topic="")
    whole = Q(district_code="", village_code="")
    if village_code:
        return found.filter(Q(village_code=village_code) | Q(village_code="", district_code=village_code[:8]) | whole)
    if district_code:
        return found.filter(Q(district_code=district_code) | whole)
    return found


def counts(**segment) -> dict[str, int]:
    """Recipients per channel (a person subscribed twice in the area counts once)."""
    rows = audience(**segment).values("channel").annotate(n=Count("address_hash", distinct=True))
    return {row["channel"]: row["n"] for row in rows}


def estimated_seconds(per_channel: dict[str, int]) -> int:
    """How long sending takes at the configured pace (channels send side by side)."""
    times = [n / rate for channel, n in per_channel.items() if (rate := settings.NOTIFICATIONS_RATES.get(channel, 0))]
    return int(max(times, default=0)) + 1


def quiet_until(now: datetime.datetime) -> datetime.datetime:
    """``now``, or the end of the quiet hours when ``now`` falls in them."""
    start, end = settings.NOTIFICATIONS_QUIET_HOURS
    local = now.astimezone(zoneinfo.ZoneInfo(settings.NOTIFICATIONS_QUIET_TIMEZONE))
    if start == end or not (local.hour >= start or local.hour < end):
        return now
    day = local.date() + datetime.timedelta(days=1) if local.hour >= start else local.date()
    return datetime.datetime.combine(day, datetime.time(end), tzinfo=local.tzinfo).astimezone(datetime.UTC)


def _values(broadcast: Broadcast) -> dict[str, str]:
    return {"title": broadcast.title, "summary": broadcast.summary, "link": broadcast.link}


def check(*, title: str, summary: str, link: str, channels_: list[str], regency_code: str) -> None:
    """Refuse what cannot be sent (an empty text, a channel that is off, an SMS too long)."""
    if not channels_:
        raise DomainError(_("Choose at least one channel."))
    spec = catalogue.template(TEMPLATE)
    for channel in channels_:
        adapter = channels.adapter(channel)
        if adapter is None:
            raise DomainError(_("The %(channel)s channel is not switched on.") % {"channel": channel})
        _version, subject, body = catalogue.render(
            spec, {"title": title, "summary": summary, "link": link}, channel=channel,
            language=settings.LANGUAGE_CODE, regency_code=regency_code,
        )  # fmt: skip
        try:
            adapter.check_body(subject, body)
        except Exception as exc:  # ValidationError: its messages are already translated
            raise DomainError(" ".join(getattr(exc, "messages", [str(exc)]))) from exc


def check_topics(topics, *, regency_code: str) -> list[str]:
    """The topics, sorted and once each; refused when one is not a topic of this regency."""
    from jembatan.core.registry import subscription_topics

    known = dict(subscription_topics(regency_code))
    unknown = sorted(set(topics) - set(known))
    if unknown:
        raise DomainError(_("There is no topic “%(topic)s”.") % {"topic": unknown[0]})
    return sorted(set(topics))


def broadcast_start(*, actor, regency_code: str, title: str, summary: str, link: str, channels_: list[str],
                    district_code: str = "", village_code: str = "", topics=(), emergency: bool = False) -> Broadcast:  # fmt: skip
    title, summary = " ".join(title.split()), " ".join(summary.split())
    if not title or not summary or not link:
        raise DomainError(_("Write the title, the summary and the link."))
    check(title=title, summary=summary, link=link, channels_=channels_, regency_code=regency_code)
    topics = check_topics(topics, regency_code=regency_code)
    from jembatan.notifications.tasks import broadcast_fan_out_task

    with transaction.atomic():
        broadcast = Broadcast.objects.create(
            regency_code=regency_code, title=title, summary=summary, link=link, district_code=district_code,
            village_code=village_code, channels=sorted(channels_), topics=topics, emergency=emergency,
            created_by=actor,
            recipients=sum(counts(regency_code=regency_code, channels_=channels_, district_code=district_code,
                                  village_code=village_code, topics=topics, emergency=emergency).values()),
        )  # fmt: skip
        audit_record(actor=actor, verb=NotificationVerb.BROADCAST_STARTED, obj=broadcast,
                     after={"channels": broadcast.channels, "recipients": broadcast.recipients,
                            "area": village_code or district_code or regency_code, "topics": topics,
                            "emergency": emergency})  # fmt: skip
        enqueue_with_transaction(broadcast_fan_out_task, broadcast_id=broadcast.pk)
    return broadcast


def fan_out(broadcast_id: int, *, chunk: int = FAN_OUT_CHUNK) -> int:
    """Write the broadcast's outbox rows; returns how many were added. Stops when paused or cancelled."""
    broadcast = Broadcast.objects.get(pk=broadcast_id)
    if broadcast.status != B.SENDING or broadcast.fanned_out:
        return 0
    spec = catalogue.template(TEMPLATE)
    now = timezone.now()
    due = now if broadcast.emergency else quiet_until(now)
    texts = {}
    for channel in broadcast.channels:
        version, subject, body = catalogue.render(
            spec, _values(broadcast), channel=channel, language=settings.LANGUAGE_CODE,
            regency_code=broadcast.regency_code,
        )  # fmt: skip
        texts[channel] = (version, encrypt(subject) if subject else "", encrypt(body))
    personalisation = encrypt(json.dumps(_values(broadcast), ensure_ascii=False))
    found = audience(
        regency_code=broadcast.regency_code, channels_=broadcast.channels, district_code=broadcast.district_code,
        village_code=broadcast.village_code, topics=broadcast.topics, emergency=broadcast.emergency,
    )  # fmt: skip
    queue = queues.current()
    announced = queue if isinstance(queue, queues.RedisStreamQueue) else None  # put each chunk on the stream
    added, last = 0, 0
    while True:
        ids = list(found.filter(id__gt=last).order_by("id").values_list("id", flat=True)[:chunk])
        if not ids:
            break
        last = ids[-1]
        with transaction.atomic():
            if Broadcast.objects.filter(pk=broadcast.pk, status=B.SENDING).select_for_update().first() is None:
                return added  # paused or cancelled meanwhile: a resume fans out the rest
            for channel, (version, subject, body) in texts.items():
                written = _insert(broadcast, channel, ids, version, subject, body, personalisation, due, now,
                                  returning=announced is not None)  # fmt: skip
                added += written if isinstance(written, int) else len(written)
                if announced is not None and due <= now:
                    pairs = [(pk, Lane.BULK) for pk in written]
                    transaction.on_commit(lambda pairs=pairs: announced.announce(pairs))
    Broadcast.objects.filter(pk=broadcast.pk).update(fanned_out=True)
    return added


def _insert(broadcast, channel, ids, version, subject, body, personalisation, due, now, *, returning=False):
    """Write one chunk's rows; returns how many (or, with ``returning``, their ids)."""
    table, source = Message._meta.db_table, Subscription._meta.db_table
    placeholders = ", ".join(["%s"] * len(ids))
    # Table names from the models, every value a parameter.
    sql = (
        f'INSERT INTO {table} ("key", channel, recipient, recipient_hash, template_key, template_version, language, '  # noqa: S608
        "personalisation, subject, body, lane, status, provider_id, attempts, next_attempt_at, claim, last_error, "
        "regency_code, broadcast_id, created_at, retrying_since, sent_at, status_changed_at, choices) "
        f"SELECT %s || channel || ':' || address_hash, channel, address, address_hash, %s, %s, %s, %s, %s, %s, %s, "
        f"%s, '', 0, %s, '', '', %s, %s, %s, %s, NULL, %s, '[]' FROM {source} WHERE id IN ({placeholders}) "
        "AND channel = %s "
        'ON CONFLICT ("key") DO NOTHING' + (" RETURNING id" if returning else "")
    )
    params = [
        f"b{broadcast.pk}:", TEMPLATE, version, settings.LANGUAGE_CODE, personalisation, subject, body, Lane.BULK,
        MessageStatus.CREATED, due, broadcast.regency_code, broadcast.pk, now, due, now, *ids, channel,
    ]  # fmt: skip
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [row[0] for row in cursor.fetchall()] if returning else max(cursor.rowcount, 0)


def progress(broadcast: Broadcast) -> dict:
    """Messages per channel and status, what is done, and whether anything still waits."""
    rows = Message.objects.filter(broadcast=broadcast).values("channel", "status").annotate(n=Count("id"))
    table: dict[str, dict[str, int]] = {}
    for row in rows:
        table.setdefault(row["channel"], {})[row["status"]] = row["n"]
    written = sum(sum(by_status.values()) for by_status in table.values())
    waiting = sum(by_status.get(MessageStatus.CREATED, 0) for by_status in table.values())
    in_flight = Message.objects.filter(broadcast=broadcast, status=MessageStatus.SENDING, sent_at__isnull=True).count()
    done = written - waiting - in_flight
    return {
        "by_channel": table, "written": written, "done": done,
        "percent": int(100 * done / broadcast.recipients) if broadcast.recipients else 100,
        "finished": broadcast.fanned_out and waiting + in_flight == 0 and broadcast.status == B.SENDING,
    }  # fmt: skip


def _move(*, actor, broadcast: Broadcast, from_status: str, to_status: str, verb) -> Broadcast:
    with transaction.atomic():
        if not Broadcast.objects.filter(pk=broadcast.pk, status=from_status).update(status=to_status):
            raise DomainError(_("This broadcast cannot do that now."))
        waiting = Message.objects.filter(broadcast=broadcast, status=MessageStatus.CREATED)
        now = timezone.now()
        if to_status == B.PAUSED:
            waiting.filter(next_attempt_at__isnull=False).update(next_attempt_at=None)
        elif to_status == B.CANCELLED:
            waiting.update(status=MessageStatus.CANCELLED, next_attempt_at=None, status_changed_at=now)
        else:  # resumed
            waiting.filter(next_attempt_at__isnull=True).update(next_attempt_at=now)
            from jembatan.notifications.tasks import broadcast_fan_out_task

            enqueue_with_transaction(broadcast_fan_out_task, broadcast_id=broadcast.pk)
        audit_record(actor=actor, verb=verb, obj=broadcast, before={"status": from_status}, after={"status": to_status})
    return Broadcast.objects.get(pk=broadcast.pk)


def broadcast_pause(*, actor, broadcast: Broadcast) -> Broadcast:
    return _move(actor=actor, broadcast=broadcast, from_status=B.SENDING, to_status=B.PAUSED,
                 verb=NotificationVerb.BROADCAST_PAUSED)  # fmt: skip


def broadcast_resume(*, actor, broadcast: Broadcast) -> Broadcast:
    return _move(actor=actor, broadcast=broadcast, from_status=B.PAUSED, to_status=B.SENDING,
                 verb=NotificationVerb.BROADCAST_RESUMED)  # fmt: skip


def broadcast_cancel(*, actor, broadcast: Broadcast) -> Broadcast:
    if broadcast.status not in (B.SENDING, B.PAUSED):
        raise DomainError(_("This broadcast cannot do that now."))
    return _move(actor=actor, broadcast=broadcast, from_status=broadcast.status, to_status=B.CANCELLED,
                 verb=NotificationVerb.BROADCAST_CANCELLED)  # fmt: skip
