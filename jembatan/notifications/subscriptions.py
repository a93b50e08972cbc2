"""Subscriptions and the consent ledger: what a person asked to receive, on which channel, since when.

Every subscription rests on a consent row (purpose, channel, the version of the consent text, where it
was given). Stopping ends the subscriptions and withdraws the consent at once; nothing is deleted, so
the ledger shows what a person agreed to and when they stopped.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from jembatan.notifications.api import recipient_hash
from jembatan.notifications.models import Consent, ConsentPurpose, Subscription

# Raise when the wording people agree to changes (the ledger keeps the version each consent was given under).
CONSENT_TEXT_VERSION = "2026-12"


def _consent(*, channel: str, hashed: str, source: str) -> Consent:
    consent = (
        Consent.objects.select_for_update()
        .filter(channel=channel, recipient_hash=hashed, purpose=ConsentPurpose.NEWS, withdrawn_at__isnull=True)
        .first()
    )
    if consent is None:
        consent = Consent.objects.create(
            channel=channel, recipient_hash=hashed, purpose=ConsentPurpose.NEWS,
            text_version=CONSENT_TEXT_VERSION, source=source,
        )  # fmt: skip
    return consent


def subscribe(*, channel: str, address: str, village=None, district=None, topic: str = "", source: str) -> Subscription:
    """Subscribe an address to an area (a kelurahan, a kecamatan, or the whole regency) and a topic."""
    hashed = recipient_hash(channel, address)
    village_code = village.code if village is not None else ""
    district_code = village.district_id if village is not None else (district.code if district is not None else "")
    with transaction.atomic():
        consent = _consent(channel=channel, hashed=hashed, source=source)
        existing = Subscription.objects.filter(
            channel=channel, address_hash=hashed, village_code=village_code, district_code=district_code, topic=topic,
            ended_at__isnull=True,
        ).first()  # fmt: skip
        if existing is not None:
            return existing
        return Subscription.objects.create(
            channel=channel, address=address, address_hash=hashed, village_code=village_code,
            district_code=district_code, topic=topic, consent=consent,
        )  # fmt: skip


def stop_all(*, channel: str, address: str, source: str) -> int:
    """End every subscription of an address on a channel and withdraw its consent; returns how many ended."""
    hashed = recipient_hash(channel, address)
    now = timezone.now()
    with transaction.atomic():
        ended = Subscription.objects.filter(channel=channel, address_hash=hashed, ended_at__isnull=True).update(
            ended_at=now
        )
        Consent.objects.filter(channel=channel, recipient_hash=hashed, withdrawn_at__isnull=True).update(
            withdrawn_at=now, withdrawn_source=source
        )
    return ended
