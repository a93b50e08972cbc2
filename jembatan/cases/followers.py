"""Followers of a case: asking, confirming from one's own mailbox, leaving in one step, merging.

Nothing but a confirmation link is sent until the person opens it; asking again sends nothing to a
confirmed follower and the link at most once an hour to an unconfirmed one, so no one can fill a
stranger's mailbox. Leaving deletes the row and its email.
"""

from __future__ import annotations

from collections.abc import Callable

from django.db import transaction
from django.utils import timezone

from jembatan.core.audit import audit_record
from jembatan.core.privacy import email_hash
from jembatan.core.ratelimit import allow


def _case_of(follower):
    return getattr(follower, follower.CASE_FIELD)


def follow(*, model, case, email: str, requested_verb, send_confirmation: Callable[[object, str], None]):
    """Ask to follow ``case`` (a follower ``model`` row); ``send_confirmation(follower, email)`` enqueues the link."""
    email = (email or "").strip().lower()
    with transaction.atomic():
        follower, created = model.objects.get_or_create(
            **{model.CASE_FIELD: case}, email_hash=email_hash(email), defaults={"email": email}
        )
        if created:
            audit_record(actor=None, verb=requested_verb, obj=case, actor_label="pengikut")
        if follower.confirmed_at is None and allow(
            f"follow-confirmation:{model._meta.label_lower}:{follower.pk}", limit=1, window_seconds=3600
        ):
            send_confirmation(follower, email)
    return follower


def confirm(*, model, token: str, verb):
    with transaction.atomic():
        follower = model.objects.select_for_update().select_related(model.CASE_FIELD).filter(token=token).first()
        if follower is not None and follower.confirmed_at is None:
            follower.confirmed_at = timezone.now()
            follower.save(update_fields=["confirmed_at", "email_hash"])
            audit_record(actor=None, verb=verb, obj=_case_of(follower), actor_label="pengikut")
    return follower


def unfollow(*, model, token: str, verb):
    """Stop the updates in one step: the follower row (and its email) is deleted; returns the case."""
    with transaction.atomic():
        follower = model.objects.select_for_update().select_related(model.CASE_FIELD).filter(token=token).first()
        if follower is None:
            return None
        case = _case_of(follower)
        follower.delete()
        audit_record(actor=None, verb=verb, obj=case, actor_label="pengikut")
    return case


def merge(*, model, source, target) -> None:
    """Make the followers of ``source`` follow ``target`` too (a duplicate merged into its original)."""
    for follower in model.objects.filter(**{model.CASE_FIELD: source}):
        fields = {"email": follower.email, "phone": follower.phone, "confirmed_at": follower.confirmed_at}
        if follower.email:
            model.objects.get_or_create(
                **{model.CASE_FIELD: target}, email_hash=email_hash(follower.email), defaults=fields
            )
        elif follower.phone:
            model.objects.create(**{model.CASE_FIELD: target}, **fields)


def confirmed(model, case) -> dict[str, object]:
    """The confirmed followers with an email, by email."""
    rows = model.objects.filter(**{model.CASE_FIELD: case}, confirmed_at__isnull=False)
    return {follower.email: follower for follower in rows if follower.email}
