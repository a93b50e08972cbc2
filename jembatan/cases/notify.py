"""Telling the people of a case what happened: the reporter with their private link, and the followers
(by email or the chat they follow from) with the public page and a one-step way to stop. A secret case
tells no one but its reporter.

Messages go through the notifications outbox in the caller's transaction: a change and the message
that announces it are stored together or not at all. The capability names its own templates (with the
placeholders ``subject``, ``message``, ``code``, ``link`` for the reporter and ``subject``, ``code``,
``status``, ``link``, ``unsubscribe`` for the followers).
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from jembatan.notifications.api import TemplateError, send, send_email

logger = logging.getLogger(__name__)


def notify_case(
    *,
    reporter_template: str,
    follower_template: str,
    subject: str,
    body: str,
    code: str,
    status_label: str,
    reporter_email: str,
    private_link: Callable[[], str],
    is_secret: bool,
    followers: Callable[[], list],
    public_link: Callable[[], str],
    unsubscribe_link: Callable[[object], str],
    reporter_chat: tuple[str, str] | None = None,
) -> None:
    """``reporter_chat`` (channel, address): the reporter wrote by chat, and hears back there too."""
    values = (
        {"subject": subject, "message": body, "link": private_link(), "code": code}
        if reporter_email or reporter_chat
        else {}
    )
    if reporter_email:
        send_email(reporter_template, to=reporter_email, values=values)
    if reporter_chat:
        send_chat(reporter_template, reporter_chat, values)
    if is_secret:
        return
    reporter = {("email", reporter_email.lower())} if reporter_email else set()
    if reporter_chat:
        reporter.add(reporter_chat)
    others = [follower for follower in followers() if (follower.channel, follower.address) not in reporter]
    if not others:
        return
    public = public_link()
    for follower in others:
        values = {"subject": subject, "code": code, "status": status_label, "link": public,
                  "unsubscribe": unsubscribe_link(follower)}  # fmt: skip
        if follower.channel == "email":
            send_email(follower_template, to=follower.address, values=values)
        else:
            send_chat(follower_template, (follower.channel, follower.address), values)


def send_chat(template: str, chat: tuple[str, str], values: dict) -> None:
    """A chat copy of a case message (to its reporter or a follower). A text the channel cannot carry (an SMS over three segments) goes as its
    subject alone, the link carrying the rest; a change is never refused for its message."""
    channel, address = chat
    try:
        send(template, channel=channel, to=address, values=values)
    except TemplateError:
        try:
            send(template, channel=channel, to=address, values={**values, "message": values["subject"]})
        except TemplateError:
            logger.warning("The %s copy of a case message could not be written.", channel, exc_info=True)
