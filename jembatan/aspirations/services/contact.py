"""Reaching the people of a report: the reporter's private link, updates to the reporter and the
followers (``cases.notify``), messages to the agency, and "send my link again"."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse

from jembatan.aspirations.models import Aspiration
from jembatan.aspirations.services.followers import follow_subject
from jembatan.aspirations.verbs import AspirationVerb
from jembatan.cases import followers as case_followers
from jembatan.cases import tracking
from jembatan.cases.notify import notify_case
from jembatan.core import tenancy
from jembatan.core.audit import audit_record
from jembatan.core.i18n import in_default_language
from jembatan.notifications.api import send_email


def aspiration_secret(aspiration: Aspiration) -> str:
    """The reporter's private-link secret (256 bits), derived so a retried submission gets the same link."""
    return tracking.case_secret(aspiration)


def aspiration_check_secret(aspiration: Aspiration, secret: str) -> bool:
    return tracking.check_secret(aspiration, secret)


def private_link(aspiration: Aspiration) -> str:
    return tracking.absolute(
        reverse("aspirations:track_private", kwargs={"code": aspiration.code, "secret": aspiration_secret(aspiration)})
    )


def _notify(aspiration: Aspiration, subject: str, body: str) -> None:
    """Email the reporter (with the private link) and the followers (with the public page only)."""
    notify_case(
        reporter_template="aspirations.reporter_update", follower_template="aspirations.follower_update",
        subject=subject, body=body, code=aspiration.code, status_label=aspiration.get_status_display(),
        reporter_email=aspiration.reporter_email, private_link=lambda: private_link(aspiration),
        reporter_chat=(aspiration.reporter_channel, aspiration.reporter_chat) if aspiration.reporter_chat else None,
        is_secret=aspiration.is_secret, followers=lambda: case_followers.confirmed(follow_subject(aspiration)),
        public_link=lambda: tracking.absolute(reverse("aspirations:track", kwargs={"code": aspiration.code})),
        unsubscribe_link=lambda f: tracking.absolute(reverse("aspirations:unfollow", kwargs={"token": f.token})),
    )  # fmt: skip


def _notify_agency(aspiration: Aspiration, subject: str, body: str) -> None:
    """Email the agency's contact address and its officers (the staff page link, no reporter identity)."""
    from jembatan.accounts.models import User
    from jembatan.accounts.roles import Role

    if aspiration.agency_id is None:
        return
    recipients = set(
        User.objects.filter(
            role_assignments__role=Role.PETUGAS_OPD, role_assignments__agency_id=aspiration.agency_id, is_active=True
        ).values_list("email", flat=True)
    )
    if aspiration.agency.email:
        recipients.add(aspiration.agency.email)
    link = tracking.absolute(reverse("aspirations:staff_detail", kwargs={"code": aspiration.code}))
    for email in sorted(recipients):
        send_email("aspirations.agency_notice", to=email, values={"subject": subject, "message": body, "link": link})


@in_default_language
def aspiration_resend_private_link(*, code: str, contact: str) -> None:
    """Email the private link again when ``contact`` is the reporter's email or phone; otherwise nothing.

    The caller answers the same either way, so this tells no one whose report it is. The link goes
    only to the reporter's email on record, never to an address typed here.
    """
    from jembatan.core.privacy import normalize_phone

    aspiration = Aspiration.objects.filter(code=code, regency_id=tenancy.regency_code()).first()
    contact = (contact or "").strip()
    if aspiration is None or not aspiration.reporter_email or not contact:
        return
    matches = contact.lower() == aspiration.reporter_email.lower()
    if not matches and aspiration.reporter_phone:
        try:
            matches = normalize_phone(contact) == normalize_phone(aspiration.reporter_phone)
        except ValidationError:  # not a phone number: simply no match
            matches = False
    if not matches:
        return
    with transaction.atomic():
        send_email(
            "aspirations.private_link", to=aspiration.reporter_email,
            values={"code": aspiration.code, "link": private_link(aspiration)},
        )  # fmt: skip
        audit_record(actor=None, verb=AspirationVerb.PRIVATE_LINK_RESENT, obj=aspiration, actor_label="pelapor")
