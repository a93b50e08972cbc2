"""Handling a report: Diskominfo verifies and routes it, the agency reports progress and answers,
the reporter accepts, rejects the answer or rates it; staff merge duplicates, correct the public texts
and make a report secret. Each step is a workflow transition or a locked, audited field change,
and its messages are enqueued in the same transaction."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from jembatan.aspirations.models import Aspiration, AspirationStatus, Event, EventPhoto, Privacy
from jembatan.aspirations.services.contact import _notify, _notify_agency
from jembatan.aspirations.services.followers import follow_subject
from jembatan.aspirations.services.workflow import _set_fields, _transition
from jembatan.aspirations.verbs import AspirationVerb
from jembatan.cases import followers as case_followers
from jembatan.cases.presenter import Masker
from jembatan.core import images
from jembatan.core.audit import audit_record, snapshot
from jembatan.core.cache import bump_public_cache
from jembatan.core.errors import DomainError, TransitionNotAllowed
from jembatan.core.i18n import in_default_language, long_date

S = AspirationStatus


@in_default_language
def aspiration_verify(
    *,
    actor,
    aspiration: Aspiration,
    category=None,
    public_title: str = "",
    public_description: str = "",
    public_place: str | None = None,
) -> Aspiration:
    changes = {}
    masker = Masker(names=(aspiration.reporter_name,))
    if category is not None:
        changes["category"] = category
    if public_title.strip():
        changes["public_title"] = masker.text(public_title.strip())[:150]
    if public_description.strip():
        changes["public_description"] = masker.text(public_description.strip())
    if public_place is not None:
        changes["public_place"] = masker.place(public_place.strip())[:300]
    with transaction.atomic():
        result = _transition(aspiration=aspiration, action="verify", actor=actor, changes=changes)
        _notify(
            result,
            _("Report verified: %(code)s") % {"code": result.code},
            _("Your report has been verified and will be passed to the responsible agency."),
        )
    return result


@in_default_language
def aspiration_dispose(*, actor, aspiration: Aspiration, agency) -> Aspiration:
    if agency is None or not agency.is_active:
        raise DomainError(_("Choose an active agency."))
    if agency.regency_id != aspiration.regency_id:
        raise DomainError(_("The agency belongs to another region."))
    with transaction.atomic():
        result = _transition(
            aspiration=aspiration,
            action="dispose",
            actor=actor,
            changes={"agency": agency},
            note=_("Passed to %(agency)s.") % {"agency": agency.name},
        )
        _notify(
            result,
            _("Report passed to %(agency)s") % {"agency": agency.short_name},
            _("Your report is now with %(agency)s, which answers by %(date)s.")
            % {"agency": agency.name, "date": long_date(result.answer_due)},
        )
        _notify_agency(
            result,
            _("New report for your agency: %(code)s") % {"code": result.code},
            _("Diskominfo has passed you the report “%(title)s”. Answer it by %(date)s.")
            % {"title": result.public_title, "date": long_date(result.answer_due)},
        )
    return result


@in_default_language
def aspiration_answer(*, actor, aspiration: Aspiration, answer: str, agency_id: int | None = None) -> Aspiration:
    """The agency's answer. ``agency_id``: the officer's agency, checked against the report under the lock."""
    answer = (answer or "").strip()
    if len(answer) < 10:
        raise DomainError(_("Write the answer to the reporter (at least 10 characters)."))
    with transaction.atomic():
        # The answer is also the timeline's note: a second answer (after the reporter rejected the first)
        # replaces ``answer`` but every answer stays in the timeline.
        result = _transition(
            aspiration=aspiration,
            action="answer",
            actor=actor,
            changes={"answer": answer, "answered_by": actor},
            note=answer,
            expect_agency_id=agency_id,
        )
        _notify(
            result,
            _("Your report has been answered: %(code)s") % {"code": result.code},
            _(
                "The agency has answered:\n\n“%(answer)s”\n\nOpen the link to accept it or say why it does not solve the problem."
            )
            % {"answer": answer[:700]},
        )
    return result


@in_default_language
def aspiration_accept(*, aspiration: Aspiration, rating: int | None = None) -> Aspiration:
    if rating is not None and not 1 <= rating <= 5:
        raise DomainError(_("Choose a rating from 1 to 5."))
    return _transition(
        aspiration=aspiration,
        action="accept",
        actor=None,
        changes={"rating": rating},
        note=_("The reporter accepted the answer."),
    )


@in_default_language
def aspiration_reject_answer(*, aspiration: Aspiration, reason: str) -> Aspiration:
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("Say why the answer does not solve the problem."))
    with transaction.atomic():
        locked = Aspiration.objects.select_for_update().get(pk=aspiration.pk)
        if locked.answer_rejected_reason:
            raise DomainError(_("An answer can be rejected only once. Contact Diskominfo if the problem remains."))
        # The reporter's own words stay with the report (staff and the reporter read them); the public
        # timeline only says that the answer was not accepted.
        result = _transition(
            aspiration=locked,
            action="reject_answer",
            actor=None,
            changes={"answer_rejected_reason": reason},
            note=_("The reporter did not accept the answer; the report is back with the agency."),
        )
        _notify_agency(
            result,
            _("The reporter did not accept your answer: %(code)s") % {"code": result.code},
            _("The report is back with your agency. Answer again by %(date)s.")
            % {"date": long_date(result.answer_due)},
        )
        return result


def aspiration_rate(*, aspiration: Aspiration, rating: int) -> Aspiration:
    if not 1 <= rating <= 5:
        raise DomainError(_("Choose a rating from 1 to 5."))

    def closed_only(locked: Aspiration) -> None:
        if locked.status != S.SELESAI:
            raise TransitionNotAllowed(_("A report can be rated once it is closed."))

    return _set_fields(
        aspiration=aspiration, values={"rating": rating}, verb=AspirationVerb.RATED, actor=None, actor_label="pelapor",
        check=closed_only,
    )  # fmt: skip


@in_default_language
def aspiration_return_to_admin(
    *, actor, aspiration: Aspiration, reason: str, agency_id: int | None = None
) -> Aspiration:
    """The agency says the report is not its business; Diskominfo routes it again."""
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("Write why the report is not for your agency."))
    return _transition(
        aspiration=aspiration,
        action="return_to_admin",
        actor=actor,
        changes={"agency": None, "answer_due": None},
        note=reason,
        public_note=False,
        expect_agency_id=agency_id,
    )


@in_default_language
def aspiration_reject(*, actor, aspiration: Aspiration, reason: str) -> Aspiration:
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("Write the reason; the reporter will read it."))
    with transaction.atomic():
        result = _transition(
            aspiration=aspiration, action="reject", actor=actor, changes={"closing_note": reason}, note=reason
        )
        _notify(result, _("Report not processed: %(code)s") % {"code": result.code}, reason)
    return result


@in_default_language
def aspiration_not_competent(*, actor, aspiration: Aspiration, explanation: str) -> Aspiration:
    explanation = (explanation or "").strip()
    if not explanation:
        raise DomainError(_("Explain who is responsible instead, so the reporter knows where to go."))
    with transaction.atomic():
        result = _transition(
            aspiration=aspiration,
            action="not_competent",
            actor=actor,
            changes={"closing_note": explanation},
            note=explanation,
        )
        _notify(
            result, _("Report outside the local government's authority: %(code)s") % {"code": result.code}, explanation
        )
    return result


@in_default_language
def aspiration_mark_duplicate(*, actor, aspiration: Aspiration, original: Aspiration) -> Aspiration:
    if original.pk == aspiration.pk:
        raise DomainError(_("Choose another open report as the original."))

    def original_may_be_followed(locked: Aspiration, related: dict) -> None:
        """Checked on the original locked with the report (both rows, in primary-key order)."""
        current = related.get(original.pk)
        if (
            current is None
            or current.duplicate_of_id is not None
            or not (current.is_open or current.status == S.SELESAI)
        ):
            raise DomainError(_("Choose another open report as the original."))
        if current.is_secret:
            raise DomainError(
                _("The original report is secret, so others cannot follow it. Handle this report on its own.")
            )

    with transaction.atomic():
        result = _transition(
            aspiration=aspiration,
            action="duplicate",
            actor=actor,
            changes={"duplicate_of": original},
            note=_("Merged into %(code)s.") % {"code": original.code},
            guard=original_may_be_followed,
            lock_also=[original.pk],
        )
        case_followers.merge(
            source=follow_subject(aspiration), target=follow_subject(original),
            reporter_email=aspiration.reporter_email,
            reporter_chat=(aspiration.reporter_channel, aspiration.reporter_chat) if aspiration.reporter_chat else None,
        )  # fmt: skip
        _notify(
            result,
            _("Your report is followed as %(code)s") % {"code": original.code},
            _("The same problem was already reported. You will receive the updates of %(code)s.")
            % {"code": original.code},
        )
    return result


def aspiration_make_secret(*, actor, aspiration: Aspiration) -> Aspiration:
    """Staff may make a report more private, never less."""
    return _set_fields(
        aspiration=aspiration, values={"privacy": Privacy.RAHASIA}, verb=AspirationVerb.MADE_SECRET, actor=actor
    )


def aspiration_reporter_set_privacy(*, aspiration: Aspiration, privacy: str) -> Aspiration:
    """Only the reporter (holding the private link) may make a report less private."""
    if privacy not in Privacy.values:
        raise DomainError(_("Choose anonymous or secret."))
    return _set_fields(
        aspiration=aspiration, values={"privacy": privacy}, verb=AspirationVerb.PRIVACY_SET_BY_REPORTER, actor=None,
        actor_label="pelapor",
    )  # fmt: skip


def aspiration_edit_public_texts(
    *, actor, aspiration: Aspiration, public_title: str, public_description: str, public_place: str = ""
) -> Aspiration:
    """Staff correct or redact what the public reads, at any time after verification (audited)."""
    public_title = (public_title or "").strip()
    public_description = (public_description or "").strip()
    if not public_title or not public_description:
        raise DomainError(_("The public title and description cannot be empty."))
    fields = ["public_title", "public_description", "public_place"]
    with transaction.atomic():
        locked = Aspiration.objects.select_for_update().get(pk=aspiration.pk)
        if locked.verified_at is None:
            raise TransitionNotAllowed(_("Verify the report first; the public texts are set then."))
        masker = Masker(names=(locked.reporter_name,))
        before = snapshot(locked, fields)
        locked.public_title = masker.text(public_title)[:150]
        locked.public_description = masker.text(public_description)
        locked.public_place = masker.place(public_place.strip())[:300]
        locked.save(update_fields=[*fields, "updated_at"])
        audit_record(
            actor=actor,
            verb=AspirationVerb.PUBLIC_TEXTS_EDITED,
            obj=locked,
            before=before,
            after=snapshot(locked, fields),
        )
        transaction.on_commit(bump_public_cache)
    return locked


PHOTO_PREFIX = "aspirasi/r"


@in_default_language
def aspiration_progress_update(
    *, actor, aspiration: Aspiration, note: str, agency_id: int | None = None, photos=(), photo_alt: str = ""
) -> Event:
    """The agency tells the reporter how the work is going, before its final answer.

    The status does not change, so neither does the clock: only a final answer starts the ten working
    days before an answered report closes by itself. The update is in the public timeline (masked
    like every public text) and emailed to the reporter and the followers. ``photos`` (checked uploads,
    ``core.images.validate_image``) are stored as renditions only, without metadata, with ``photo_alt``.
    """

    note = (note or "").strip()
    if len(note) < 10:
        raise DomainError(_("Write what has been done so far (at least 10 characters)."))
    with transaction.atomic():
        locked = Aspiration.objects.select_for_update().get(pk=aspiration.pk)
        if locked.status != S.DIDISPOSISIKAN:
            raise TransitionNotAllowed(_("Progress can only be reported while the report is with the agency."))
        if agency_id is not None and locked.agency_id != agency_id:
            raise TransitionNotAllowed(_("This report is no longer with your agency."))
        event = Event.objects.create(aspiration=locked, status=locked.status, note=note, public=True)
        stored = []
        photo_alt = (photo_alt or "").strip()[:300]
        if photos and len(photo_alt) < 5:
            raise DomainError(_("Say in a few words what the photos show."))
        try:
            for upload in photos:
                renditions = images.build_renditions(PHOTO_PREFIX, event.pk, upload)
                stored.append(renditions)
                EventPhoto.objects.create(event=event, alt=photo_alt, renditions=renditions)
        except Exception:
            for renditions in stored:  # the transaction rolls back; files are not transactional
                images.delete_renditions(PHOTO_PREFIX, event.pk, renditions)
            raise
        audit_record(
            actor=actor, verb=AspirationVerb.PROGRESS_REPORTED, obj=locked,
            after={"note": note, "photos": len(stored)} if stored else {"note": note},
        )  # fmt: skip
        _notify(
            locked,
            _("News on your report %(code)s") % {"code": locked.code},
            _("The agency reports progress: %(note)s") % {"note": note},
        )
        transaction.on_commit(bump_public_cache)
    return event
