"""Writes for the newsroom. Every status change is a transition of ``WORKFLOW`` (``core.workflow``).

The workflow: ``draf`` → ``ditinjau`` (in review) → ``terbit`` (published, possibly scheduled) →
``diarsipkan``; a reviewer sends an item back to ``draf`` with notes. Publishing needs the
verification checklist ticked by the reviewer and, when the instance sets the two-person rule, a
publisher other than the author. Every save of the content keeps a revision.

An item is *listed* (in the lists, the feeds and the search index) while it is visible: published,
its publication time reached and not expired. ``items_sync_listing`` (run every few minutes and
after every transition) lists scheduled items when their time comes and unlists expired ones, and
bumps the public page cache when anything changed.
"""

from __future__ import annotations

import dataclasses
import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jembatan.core import tenancy
from jembatan.core.audit import audit_record, snapshot
from jembatan.core.cache import bump_public_cache
from jembatan.core.errors import DomainError, TransitionNotAllowed
from jembatan.core.workflow import Transition, Workflow
from jembatan.newsroom import images, indexing
from jembatan.newsroom.models import (
    Correction,
    CorrectionStatus,
    Item,
    ItemEvent,
    ItemImage,
    ItemKind,
    ItemStatus,
    JargonTerm,
    NewsroomSettings,
    Revision,
    Topic,
)
from jembatan.newsroom.readability import DEFAULT_JARGON
from jembatan.newsroom.rendering import markdown_to_html
from jembatan.newsroom.verbs import NewsroomVerb
from jembatan.notifications.api import send_email

S = ItemStatus
EDITABLE_STATUSES = frozenset({S.DRAF, S.DITINJAU})
CONTENT_FIELDS = ["title", "summary", "body", "sources", "image_alt"]
AUDITED = [
    "status", "kind", "title", "summary", "body", "sources", "image", "image_alt", "agency_id", "district_id",
    "village_id", "publish_at", "published_at", "expires_at", "event_starts_at", "event_ends_at", "event_place",
    "check_sources", "check_facts", "check_plain_language", "review_notes", "version",
]  # fmt: skip


def _regency_editor(user, item: Item) -> bool:
    from jembatan.accounts.permissions import regencies_for
    from jembatan.accounts.roles import Role

    return item.regency_id in regencies_for(user, Role.ADMIN, Role.EDITOR)


def _other_editor(user, item: Item) -> bool:
    """An editor of the regency who, under the two-person rule, did not write the item."""
    if not _regency_editor(user, item):
        return False
    return not (settings_for(item.regency_id).two_person_rule and item.author_id == getattr(user, "pk", None))


def _t(
    name: str, sources: set, target: str, stamp: str = "", effects: tuple = (), permission=_regency_editor
) -> Transition:
    return Transition(
        name, frozenset(sources), target, verb=NewsroomVerb(f"newsroom.{name}"), stamp=stamp, effects=effects,
        permission=permission,
    )  # fmt: skip


def _sync_listing(item: Item) -> None:
    items_sync_listing(items=[item.pk])


def _item_record(item: Item, transition: Transition, actor, note: str, public: bool) -> None:
    _event(item, transition.name, actor, note)


WORKFLOW = Workflow(
    model=Item,
    initial=S.DRAF,
    refused=gettext_lazy("This action is not possible while the item is “%(status)s”."),
    audited=AUDITED,
    record=_item_record,
    transitions=[
        _t("submit", {S.DRAF}, S.DITINJAU, "submitted_at"),
        _t("send_back", {S.DITINJAU}, S.DRAF),
        _t("publish", {S.DITINJAU}, S.TERBIT, effects=(_sync_listing,), permission=_other_editor),
        _t("archive", {S.TERBIT}, S.DIARSIPKAN, "archived_at", effects=(_sync_listing,)),
    ],
)
# action: (allowed sources, target)
TRANSITIONS = {name: (sources, target) for name, (sources, target, _stamp) in WORKFLOW.table().items()}
MIN_INFOGRAPHIC_ALT = 30
MAX_GALLERY_IMAGES = 10


@dataclass
class ItemData:
    kind: str
    title: str
    summary: str
    body: str = ""
    sources: str = ""
    topics: list = field(default_factory=list)
    agency: object = None
    district: object = None
    village: object = None
    image: object = None  # a checked upload (images.validate_news_image) to store, or None to keep the current one
    remove_image: bool = False
    image_alt: str = ""
    event_starts_at: datetime.datetime | None = None
    event_ends_at: datetime.datetime | None = None
    event_place: str = ""
    publish_at: datetime.datetime | None = None
    expires_at: datetime.datetime | None = None


# --- Settings, topics, jargon ---------------------------------------------------------------------


def settings_for(regency_code: str) -> NewsroomSettings:
    """The regency's editorial settings; created with the default jargon list the first time."""
    found = NewsroomSettings.objects.filter(regency_id=regency_code).first()
    if found is not None:
        return found
    with transaction.atomic():
        found, created = NewsroomSettings.objects.get_or_create(regency_id=regency_code)
        if created:
            JargonTerm.objects.bulk_create(
                [JargonTerm(regency_id=regency_code, term=term, plain=plain) for term, plain in DEFAULT_JARGON.items()],
                ignore_conflicts=True,
            )
    return found


def settings_update(*, actor, regency_code: str, two_person_rule: bool) -> NewsroomSettings:
    settings_for(regency_code)
    with transaction.atomic():
        locked = NewsroomSettings.objects.select_for_update().get(regency_id=regency_code)
        before = snapshot(locked, ["two_person_rule"])
        locked.two_person_rule = two_person_rule
        locked.save()
        audit_record(actor=actor, verb=NewsroomVerb.SETTINGS_UPDATED, obj=locked, before=before,
                     after=snapshot(locked, ["two_person_rule"]))  # fmt: skip
    return locked


def topic_create(*, actor, regency_code: str, name: str) -> Topic:
    name = " ".join((name or "").split())
    slug = slugify(name)[:70]
    if not name or not slug:
        raise DomainError(_("Write the topic's name."))
    with transaction.atomic():
        if Topic.objects.filter(regency_id=regency_code, slug=slug).exists():
            raise DomainError(_("This topic already exists."))
        topic = Topic.objects.create(regency_id=regency_code, name=name[:60], slug=slug)
        audit_record(actor=actor, verb=NewsroomVerb.TOPIC_CREATED, obj=topic, after={"name": topic.name})
    transaction.on_commit(bump_public_cache)
    return topic


def topic_delete(*, actor, topic: Topic) -> None:
    with transaction.atomic():
        audit_record(actor=actor, verb=NewsroomVerb.TOPIC_DELETED, obj=topic, before={"name": topic.name})
        topic.delete()
    transaction.on_commit(bump_public_cache)


def jargon_add(*, actor, regency_code: str, term: str, plain: str) -> JargonTerm:
    term = " ".join((term or "").split())
    plain = " ".join((plain or "").split())
    if not term or not plain:
        raise DomainError(_("Write the term and its plain alternative."))
    settings_for(regency_code)
    with transaction.atomic():
        entry, _created = JargonTerm.objects.update_or_create(
            regency_id=regency_code, term__iexact=term, defaults={"term": term[:60], "plain": plain[:200]}
        )
        audit_record(
            actor=actor, verb=NewsroomVerb.JARGON_SAVED, obj=entry, after={"term": entry.term, "plain": entry.plain}
        )
    return entry


def jargon_remove(*, actor, entry: JargonTerm) -> None:
    with transaction.atomic():
        audit_record(actor=actor, verb=NewsroomVerb.JARGON_REMOVED, obj=entry, before={"term": entry.term})
        entry.delete()


# --- Items ------------------------------------------------------------------------------------------


def _unique_slug(title: str) -> str:
    base = slugify(title)[:150].strip("-") or "berita"
    candidate, counter = base, 2
    while Item.objects.filter(slug=candidate).exists():
        candidate = f"{base}-{counter}"
        counter += 1
    return candidate


def _check(data: ItemData, regency_code: str, *, has_image: bool) -> None:
    if not data.title.strip() or not data.summary.strip():
        raise DomainError(_("Write a title and a summary."))
    if data.kind not in ItemKind.values:
        raise DomainError(_("Choose the type of content."))
    if data.district is not None and data.district.regency_id != regency_code:
        raise DomainError(_("The target kecamatan is not in this region."))
    if data.village is not None:
        if data.village.district.regency_id != regency_code:
            raise DomainError(_("The target kelurahan is not in this region."))
        if data.district is not None and data.village.district_id != data.district.pk:
            raise DomainError(_("The target kelurahan is not in the chosen kecamatan."))
    for topic in data.topics:
        if topic.regency_id != regency_code:
            raise DomainError(_("A chosen topic is not in this region."))
    if has_image and not data.image_alt.strip():
        raise DomainError(_("Describe the image in its text alternative, for readers who cannot see it."))
    if data.kind == ItemKind.INFOGRAFIS:
        if not has_image:
            raise DomainError(_("An infographic needs its image."))
        if len(data.image_alt.strip()) < MIN_INFOGRAPHIC_ALT:
            raise DomainError(
                _("Write out what the infographic says in its text alternative (at least %(n)s characters).")
                % {"n": MIN_INFOGRAPHIC_ALT}
            )
    if data.kind == ItemKind.AGENDA:
        if data.event_starts_at is None:
            raise DomainError(_("An agenda needs the date and time the event starts."))
        if data.event_ends_at is not None and data.event_ends_at < data.event_starts_at:
            raise DomainError(_("The event cannot end before it starts."))
    if data.expires_at is not None:
        start = data.publish_at or timezone.now()
        if data.expires_at <= start:
            raise DomainError(_("The expiry time must be after the publication time."))


def _apply(item: Item, data: ItemData) -> None:
    item.kind = data.kind
    item.title = data.title.strip()
    item.summary = data.summary.strip()
    item.body = data.body.strip()
    item.body_html = markdown_to_html(item.body)
    item.sources = "\n".join(line.strip() for line in data.sources.splitlines() if line.strip())
    item.agency = data.agency
    item.village = data.village
    item.district = data.village.district if data.village is not None else data.district
    item.image_alt = data.image_alt.strip()
    item.event_starts_at = data.event_starts_at if data.kind == ItemKind.AGENDA else None
    item.event_ends_at = data.event_ends_at if data.kind == ItemKind.AGENDA else None
    item.event_place = data.event_place.strip() if data.kind == ItemKind.AGENDA else ""
    item.publish_at = data.publish_at
    item.expires_at = data.expires_at


def _store_image(item: Item, data: ItemData) -> None:
    """Replace or remove the image; renditions of the old one are deleted after the commit."""
    old_name, old_renditions = (item.image.name if item.image else ""), dict(item.image_renditions or {})
    if data.image is None and not data.remove_image:
        return
    if data.image is not None:
        item.image.save(data.image.name, data.image, save=False)
        item.image_renditions = images.build_renditions(item.pk, item.image.file)
    else:
        item.image = ""
        item.image_renditions = {}
    if old_name:
        storage = item.image.storage

        def _cleanup() -> None:
            storage.delete(old_name)
            images.delete_renditions(item.pk, old_renditions)

        transaction.on_commit(_cleanup)


def _keep_revision(item: Item, actor) -> Revision:
    return Revision.objects.create(
        item=item, number=item.version, created_by=actor if getattr(actor, "is_authenticated", False) else None,
        **{name: getattr(item, name) for name in CONTENT_FIELDS},
    )  # fmt: skip


def _event(item: Item, action: str, actor, note: str = "") -> None:
    ItemEvent.objects.create(
        item=item, action=action, note=note, actor=actor if getattr(actor, "is_authenticated", False) else None
    )


def item_create(
    *, actor, regency_code: str, data: ItemData, kim=None, origin_name: str = "", origin_url: str = ""
) -> Item:
    """A new draft. ``kim`` credits community news to a KIM; ``origin_*`` attribute republished content."""
    _check(data, regency_code, has_image=data.image is not None)
    with transaction.atomic():
        item = Item(
            regency_id=regency_code,
            slug=_unique_slug(data.title),
            author=actor if getattr(actor, "is_authenticated", False) else None,
            kim=kim,
            origin_name=origin_name[:200],
            origin_url=origin_url[:500],
        )
        _apply(item, data)
        item.save()
        _store_image(item, data)
        item.save()
        item.topics.set(data.topics)
        _keep_revision(item, actor)
        _event(item, "create", actor)
        audit_record(actor=actor, verb=NewsroomVerb.ITEM_CREATED, obj=item, after=snapshot(item, AUDITED))
    return item


def item_update(*, actor, item: Item, data: ItemData, content_only: bool = False) -> Item:
    """Save new content. ``content_only`` (a KIM officer's community form) changes the texts and the image
    and keeps what the editors set: type, topics, agency, target area, schedule, expiry, agenda details."""
    with transaction.atomic():
        locked = Item.objects.select_for_update().get(pk=item.pk)
        if locked.status not in EDITABLE_STATUSES:
            raise TransitionNotAllowed(
                _("A published item is not edited any more: add a correction note, or archive it.")
            )
        if content_only:
            data = dataclasses.replace(
                data, kind=locked.kind, topics=list(locked.topics.all()), agency=locked.agency,
                district=locked.district, village=locked.village, event_starts_at=locked.event_starts_at,
                event_ends_at=locked.event_ends_at, event_place=locked.event_place, publish_at=locked.publish_at,
                expires_at=locked.expires_at,
            )  # fmt: skip
        has_image = data.image is not None or (bool(locked.image) and not data.remove_image)
        _check(data, locked.regency_id, has_image=has_image)
        before = snapshot(locked, AUDITED)
        previous = {name: getattr(locked, name) for name in CONTENT_FIELDS}
        _apply(locked, data)
        _store_image(locked, data)
        changed = any(getattr(locked, name) != value for name, value in previous.items())
        if changed:
            locked.version += 1
        locked.save()
        locked.topics.set(data.topics)
        if changed:
            _keep_revision(locked, actor)
        _event(locked, "edit", actor)
        audit_record(
            actor=actor, verb=NewsroomVerb.ITEM_UPDATED, obj=locked, before=before, after=snapshot(locked, AUDITED)
        )
    return locked


def item_image_add(*, actor, item: Item, upload, alt: str, caption: str = "") -> ItemImage:
    """Add a further photo (already checked by ``images.validate_news_image``) while the item is editable."""
    alt, caption = " ".join((alt or "").split()), " ".join((caption or "").split())
    if caption == alt:
        caption = ""  # the same words twice would be read out twice
    if not alt:
        raise DomainError(_("Describe the photo in its text alternative, for readers who cannot see it."))
    with transaction.atomic():
        locked = Item.objects.select_for_update().get(pk=item.pk)
        if locked.status not in EDITABLE_STATUSES:
            raise TransitionNotAllowed(_("Photos are added while the item is a draft or in review."))
        count = locked.gallery.count()
        if count >= MAX_GALLERY_IMAGES:
            raise DomainError(_("An item has at most %(n)s further photos.") % {"n": MAX_GALLERY_IMAGES})
        photo = ItemImage(item=locked, alt=alt[:1000], caption=caption[:300], position=count)
        photo.image.save(upload.name, upload, save=False)
        photo.renditions = images.build_renditions(locked.pk, photo.image.file)
        photo.save()
        _event(locked, "photo_added", actor, alt[:200])
        audit_record(
            actor=actor, verb=NewsroomVerb.PHOTO_ADDED, obj=locked, after={"photo": photo.image.name, "alt": alt}
        )
    return photo


def item_image_remove(*, actor, photo: ItemImage) -> None:
    with transaction.atomic():
        locked = Item.objects.select_for_update().get(pk=photo.item_id)
        if locked.status not in EDITABLE_STATUSES:
            raise TransitionNotAllowed(_("Photos are removed while the item is a draft or in review."))
        name, renditions, storage = photo.image.name, dict(photo.renditions or {}), photo.image.storage
        audit_record(actor=actor, verb=NewsroomVerb.PHOTO_REMOVED, obj=locked, before={"photo": name, "alt": photo.alt})
        _event(locked, "photo_removed", actor, photo.alt[:200])
        photo.delete()

        def _cleanup() -> None:
            storage.delete(name)
            images.delete_renditions(locked.pk, renditions)

        transaction.on_commit(_cleanup)


def _transition(*, item: Item, action: str, actor, note: str = "", changes: dict | None = None, guard=None) -> Item:
    return WORKFLOW.perform(action, item, actor=actor, note=note, changes=changes, guard=guard)


def _notify_author(item: Item, actor, compose) -> None:
    """Email the author after the commit (not when they acted themselves). ``compose()`` returns
    (subject, body, site path); it runs in the instance's language, whoever is acting."""
    author = item.author
    if author is None or not author.email or author.pk == getattr(actor, "pk", None):
        return
    with translation.override(settings.LANGUAGE_CODE):
        subject, body, link = compose()
        send_email(
            "newsroom.author_update", to=author.email,
            values={"subject": subject, "message": body, "link": tenancy.base_url() + link},
        )  # fmt: skip


def _editor_link(item: Item) -> str:
    if item.kim_id is not None:
        return reverse("newsroom:community_list")
    return reverse("newsroom:item", kwargs={"pk": item.pk})


def item_submit(*, actor, item: Item) -> Item:
    """Send a draft for review. Community news from a KIM is announced to the regency's editors by email."""
    with transaction.atomic():
        submitted = _transition(item=item, action="submit", actor=actor)
        if submitted.kim_id is not None:
            _notify_editors(submitted)
    return submitted


def _notify_editors(item: Item) -> None:
    from jembatan.accounts.models import User
    from jembatan.accounts.roles import Role

    recipients = sorted(
        set(
            User.objects.filter(
                role_assignments__role__in=[Role.EDITOR, Role.ADMIN],
                role_assignments__regency_id=item.regency_id,
                is_active=True,
            ).values_list("email", flat=True)
        )
    )
    if not recipients:
        return
    link = tenancy.base_url() + reverse("newsroom:item", kwargs={"pk": item.pk})
    values = {"kim": item.kim.name, "title": item.title, "link": link}
    with translation.override(settings.LANGUAGE_CODE):
        for email in recipients:
            send_email("newsroom.review_request", to=email, values=values)


def item_send_back(*, actor, item: Item, notes: str) -> Item:
    notes = (notes or "").strip()
    if not notes:
        raise DomainError(_("Write what the author must change."))
    with transaction.atomic():
        item = _transition(item=item, action="send_back", actor=actor, note=notes, changes={"review_notes": notes})
        _notify_author(
            item, actor,
            lambda: (
                _("Sent back for changes: %(title)s") % {"title": item.title},
                _("The reviewer sent your item back with these notes:\n\n%(notes)s") % {"notes": notes},
                reverse("newsroom:community_edit" if item.kim_id else "newsroom:edit", kwargs={"pk": item.pk}),
            ),
        )  # fmt: skip
    return item


def item_publish(
    *, actor, item: Item, check_sources: bool, check_facts: bool, check_plain_language: bool,
    publish_at: datetime.datetime | None = None,
) -> Item:  # fmt: skip
    """Publish now, or at ``publish_at``; the reviewer ticks the verification checklist."""
    if not (check_sources and check_facts and check_plain_language):
        raise DomainError(_("Tick every point of the verification checklist before publishing."))
    now = timezone.now()

    def publishable(locked: Item, related: dict) -> None:
        """Checked on the locked row: an author editing the sources waits for this, or this for them."""
        if not locked.source_lines:
            raise DomainError(_("Name at least one source before publishing."))
        rules = settings_for(locked.regency_id)
        if rules.two_person_rule and locked.author_id is not None and locked.author_id == getattr(actor, "pk", None):
            raise DomainError(_("Another editor must publish this item: the author cannot publish their own work."))
        when = publish_at or locked.publish_at
        published_at = when if when is not None and when > now else now
        if locked.expires_at is not None and locked.expires_at <= published_at:
            raise DomainError(_("The expiry time must be after the publication time."))
        return {"publish_at": when, "published_at": published_at}

    signed_in = actor if getattr(actor, "is_authenticated", False) else None
    with transaction.atomic():
        published = _transition(
            item=item, action="publish", actor=actor, guard=publishable,
            changes={
                "check_sources": True, "check_facts": True, "check_plain_language": True,
                "checked_by": signed_in, "publisher": signed_in, "review_notes": "",
            },
        )  # fmt: skip
        published_at = published.published_at

        def compose():
            subject = _("Published: %(title)s") % {"title": published.title}
            if published_at <= now:
                return subject, _("Your item is published."), published.get_absolute_url()
            when = timezone.localtime(published_at).strftime("%d-%m-%Y %H:%M")
            return subject, _("Your item is scheduled for %(when)s WIB.") % {"when": when}, _editor_link(published)

        _notify_author(published, actor, compose)
    return published


def item_archive(*, actor, item: Item, reason: str = "") -> Item:
    return _transition(item=item, action="archive", actor=actor, note=(reason or "").strip())


def item_discard(*, actor, item: Item) -> None:
    """Delete a draft that never reached the public; the audit log keeps what it said."""
    with transaction.atomic():
        locked = Item.objects.select_for_update().get(pk=item.pk)
        if locked.status != S.DRAF or locked.published_at is not None:
            raise TransitionNotAllowed(_("Only a draft that was never published can be deleted."))
        audit_record(actor=actor, verb=NewsroomVerb.DISCARDED, obj=locked, before=snapshot(locked, AUDITED))
        if locked.origin_name:
            from jembatan.syndication.services import entries_release_item  # it depends on the newsroom

            entries_release_item(actor=actor, item=locked)
        images_to_delete = [(locked.image.name, locked.image_renditions)] if locked.image else []
        images_to_delete += [(photo.image.name, photo.renditions) for photo in locked.gallery.all()]
        storage, pk = locked.image.storage, locked.pk
        locked.delete()

        def _cleanup() -> None:
            for name, renditions in images_to_delete:
                storage.delete(name)
                images.delete_renditions(pk, renditions or {})

        transaction.on_commit(_cleanup)


def item_add_correction(*, actor, item: Item, text: str) -> Correction:
    text = (text or "").strip()
    if not text:
        raise DomainError(_("Write the correction."))
    with transaction.atomic():
        locked = Item.objects.select_for_update().get(pk=item.pk)
        if locked.status != S.TERBIT:
            raise TransitionNotAllowed(_("Only a published item can carry a correction note."))
        correction = Correction.objects.create(
            item=locked, text=text[:2000], created_by=actor if getattr(actor, "is_authenticated", False) else None,
            published_at=timezone.now(),
        )  # fmt: skip
        _event(locked, "correct", actor, text)
        audit_record(actor=actor, verb=NewsroomVerb.CORRECTED, obj=locked, after={"correction": text})
        transaction.on_commit(bump_public_cache)
        transaction.on_commit(lambda: items_sync_listing(items=[locked.pk], force=True))
    return correction


CORRECTABLE_FIELDS = ["title", "summary", "body", "sources"]


@dataclass
class CorrectionData:
    note: str
    title: str
    summary: str
    body: str
    sources: str


def _correction_record(correction: Correction, transition: Transition, actor, note: str, public: bool) -> None:
    _event(correction.item, {"publish": "correct", "decline": "correction_declined"}[transition.name], actor, note)


# A proposed correction of a published item's text: another editor publishes or declines it.
CORRECTION_WORKFLOW = Workflow(
    model=Correction,
    initial=CorrectionStatus.PROPOSED,
    refused=gettext_lazy("This correction is no longer waiting for review."),
    audited=["status", "text", *CORRECTABLE_FIELDS, "declined_reason"],
    record=_correction_record,
    transitions=[
        Transition(
            "publish", frozenset({CorrectionStatus.PROPOSED}), CorrectionStatus.PUBLISHED,
            verb=NewsroomVerb.CORRECTED, stamp="published_at", permission=lambda user, c: _other_editor(user, c.item)
            and not (settings_for(c.item.regency_id).two_person_rule and c.created_by_id == getattr(user, "pk", None)),
        ),
        Transition(
            "decline", frozenset({CorrectionStatus.PROPOSED}), CorrectionStatus.DECLINED,
            verb=NewsroomVerb.CORRECTION_DECLINED, permission=lambda user, c: _regency_editor(user, c.item),
        ),
    ],
)  # fmt: skip


def item_propose_correction(*, actor, item: Item, data: CorrectionData) -> Correction:
    """Propose a correction of a published item's text, with the note readers will see; another editor
    reviews it (``item_publish_correction``). The published text stays as it is until then."""
    note = (data.note or "").strip()
    if not note:
        raise DomainError(_("Write the correction note readers will see: what was wrong and what is right."))
    values = {name: (getattr(data, name) or "").strip() for name in CORRECTABLE_FIELDS}
    values["sources"] = "\n".join(line.strip() for line in values["sources"].splitlines() if line.strip())
    if not values["title"] or not values["summary"]:
        raise DomainError(_("The title and the summary cannot be empty."))
    try:
        with transaction.atomic():
            locked = Item.objects.select_for_update().get(pk=item.pk)
            if locked.status != S.TERBIT:
                raise TransitionNotAllowed(_("Only a published item can be corrected."))
            if all(getattr(locked, name) == value for name, value in values.items()):
                raise DomainError(
                    _("The text is the same as the published one: change what is wrong, or add a note only.")
                )
            if not values["sources"]:  # a published item always names its sources
                raise DomainError(_("Name at least one source before publishing."))
            correction = Correction(
                item=locked, text=note[:2000], created_by=actor if getattr(actor, "is_authenticated", False) else None,
                **values,
            )  # fmt: skip
            CORRECTION_WORKFLOW.set_initial(correction)
            correction.save()
            _event(locked, "correction_proposed", actor, note)
            audit_record(actor=actor, verb=NewsroomVerb.CORRECTION_PROPOSED, obj=locked, after={"note": note, **values})
    except IntegrityError as exc:  # the constraint: one proposal at a time
        raise DomainError(_("A correction of this item is already waiting for review.")) from exc
    return correction


def item_publish_correction(*, actor, correction: Correction) -> Correction:
    """Publish a proposed correction: the item's text changes, a revision is kept and the dated note links
    to the comparison. Under the two-person rule, the proposer cannot publish their own correction."""
    with transaction.atomic():
        locked = Item.objects.select_for_update().get(pk=correction.item_id)

        def publishable(proposal: Correction, related: dict) -> dict:
            """On the locked rows: the item is still published, and the reviewer is not the proposer."""
            if locked.status != S.TERBIT:
                raise TransitionNotAllowed(_("This correction is no longer waiting for review."))
            rules = settings_for(locked.regency_id)
            if rules.two_person_rule and proposal.created_by_id == getattr(actor, "pk", None):
                raise DomainError(_("You proposed this correction: another editor must publish it (two-person rule)."))
            return {"reviewed_by": actor if getattr(actor, "is_authenticated", False) else None}

        proposal = CORRECTION_WORKFLOW.perform("publish", correction, actor=actor, guard=publishable)
        before = snapshot(locked, AUDITED)
        for name in CORRECTABLE_FIELDS:
            setattr(locked, name, getattr(proposal, name))
        locked.body_html = markdown_to_html(locked.body)  # what the public page shows
        locked.version += 1
        locked.save()
        proposal.revision = _keep_revision(locked, proposal.created_by)
        proposal.save(update_fields=["revision"])
        audit_record(
            actor=actor, verb=NewsroomVerb.ITEM_UPDATED, obj=locked, before=before, after=snapshot(locked, AUDITED)
        )
        transaction.on_commit(bump_public_cache)
        transaction.on_commit(lambda: items_sync_listing(items=[locked.pk], force=True))
    return proposal


def item_decline_correction(*, actor, correction: Correction, reason: str) -> Correction:
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("Write why the correction is declined; its author will read it."))
    return CORRECTION_WORKFLOW.perform(
        "decline", correction, actor=actor, note=reason, changes={
            "declined_reason": reason[:2000],
            "reviewed_by": actor if getattr(actor, "is_authenticated", False) else None,
        },
    )  # fmt: skip


# --- Listing: scheduled publication and expiry --------------------------------------------------------


def items_sync_listing(
    *, items: list[int] | None = None, now: datetime.datetime | None = None, force: bool = False
) -> int:
    """Bring the search index (and the public cache) in step with what is visible now.

    Without ``items``, looks at every item whose visibility may have changed: published and not yet
    listed, or listed but no longer visible. Returns how many items changed.
    """
    now = now or timezone.now()
    # Conditions on the row itself, never the ids of every visible item: the job runs every few minutes
    # over a table that may hold a million items.
    queryset = Item.objects.all() if items is None else Item.objects.filter(pk__in=items)
    to_list = queryset.visible(now) if (force and items is not None) else queryset.visible(now).filter(listed=False)
    to_unlist = queryset.not_visible(now).filter(listed=True)
    listed = list(to_list.select_related("district", "village")[:1000])
    unlisted = list(to_unlist[:1000])
    for item in listed:
        indexing.index_item(item)
    for item in unlisted:
        indexing.unindex_item(item)
    Item.objects.filter(pk__in=[item.pk for item in listed]).update(listed=True)
    Item.objects.filter(pk__in=[item.pk for item in unlisted]).update(listed=False)
    if listed or unlisted:
        bump_public_cache()
    return len(listed) + len(unlisted)
