"""Following a public report by email (``cases.followers``)."""

from __future__ import annotations

from django.urls import reverse

from jembatan.aspirations.models import Aspiration, Follower
from jembatan.aspirations.verbs import AspirationVerb
from jembatan.cases import followers as case_followers
from jembatan.cases import tracking
from jembatan.core.i18n import in_default_language
from jembatan.notifications.api import send_email


@in_default_language
def aspiration_follow(*, aspiration: Aspiration, email: str) -> Follower:
    """Ask to follow a public report: nothing is sent but a confirmation link until it is opened."""

    def send_confirmation(follower: Follower, email: str) -> None:
        link = tracking.absolute(reverse("aspirations:follow_confirm", kwargs={"token": follower.token}))
        send_email("aspirations.follow_confirm", to=email, values={"code": aspiration.code, "link": link})

    return case_followers.follow(
        model=Follower, case=aspiration, email=email, requested_verb=AspirationVerb.FOLLOW_REQUESTED,
        send_confirmation=send_confirmation,
    )  # fmt: skip


def aspiration_follow_confirm(*, token: str) -> Follower | None:
    return case_followers.confirm(model=Follower, token=token, verb=AspirationVerb.FOLLOWED)


def aspiration_unfollow(*, token: str) -> Aspiration | None:
    """Stop the updates in one step: the follower row (and its email) is deleted."""
    return case_followers.unfollow(model=Follower, token=token, verb=AspirationVerb.UNFOLLOWED)
