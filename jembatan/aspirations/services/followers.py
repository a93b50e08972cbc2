"""Following a public report, by email or by chat (``cases.followers``: subscriptions to one report)."""

from __future__ import annotations

from django.urls import reverse

from jembatan.aspirations.models import Aspiration
from jembatan.aspirations.verbs import AspirationVerb
from jembatan.cases import followers as case_followers
from jembatan.cases import tracking
from jembatan.core.i18n import in_default_language
from jembatan.notifications.api import send_email

PREFIX = "aspirasi"


def follow_subject(aspiration: Aspiration) -> str:
    return case_followers.subject_for(PREFIX, aspiration.code)


def _aspiration_for(subject: str) -> Aspiration:
    return Aspiration.objects.get(code=subject.split(":", 1)[1])


@in_default_language
def aspiration_follow(*, aspiration: Aspiration, email: str = "", chat: tuple[str, str] | None = None):
    """Follow a public report: by email, nothing is sent but a confirmation link until it is opened; by
    chat (``(channel, address)``, the person writing from that number) it holds at once."""

    def send_confirmation(subscription, email: str) -> None:
        link = tracking.absolute(reverse("aspirations:follow_confirm", kwargs={"token": subscription.token}))
        send_email("aspirations.follow_confirm", to=email, values={"code": aspiration.code, "link": link})

    channel, address = chat if chat else ("email", email)
    return case_followers.follow(
        case=aspiration, subject=follow_subject(aspiration), channel=channel, address=address,
        requested_verb=AspirationVerb.FOLLOW_REQUESTED, send_confirmation=send_confirmation,
        confirmed=chat is not None, source=channel if chat else "web",
    )  # fmt: skip


def aspiration_follow_confirm(*, token: str) -> Aspiration | None:
    """Confirm a follow from its link; returns the report, or ``None`` for a link that is not ours."""
    found = case_followers.confirm(token=token, prefix=PREFIX, verb=AspirationVerb.FOLLOWED, case_for=_aspiration_for)
    return found[1] if found else None


def aspiration_unfollow(*, token: str) -> Aspiration | None:
    """Stop the updates in one step (the follow ends; the ledger keeps that it was)."""
    return case_followers.unfollow(token=token, prefix=PREFIX, verb=AspirationVerb.UNFOLLOWED, case_for=_aspiration_for)


def aspiration_is_followed_by(token: str) -> bool:
    from jembatan.notifications.subscriptions import following

    return following(token, prefix=PREFIX) is not None


def aspiration_follower_count(aspiration: Aspiration) -> int:
    from jembatan.notifications.subscriptions import follower_count

    return follower_count(follow_subject(aspiration))
