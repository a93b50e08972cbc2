"""Writes for dissemination: share links, counted opens, and the KIMs' dissemination records."""

from __future__ import annotations

import datetime
import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from jembatan.communities import services as community_services
from jembatan.communities.models import Kim
from jembatan.core.audit import audit_record, snapshot
from jembatan.core.cache import bump_public_cache
from jembatan.core.errors import DomainError
from jembatan.dissemination.models import (
    MAX_AUDIENCE,
    NOTE_MAX,
    Channel,
    Dissemination,
    ShareLink,
    ShareLinkDay,
)
from jembatan.dissemination.verbs import DisseminationVerb
from jembatan.newsroom.models import Item, ItemStatus

# Crockford's base32 alphabet in lower case (no i, l, o, u): easy to read aloud, 5 bits a character.
CODE_ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz"
CODE_LENGTH = 8  # 40 random bits: not guessable in order, short enough for a WhatsApp message
CODE_PATTERN = re.compile(rf"^[{CODE_ALPHABET}]{{{CODE_LENGTH}}}$")
DELETE_WINDOW = datetime.timedelta(hours=24)
AUDITED = ["item_id", "kim_id", "channel", "date", "audience", "note", "photo"]


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def share_link_get_or_create(*, actor, kim: Kim, item: Item) -> ShareLink:
    """The KIM's link to ``item``, created on first use. Two simultaneous first visits get the same link
    (the unique (item, KIM) constraint decides); a code collision is retried with a fresh code."""
    for _attempt in range(5):
        existing = ShareLink.objects.filter(item=item, kim=kim).first()
        if existing is not None:
            return existing
        try:
            with transaction.atomic():
                link = ShareLink.objects.create(item=item, kim=kim, code=new_code())
                audit_record(actor=actor, verb=DisseminationVerb.LINK_CREATED, obj=link, after={"item": item.pk})
                return link
        except IntegrityError:
            continue  # another request created it meanwhile, or the code was taken: look again
    raise DomainError(_("The share link could not be created. Please try again."))


def share_link_register_open(*, link: ShareLink, client_ip: str) -> bool:
    """Count an open once per connection per hour, so reloading (or a script) cannot inflate the figure.

    Only a keyed hash of the address and the link is kept, in the cache, for the hour; it is never
    written to the database and cannot be turned back into the address without the secret key.
    Returns whether the open was counted."""
    digest = hmac.new(settings.SECRET_KEY.encode(), f"open:{link.pk}:{client_ip}".encode(), hashlib.sha256).hexdigest()[
        :32
    ]
    if not cache.add(f"share-open:{digest}", 1, timeout=3600):
        return False
    share_link_count_open(link=link)
    return True


def share_link_count_open(*, link: ShareLink, today: datetime.date | None = None) -> None:
    """Count one open of ``link``: the total and today's bucket, each with an atomic increment."""
    today = today or timezone.localdate()
    with transaction.atomic():
        ShareLink.objects.filter(pk=link.pk).update(opens=F("opens") + 1)
        if ShareLinkDay.objects.filter(link_id=link.pk, day=today).update(opens=F("opens") + 1):
            return
        try:
            with transaction.atomic():
                ShareLinkDay.objects.create(link_id=link.pk, day=today, opens=1)
        except IntegrityError:  # created by a simultaneous open
            ShareLinkDay.objects.filter(link_id=link.pk, day=today).update(opens=F("opens") + 1)


@dataclass
class DisseminationData:
    channel: str
    date: datetime.date
    audience: int
    note: str = ""
    photo: object = None  # an image already checked and re-encoded (forms.validate_photo), or None


def _check(*, kim: Kim, item: Item, data: DisseminationData) -> None:
    if item.status not in (ItemStatus.TERBIT, ItemStatus.DIARSIPKAN) or item.published_at is None:
        raise DomainError(_("Only published news can be recorded as disseminated."))
    if item.regency_id != kim.regency_id:
        raise DomainError(_("This news item is not from your KIM's regency."))
    if data.channel not in Channel.values:
        raise DomainError(_("Choose how the news was passed on."))
    if data.date is None or data.date > timezone.localdate():
        raise DomainError(_("The date cannot be in the future."))
    if data.date < timezone.localdate(item.published_at):
        raise DomainError(_("The date cannot be before the news was published."))
    if not isinstance(data.audience, int) or not 1 <= data.audience <= MAX_AUDIENCE:
        raise DomainError(
            _("Enter the number of people reached, from 1 to %(max)s.")
            % {"max": number_format(MAX_AUDIENCE, force_grouping=True)}
        )
    if len(data.note or "") > NOTE_MAX:
        raise DomainError(_("The note can be at most %(max)s characters.") % {"max": NOTE_MAX})


def dissemination_record(*, actor, kim: Kim, item: Item, data: DisseminationData) -> Dissemination:
    """Store a dissemination record and count it as the KIM's activity (this reactivates a lapsed KIM)."""
    _check(kim=kim, item=item, data=data)
    field = Dissemination._meta.get_field("photo")
    with transaction.atomic():
        record = Dissemination(
            item=item,
            kim=kim,
            channel=data.channel,
            date=data.date,
            audience=data.audience,
            note=(data.note or "").strip(),
            recorded_by=actor,
        )
        stored = None
        if data.photo is not None:
            stored = field.storage.save(field.generate_filename(record, f"{secrets.token_hex(8)}.jpg"), data.photo)
            record.photo = stored
        try:
            record.save()
            audit_record(actor=actor, verb=DisseminationVerb.RECORDED, obj=record, after=snapshot(record, AUDITED))
            community_services.kim_record_activity(actor=actor, kim=kim, kind="dissemination")
        except Exception:
            if stored:
                field.storage.delete(stored)
            raise
        transaction.on_commit(bump_public_cache)
    return record


def dissemination_delete(*, actor, record: Dissemination, now: datetime.datetime | None = None) -> None:
    """The person who recorded it may delete a record within 24 hours (a mistake, a double entry)."""
    now = now or timezone.now()
    with transaction.atomic():
        locked = Dissemination.objects.select_for_update().filter(pk=record.pk).first()
        if locked is None:
            raise DomainError(_("This record no longer exists."))
        if locked.recorded_by_id != getattr(actor, "pk", None):
            raise DomainError(_("Only the person who recorded it can delete this record."))
        if now - locked.created_at > DELETE_WINDOW:
            raise DomainError(_("A record can only be deleted within 24 hours of recording it."))
        before = snapshot(locked, AUDITED)
        photo = locked.photo.name
        audit_record(actor=actor, verb=DisseminationVerb.DELETED, obj=locked, before=before)
        locked.delete()
        if photo:
            storage = Dissemination._meta.get_field("photo").storage
            transaction.on_commit(lambda: storage.delete(photo))
        transaction.on_commit(bump_public_cache)
