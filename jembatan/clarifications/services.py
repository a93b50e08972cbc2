"""Writes for the clarification library: an editor drafts, submits for review, and another editor publishes
(the two-person rule: a clarification is never published by the one who wrote it) or sends it back."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from jembatan.clarifications import matching
from jembatan.clarifications.models import CheckRequest, Claim, ClaimStatus
from jembatan.clarifications.verbs import ClarificationVerb
from jembatan.core import tenancy
from jembatan.core.audit import audit_record, snapshot
from jembatan.core.background import enqueue_with_transaction
from jembatan.core.cache import bump_public_cache
from jembatan.core.errors import DomainError
from jembatan.core.slugs import free_slug
from jembatan.core.workflow import Transition, Workflow

MAX_MESSAGE = 5000  # characters: a forwarded message, not a document
AUDITED = ["title", "status", "verdict_id", "first_seen", "seen_where", "agency_id", "published_at"]
S = ClaimStatus


@dataclass
class ClaimData:
    title: str
    circulated_text: str
    seen_where: str
    first_seen: datetime.date
    verdict: object
    explanation: str
    sources: list = field(default_factory=list)
    agency: object = None


def _check(data: ClaimData) -> None:
    problems = []
    for value, label in ((data.title, _("the title")), (data.circulated_text, _("the message as it circulated")),
                         (data.explanation, _("the explanation")), (data.seen_where, _("where it was seen"))):  # fmt: skip
        if not value.strip():
            problems.append(_("Fill in %(field)s.") % {"field": label})
    if data.first_seen > timezone.localdate():
        problems.append(_("The date cannot be in the future."))
    if not data.sources:
        problems.append(_("Give at least one source, with its archived copy when there is one."))
    for source in data.sources:
        if not str(source.get("url", "")).startswith(("https://", "http://")):
            problems.append(_("Each source needs its web address."))
            break
    if problems:
        raise DomainError(" ".join(problems), code="invalid_claim")


def claim_save(*, actor, regency_code: str, data: ClaimData, claim: Claim | None = None, image=None,
               image_alt: str = "") -> Claim:  # fmt: skip
    """Create or change a clarification; ``image`` (an upload) is the picture that circulated with it,
    checked and re-encoded like every upload, and never kept without ``image_alt``."""
    _check(data)
    checked = None
    if image is not None:
        from django.core.exceptions import ValidationError

        from jembatan.core.images import validate_image

        try:
            checked = validate_image(image)
        except ValidationError as exc:
            raise DomainError(" ".join(exc.messages), code="image") from exc
    has_image = checked is not None or (claim is not None and claim.image)
    if has_image and not image_alt.strip():
        raise DomainError(_("Describe the image in words (its text alternative) for those who cannot see it."),
                          code="image_alt")  # fmt: skip
    with transaction.atomic():
        before = snapshot(claim, AUDITED) if claim is not None else None
        if claim is None:
            claim = Claim(regency_id=regency_code, written_by=actor, slug=_free_slug(regency_code, data.title))
        elif claim.status == S.PUBLISHED:
            claim = Claim.objects.select_for_update().get(pk=claim.pk)
        for name, value in data.__dict__.items():
            setattr(claim, name, value.strip() if isinstance(value, str) else value)
        claim.signature = matching.signature(claim.circulated_text)
        claim.image_alt = image_alt.strip()[:500] if has_image else ""
        if checked is not None:
            checked.seek(0)
            content = checked.read()
            checked.seek(0)
            claim.image.save(checked.name, checked, save=False)
            claim.image_hash = matching.image_hash(content)
        claim.save()
        audit_record(actor=actor, verb=ClarificationVerb.SAVED, obj=claim, before=before,
                     after=snapshot(claim, AUDITED))  # fmt: skip
        if claim.status == S.PUBLISHED:
            transaction.on_commit(bump_public_cache)
            transaction.on_commit(matching.bump_generation)
    return claim


def _second_person(actor):
    def guard(locked: Claim, _rows) -> dict:
        if locked.written_by_id is not None and locked.written_by_id == getattr(actor, "pk", None):
            raise DomainError(_("Another editor publishes it: a clarification is checked by a second person."),
                              code="two_person")  # fmt: skip
        return {"reviewed_by": actor, "published_at": locked.published_at or timezone.now()}

    return guard


def _published_effects(claim: Claim) -> None:
    matching.bump_generation()


WORKFLOW = Workflow(
    model=Claim,
    transitions=[
        Transition("submit", frozenset({S.DRAFT}), S.REVIEW, verb=ClarificationVerb.SUBMITTED),
        Transition(
            "publish",
            frozenset({S.REVIEW}),
            S.PUBLISHED,
            verb=ClarificationVerb.PUBLISHED,
            effects=(_published_effects,),
        ),
        Transition("return", frozenset({S.REVIEW}), S.DRAFT, verb=ClarificationVerb.RETURNED),
    ],  # fmt: skip
    refused=_lazy("This clarification is “%(status)s”: that step is not possible now."),
    audited=AUDITED,
    initial=S.DRAFT,
    on_commit=(lambda claim: bump_public_cache(),),
)


def claim_submit(*, actor, claim: Claim) -> Claim:
    return WORKFLOW.perform("submit", claim, actor=actor)


def claim_publish(*, actor, claim: Claim) -> Claim:
    """Publish (a second editor); those waiting for a clarification of a message it answers are told in the
    background, by a task that exists exactly when the publication does."""
    from jembatan.clarifications.tasks import tell_those_waiting_task

    with transaction.atomic():
        published = WORKFLOW.perform("publish", claim, actor=actor, guard=_second_person(actor))
        enqueue_with_transaction(tell_those_waiting_task, claim_id=published.pk)
    return published


def claim_return(*, actor, claim: Claim) -> Claim:
    return WORKFLOW.perform("return", claim, actor=actor)


def _free_slug(regency_code: str, title: str) -> str:
    return free_slug(Claim, regency_code=regency_code, title=title, fallback="klarifikasi")


def whatsapp_text(claim: Claim, url: str) -> str:
    """The text people forward in their WhatsApp groups: the verdict first, short, with the link."""
    explanation = (
        claim.explanation if len(claim.explanation) <= 400 else claim.explanation[:397].rsplit(" ", 1)[0] + "…"
    )
    return f"[{claim.verdict.label}] {claim.title}\n\n{explanation}\n\n{_('Read more')}: {url}"


WAITING_CHECKED_PER_PUBLICATION = 5000


def tell_those_waiting(claim_id: int) -> int:
    """A clarification is published: everyone who asked about a message it answers, and agreed to be told,
    hears of it. Each person is marked answered and their message written to the outbox in one transaction,
    so a task run again tells nobody twice."""
    from jembatan.notifications.api import TemplateError, send

    claim = Claim.objects.select_related("verdict").filter(pk=claim_id, status=S.PUBLISHED).first()
    if claim is None:
        return 0
    index = matching.Index([(claim.pk, claim.circulated_text)])
    waiting = (
        CheckRequest.objects.filter(regency_id=claim.regency_id, answered_at__isnull=True)
        .exclude(contact_address="")
        .order_by("-created_at")[:WAITING_CHECKED_PER_PUBLICATION]
    )
    told = 0
    for request in waiting:
        found = index.match(request.text, limit=1)
        if not found or found[0].score < settings.FACTCHECK_SUGGEST_THRESHOLD:
            continue
        url = tenancy.absolute(claim.get_absolute_url(), claim.regency_id)
        try:
            with transaction.atomic():
                if not CheckRequest.objects.filter(pk=request.pk, answered_at__isnull=True).update(
                    answered_by=claim, answered_at=timezone.now()
                ):
                    continue  # told already (a task run twice)
                send("clarifications.published", channel=request.contact_channel, to=request.contact_address,
                     values={"verdict": claim.verdict.label, "title": claim.title, "link": url})  # fmt: skip
        except TemplateError:
            continue
        told += 1
    return told


@dataclass(frozen=True)
class CheckResult:
    decision: str  # answer, check, unknown
    matches: list  # [(claim, score)], best first
    request: CheckRequest | None


def check_message(*, text: str, regency_code: str, source: str, contact_channel: str = "", contact_address: str = "",
                  consent: bool = False, image=None, kim_id: int | None = None) -> CheckResult:  # fmt: skip
    """Match a message against the published library; one the library cannot answer at once is queued for
    an officer (with the contact to tell only when the person agreed). One a KIM officer sends on behalf of
    their KIM (``kim_id``) is recorded whatever the answer, for the KIM's scorecard."""
    text = (text or "").strip()
    picture = None
    if image is not None:
        from django.core.exceptions import ValidationError

        from jembatan.core.images import validate_image

        try:
            checked = validate_image(image)
        except ValidationError as exc:
            raise DomainError(" ".join(exc.messages), code="image") from exc
        checked.seek(0)
        picture = checked.read()
    if not text and picture is None:
        raise DomainError(_("Paste the message you want to check."), code="empty")
    if len(text) > MAX_MESSAGE:
        raise DomainError(_("The message is too long to check (at most %(n)s characters). Paste the part that "
                            "matters.") % {"n": MAX_MESSAGE}, code="too_long")  # fmt: skip
    found = matching.match(text, regency_code=regency_code, image=picture)
    claims = {c.pk: c for c in Claim.objects.filter(pk__in=[m.claim_id for m in found]).select_related("verdict")}
    matches = [(claims[m.claim_id], m.score) for m in found if m.claim_id in claims]
    best = matches[0][1] if matches else 0.0
    decision = matching.decision(best)
    request = None
    if decision != "answer" or kim_id is not None:
        answered = decision == "answer"
        request = CheckRequest.objects.create(
            regency_id=regency_code, text=text or _("(an image)"), source=source, best_claim=matches[0][0] if matches else None,
            best_score=best, contact_channel=contact_channel if consent and not answered else "",
            contact_address=contact_address if consent and not answered else "", kim_id=kim_id,
            answered_by=matches[0][0] if answered else None, answered_at=timezone.now() if answered else None,
        )  # fmt: skip
    return CheckResult(decision, [m for m in matches if m[1] >= settings.FACTCHECK_SUGGEST_THRESHOLD], request)
