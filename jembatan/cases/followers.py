"""Followers of a case: subscriptions of the notifications capability to one case (``subject``).

Asking on the web sends nothing but a confirmation link until the person opens it; asking again sends
nothing to a confirmed follower and the link at most once an hour to an unconfirmed one, so no one can
fill a stranger's mailbox. By chat a person follows at once from their own number. Every follow rests
on a consent in the ledger; leaving ends it in one step, and ``BERHENTI`` (or a bulk message's one-click
link) ends it with every other subscription on that channel.
"""

from __future__ import annotations

from collections.abc import Callable

from django.db import transaction

from jembatan.core.audit import audit_record
from jembatan.core.ratelimit import allow
from jembatan.notifications import subscriptions


def subject_for(prefix: str, code: str) -> str:
    """What a case's follows point at: its capability's prefix and its code (``aspirasi:ASP-2026-000123``)."""
    return f"{prefix}:{code}"


def follow(*, case, subject: str, address: str, requested_verb, send_confirmation: Callable[[object, str], None],
           channel: str = "email", confirmed: bool = False, source: str = "web"):  # fmt: skip
    """Ask to follow ``case``; ``send_confirmation(subscription, address)`` enqueues the link (not sent when
    ``confirmed``: a person writing from their own number)."""
    address = (address or "").strip()
    if channel == "email":
        address = address.lower()
    with transaction.atomic():
        subscription, created = subscriptions.follow(
            channel=channel, address=address, subject=subject, source=source, confirmed=confirmed
        )
        if created:
            audit_record(actor=None, verb=requested_verb, obj=case, actor_label="pengikut")
        if subscription.confirmed_at is None and allow(
            f"follow-confirmation:{subscription.pk}", limit=1, window_seconds=3600
        ):
            send_confirmation(subscription, address)
    return subscription


def confirm(*, token: str, prefix: str, verb, case_for: Callable[[str], object]):
    """Confirm a follow from the link sent to its address; returns ``(subscription, case)`` or ``None``."""
    with transaction.atomic():
        subscription = subscriptions.following(token, prefix=prefix)
        if subscription is None:
            return None
        case = case_for(subscription.subject)
        if subscription.confirmed_at is None:
            subscriptions.confirm(subscription.token)
            audit_record(actor=None, verb=verb, obj=case, actor_label="pengikut")
    return subscription, case


def unfollow(*, token: str, prefix: str, verb, case_for: Callable[[str], object]):
    """Stop the updates in one step; returns the case, or ``None`` for a link that is not (or no longer) ours."""
    with transaction.atomic():
        subscription = subscriptions.unfollow(token, prefix=prefix)
        if subscription is None:
            return None
        case = case_for(subscription.subject)
        audit_record(actor=None, verb=verb, obj=case, actor_label="pengikut")
    return case


def merge(*, source: str, target: str, reporter_email: str = "", reporter_chat: tuple[str, str] | None = None) -> None:
    """Make the followers of ``source`` follow ``target`` too (a duplicate merged into its original), and
    its reporter, who consented to hear about their report, by email and by the chat they wrote from."""
    subscriptions.move_followers(source=source, target=target)
    if reporter_email:
        subscriptions.follow(channel="email", address=reporter_email.lower(), subject=target, source="merge",
                             confirmed=True)  # fmt: skip
    if reporter_chat:
        channel, address = reporter_chat
        subscriptions.follow(channel=channel, address=address, subject=target, source="merge", confirmed=True)


def confirmed(subject: str) -> list:
    """The confirmed followers (subscriptions), on every channel."""
    return subscriptions.followers(subject)
