"""Telling the people of a case what happened: the reporter with their private link, and the followers
with the public page and a one-step way to stop. A secret case tells no one but its reporter.

Messages are enqueued in the caller's transaction (``email_with_transaction``): a change and the
message that announces it are stored together or not at all.
"""

from __future__ import annotations

from collections.abc import Callable

from django.utils.translation import gettext as _

from jembatan.accounts.tasks import email_with_transaction


def notify_case(
    *,
    subject: str,
    body: str,
    code: str,
    status_label: str,
    reporter_email: str,
    private_link: Callable[[], str],
    is_secret: bool,
    followers: Callable[[], dict[str, object]],
    public_link: Callable[[], str],
    unsubscribe_link: Callable[[object], str],
) -> None:
    if reporter_email:
        text = _("%(body)s\n\nFollow the report: %(link)s\n\nTracking code: %(code)s") % {
            "body": body, "link": private_link(), "code": code,
        }  # fmt: skip
        email_with_transaction(to=[reporter_email], subject=subject, body=text)
    if is_secret:
        return
    others = followers()
    others.pop(reporter_email, None)
    if not others:
        return
    public = public_link()
    for email, follower in sorted(others.items()):
        text = _(
            "The report %(code)s you follow has news: %(status)s.\n\nSee it here: %(link)s\n\n"
            "To stop these emails: %(unsubscribe)s"
        ) % {"code": code, "status": status_label, "link": public, "unsubscribe": unsubscribe_link(follower)}
        email_with_transaction(to=[email], subject=subject, body=text)
