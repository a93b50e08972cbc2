"""Subscriptions and the consent ledger: what a person asked to receive, on which channel, since when.

Every subscription rests on a consent row (purpose, channel, the version of the consent text, where it
was given). Stopping ends the subscriptions and withdraws the consent at once; nothing is deleted, so
the ledger shows what a person agreed to and when they stopped.
"""

from __future__ import annotations

from django.core import signing
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import get_random_string

from jembatan.core import tenancy
from jembatan.notifications.api import recipient_hash, send
from jembatan.notifications.models import Consent, ConsentPurpose, Subscription

UNSUBSCRIBE_SALT = "jembatan.notifications.unsubscribe"

# Raise when the wording people agree to changes (the ledger keeps the version each consent was given under).
CONSENT_TEXT_VERSION = "2026-12"


def _consent(*, channel: str, hashed: str, source: str, purpose: str = ConsentPurpose.NEWS) -> Consent:
    consent = (
        Consent.objects.select_for_update()
        .filter(channel=channel, recipient_hash=hashed, purpose=purpose, withdrawn_at__isnull=True)
        .first()
    )
    if consent is None:
        consent = Consent.objects.create(
            channel=channel, recipient_hash=hashed, purpose=purpose, text_version=CONSENT_TEXT_VERSION, source=source
        )
    return consent


def subscribe(
    *, channel: str, address: str, village=None, district=None, topic: str = "", source: str, confirmed: bool = True
) -> Subscription:
    """Subscribe an address to an area (a kelurahan, a kecamatan, or the whole regency) and a topic.

    From a chat the person has just written from that address: the subscription holds at once. From the
    web (``confirmed=False``) it waits for the confirmation sent to the address (``request``)."""
    hashed = recipient_hash(channel, address)
    village_code = village.code if village is not None else ""
    district_code = village.district_id if village is not None else (district.code if district is not None else "")
    with transaction.atomic():
        consent = _consent(channel=channel, hashed=hashed, source=source) if confirmed else None
        existing = Subscription.objects.filter(
            channel=channel, address_hash=hashed, village_code=village_code, district_code=district_code, topic=topic,
            subject="", ended_at__isnull=True,
        ).first()  # fmt: skip
        if existing is not None and (existing.confirmed_at or not confirmed):
            return existing
        if existing is not None:
            existing.confirmed_at, existing.consent = timezone.now(), consent
            existing.save(update_fields=["confirmed_at", "consent"])
            _supersede(existing)
            return existing
        subscription = Subscription.objects.create(
            channel=channel, address=address, address_hash=hashed, village_code=village_code,
            district_code=district_code, topic=topic, consent=consent, token=get_random_string(32),
            confirmed_at=timezone.now() if confirmed else None,
        )  # fmt: skip
        if confirmed:
            _supersede(subscription)
        return subscription


def _supersede(subscription: Subscription) -> None:
    """One topic for an area replaces every topic for it, and every topic replaces the single ones."""
    if subscription.subject:
        return
    same_area = Subscription.objects.filter(
        channel=subscription.channel, address_hash=subscription.address_hash, subject="", ended_at__isnull=True,
        village_code=subscription.village_code, district_code=subscription.district_code,
    ).exclude(pk=subscription.pk)  # fmt: skip
    replaced = same_area.filter(topic="") if subscription.topic else same_area.exclude(topic="")
    replaced.update(ended_at=timezone.now())


def request(
    *, channel: str, address: str, village=None, district=None, topic: str = "", area_name: str
) -> Subscription:
    """A subscription asked for on the web: written unconfirmed, and a confirmation link sent to the address.

    Nothing is sent to the address but that one message until its owner confirms.
    """
    with transaction.atomic():
        subscription = subscribe(channel=channel, address=address, village=village, district=district, topic=topic,
                                 source="web", confirmed=False)  # fmt: skip
        if subscription.confirmed_at is None:
            link = tenancy.absolute(reverse("subscriptions:confirm", kwargs={"token": subscription.token}))
            send(
                "notifications.subscribe_confirm", channel=channel, to=address, values={"area": area_name, "link": link}
            )
    return subscription


def confirm(token: str) -> Subscription | None:
    """Confirm a web subscription (the consent is given now, from the web). ``None``: no such request."""
    with transaction.atomic():
        subscription = Subscription.objects.select_for_update().filter(token=token, ended_at__isnull=True).first()
        if subscription is None:
            return None
        if subscription.confirmed_at is None:
            subscription.consent = _consent(
                channel=subscription.channel, hashed=subscription.address_hash, source="web",
                purpose=ConsentPurpose.UPDATES if subscription.subject else ConsentPurpose.NEWS,
            )  # fmt: skip
            subscription.confirmed_at = timezone.now()
            subscription.save(update_fields=["consent", "confirmed_at"])
            _supersede(subscription)
    return subscription


def follow(*, channel: str, address: str, subject: str, source: str, confirmed: bool) -> tuple[Subscription, bool]:
    """Follow one case's updates (``subject``: its capability's prefix and code); returns ``(subscription, created)``.

    By chat, or as the reporter of a duplicate merged into it, it holds at once (``confirmed``). From the
    web it waits until the link sent to the address is opened (``confirm``); asking again finds the
    same row and adds nothing."""
    hashed = recipient_hash(channel, address)
    with transaction.atomic():
        existing = (
            Subscription.objects.select_for_update()
            .filter(channel=channel, address_hash=hashed, subject=subject, ended_at__isnull=True)
            .first()
        )
        if existing is not None and (existing.confirmed_at or not confirmed):
            return existing, False
        consent = (
            _consent(channel=channel, hashed=hashed, source=source, purpose=ConsentPurpose.UPDATES)
            if confirmed
            else None
        )
        if existing is not None:
            existing.confirmed_at, existing.consent = timezone.now(), consent
            existing.save(update_fields=["confirmed_at", "consent"])
            return existing, False
        created = Subscription.objects.create(
            channel=channel, address=address, address_hash=hashed, subject=subject, consent=consent,
            token=get_random_string(32), confirmed_at=timezone.now() if confirmed else None,
        )  # fmt: skip
        return created, True


def followers(subject: str) -> list[Subscription]:
    """The confirmed, standing followers of a case, in the order they came."""
    return list(
        Subscription.objects.filter(
            subject=subject, ended_at__isnull=True, confirmed_at__isnull=False, consent__withdrawn_at__isnull=True
        ).order_by("id")
    )


def follower_count(subject: str) -> int:
    return Subscription.objects.filter(subject=subject, ended_at__isnull=True, confirmed_at__isnull=False).count()


def following(token: str, *, prefix: str) -> Subscription | None:
    """The standing follow with this token, of a case of this capability (``prefix``), or ``None``."""
    return Subscription.objects.filter(
        token=token[:40], subject__startswith=prefix + ":", ended_at__isnull=True
    ).first()


def unfollow(token: str, *, prefix: str) -> Subscription | None:
    """End one follow in one step (the link in each update); the consent stays for the others."""
    with transaction.atomic():
        subscription = (
            Subscription.objects.select_for_update()
            .filter(token=token[:40], subject__startswith=prefix + ":", ended_at__isnull=True)
            .first()
        )
        if subscription is not None:
            subscription.ended_at = timezone.now()
            subscription.save(update_fields=["ended_at"])
    return subscription


def move_followers(*, source: str, target: str) -> int:
    """The followers of a case merged into another follow that one (unless they already do); returns how many."""
    moved = 0
    for subscription in Subscription.objects.filter(subject=source, ended_at__isnull=True, confirmed_at__isnull=False):
        if not Subscription.objects.filter(
            channel=subscription.channel, address_hash=subscription.address_hash, subject=target, ended_at__isnull=True
        ).exists():
            Subscription.objects.create(
                channel=subscription.channel, address=subscription.address, address_hash=subscription.address_hash,
                subject=target, consent=subscription.consent, token=get_random_string(32),
                confirmed_at=subscription.confirmed_at, regency_code=subscription.regency_code,
            )  # fmt: skip
            moved += 1
    return moved


def unsubscribe_token(channel: str, hashed_recipient: str) -> str:
    return signing.dumps([channel, hashed_recipient], salt=UNSUBSCRIBE_SALT)


def unsubscribe_url(message) -> str:
    token = unsubscribe_token(message.channel, message.recipient_hash)
    return tenancy.absolute(reverse("subscriptions:stop", kwargs={"token": token}), message.regency_code or None)


def stop_by_token(token: str) -> int | None:
    """The one-click way out of a bulk message: ``None`` when the link is not ours."""
    try:
        channel, hashed = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except (signing.BadSignature, ValueError, TypeError):
        return None
    return _stop(channel=channel, hashed=hashed, source="link")


def stop_all(*, channel: str, address: str, source: str) -> int:
    """End every subscription of an address on a channel and withdraw its consent; returns how many ended."""
    return _stop(channel=channel, hashed=recipient_hash(channel, address), source=source)


def _stop(*, channel: str, hashed: str, source: str) -> int:
    now = timezone.now()
    with transaction.atomic():
        ended = Subscription.objects.filter(channel=channel, address_hash=hashed, ended_at__isnull=True).update(
            ended_at=now
        )
        Consent.objects.filter(channel=channel, recipient_hash=hashed, withdrawn_at__isnull=True).update(
            withdrawn_at=now, withdrawn_source=source
        )
    return ended
