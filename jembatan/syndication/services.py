"""Writes for syndication: subscribing to feeds, fetching them, and acting on their entries.

A fetch downloads outside any transaction (network time never holds a lock), then imports in one
transaction: either every new entry of that fetch is stored and the feed marked ok, or nothing is
stored and the feed records the error. ``feeds_fetch_all`` gives each feed its own try block, so a
broken feed never stops the others.
"""

from __future__ import annotations

import datetime
import logging
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jembatan.core.audit import audit_record, snapshot
from jembatan.core.errors import DomainError, TransitionNotAllowed
from jembatan.core.workflow import Transition, Workflow
from jembatan.syndication import dedupe
from jembatan.syndication.fetch import FetchError, fetch_url
from jembatan.syndication.markdown import html_to_markdown
from jembatan.syndication.models import EntryBand, EntryStatus, Feed, FeedEntry, FeedStatus
from jembatan.syndication.parse import ParsedEntry, ParseError, parse_feed, web_url
from jembatan.syndication.verbs import SyndicationVerb

logger = logging.getLogger(__name__)

FEED_FIELDS = ["title", "url", "is_active"]
ENTRY_FIELDS = ["status", "republished_item_id"]


# --- Subscriptions ------------------------------------------------------------------------------


def _clean_feed_values(title: str, url: str) -> tuple[str, str]:
    title = " ".join((title or "").split())
    url = (url or "").strip()
    if not title:
        raise DomainError(_("Give the source a name."))
    if not web_url(url):
        raise DomainError(_("The feed address must start with http:// or https://."))
    return title[:200], url


@transaction.atomic
def feed_create(*, actor, regency_code: str, title: str, url: str, is_active: bool = True) -> Feed:
    title, url = _clean_feed_values(title, url)
    if Feed.objects.filter(regency_id=regency_code, url=url).exists():
        raise DomainError(_("This feed address is already subscribed."))
    feed = Feed.objects.create(regency_id=regency_code, title=title, url=url, is_active=is_active, added_by=actor)
    audit_record(actor=actor, verb=SyndicationVerb.FEED_CREATED, obj=feed, after=snapshot(feed, FEED_FIELDS))
    return feed


@transaction.atomic
def feed_update(*, actor, feed: Feed, title: str, url: str, is_active: bool) -> Feed:
    title, url = _clean_feed_values(title, url)
    feed = Feed.objects.select_for_update().get(pk=feed.pk)
    if Feed.objects.filter(regency_id=feed.regency_id, url=url).exclude(pk=feed.pk).exists():
        raise DomainError(_("This feed address is already subscribed."))
    before = snapshot(feed, FEED_FIELDS)
    if url != feed.url:
        feed.etag = feed.last_modified = ""  # a new address starts without cached validators
    feed.title, feed.url, feed.is_active = title, url, is_active
    feed.save()
    verb = SyndicationVerb.FEED_DEACTIVATED if before["is_active"] and not is_active else SyndicationVerb.FEED_UPDATED
    audit_record(actor=actor, verb=verb, obj=feed, before=before, after=snapshot(feed, FEED_FIELDS))
    return feed


@transaction.atomic
def feed_deactivate(*, actor, feed: Feed) -> Feed:
    feed = Feed.objects.select_for_update().get(pk=feed.pk)
    if not feed.is_active:
        raise TransitionNotAllowed(_("This feed is already inactive."))
    before = snapshot(feed, FEED_FIELDS)
    feed.is_active = False
    feed.save(update_fields=["is_active"])
    audit_record(
        actor=actor, verb=SyndicationVerb.FEED_DEACTIVATED, obj=feed, before=before, after=snapshot(feed, FEED_FIELDS)
    )
    return feed


def feed_request_fetch(*, actor, feed: Feed) -> None:
    """ "Fetch now": the fetch runs as a background task after the current transaction commits."""
    from jembatan.syndication.tasks import fetch_feed_task

    if not feed.is_active:
        raise DomainError(_("This feed is inactive; activate it before fetching."))
    transaction.on_commit(lambda: fetch_feed_task.enqueue(feed_id=feed.pk))


# --- Fetching -----------------------------------------------------------------------------------


@dataclass
class FetchOutcome:
    feed_id: int
    ok: bool
    created: int = 0
    duplicates: int = 0
    not_modified: bool = False
    error: str = ""


def feed_fetch(*, feed_id: int) -> FetchOutcome:
    """Fetch one feed and import its new entries; any failure is recorded on the feed, never raised."""
    with translation.override(settings.LANGUAGE_CODE):
        feed = Feed.objects.get(pk=feed_id)
        try:
            result = fetch_url(feed.url, etag=feed.etag, last_modified=feed.last_modified)
            if result.not_modified:
                return _record_success(
                    feed_id, created=0, duplicates=0, etag=result.etag, modified=result.last_modified, not_modified=True
                )
            parsed = parse_feed(result.body, result.content_type)
            return _import(feed_id, parsed.entries, etag=result.etag, modified=result.last_modified)
        except (FetchError, ParseError) as exc:
            return _record_error(feed_id, exc.message)
        except Exception as exc:  # noqa: BLE001 - one broken feed must never stop the others
            logger.exception("Unexpected error while fetching feed %s", feed_id)
            message = _("An unexpected error stopped this fetch (%(kind)s). Nothing was imported.") % {
                "kind": type(exc).__name__
            }
            return _record_error(feed_id, message)


def feeds_fetch_all() -> list[FetchOutcome]:
    """Fetch every active feed, each on its own: a failure is recorded on its feed and the loop goes on."""
    outcomes = []
    for feed_id in Feed.objects.filter(is_active=True).order_by("pk").values_list("pk", flat=True):
        try:
            outcomes.append(feed_fetch(feed_id=feed_id))
        except Exception:  # noqa: BLE001 - e.g. the feed was deleted meanwhile, or the error could not be saved
            logger.exception("Feed %s could not be fetched or its error recorded", feed_id)
            outcomes.append(FetchOutcome(feed_id=feed_id, ok=False, error="unexpected"))
    return outcomes


@transaction.atomic
def _record_success(
    feed_id: int, *, created: int, duplicates: int, etag: str, modified: str, not_modified: bool = False
) -> FetchOutcome:
    feed = Feed.objects.select_for_update().get(pk=feed_id)
    now = timezone.now()
    feed.last_fetched_at = feed.last_success_at = now
    feed.last_status = FeedStatus.OK
    feed.last_error = ""
    feed.consecutive_failures = 0
    if not not_modified:
        feed.etag, feed.last_modified = etag, modified
    elif etag or modified:  # a 304 may repeat or refresh the validators
        feed.etag, feed.last_modified = etag or feed.etag, modified or feed.last_modified
    feed.entry_count = feed.entries.count()
    feed.save()
    return FetchOutcome(feed_id=feed_id, ok=True, created=created, duplicates=duplicates, not_modified=not_modified)


@transaction.atomic
def _record_error(feed_id: int, message: str) -> FetchOutcome:
    feed = Feed.objects.select_for_update().get(pk=feed_id)
    feed.last_fetched_at = timezone.now()
    feed.last_status = FeedStatus.ERROR
    feed.last_error = message
    feed.consecutive_failures += 1
    feed.save(update_fields=["last_fetched_at", "last_status", "last_error", "consecutive_failures"])
    return FetchOutcome(feed_id=feed_id, ok=False, error=message)


def _import(feed_id: int, entries: list[ParsedEntry], *, etag: str, modified: str) -> FetchOutcome:
    """Store the new entries of one fetch and mark the feed ok, all in one transaction."""
    with transaction.atomic():
        feed = Feed.objects.select_for_update().get(pk=feed_id)
        now = timezone.now()
        guids = [entry.guid for entry in entries]
        known = set(FeedEntry.objects.filter(feed=feed, guid__in=guids).values_list("guid", flat=True))
        created = duplicates = 0
        for parsed in entries:
            if parsed.guid in known:
                continue
            known.add(parsed.guid)
            entry = _store_entry(feed, parsed, now)
            created += 1
            duplicates += entry.duplicate_of_id is not None
        return _record_success(feed.pk, created=created, duplicates=duplicates, etag=etag, modified=modified)


def _store_entry(feed: Feed, parsed: ParsedEntry, now: datetime.datetime) -> FeedEntry:
    words = dedupe.tokens(dedupe.comparable_text(parsed.title, parsed.summary))
    signature = dedupe.signature(words)
    keys = dedupe.band_keys(signature)
    entry = FeedEntry.objects.create(
        feed=feed,
        guid=parsed.guid,
        url=parsed.url,
        title=parsed.title,
        summary=parsed.summary,
        content_html=parsed.content_html,
        author=parsed.author,
        published_at=parsed.published_at,
        fetched_at=now,
        content_fingerprint=dedupe.fingerprint(signature),
    )
    original = _find_original(entry, words, keys, now)
    if original is not None:
        entry.duplicate_of = original
        entry.save(update_fields=["duplicate_of"])
    EntryBand.objects.bulk_create([EntryBand(entry=entry, key=key) for key in keys])
    return entry


def _find_original(entry: FeedEntry, words: frozenset[str], keys: list[str], now) -> FeedEntry | None:
    """The earlier entry this one repeats: the same link, or near-identical text in the recent window."""
    if entry.url:
        same_link = (
            FeedEntry.objects.filter(url=entry.url, feed__regency_id=entry.feed.regency_id)
            .exclude(pk=entry.pk)
            .order_by("pk")
            .first()
        )
        if same_link is not None:
            return _root(same_link)
    if not keys:
        return None
    since = now - datetime.timedelta(days=settings.SYNDICATION_DUPLICATE_WINDOW_DAYS)
    candidate_ids = list(
        EntryBand.objects.filter(
            key__in=keys, entry__fetched_at__gte=since, entry__feed__regency_id=entry.feed.regency_id
        )
        .exclude(entry_id=entry.pk)
        .values_list("entry_id", flat=True)
        .distinct()
        .order_by("entry_id")[: dedupe.CANDIDATE_LIMIT]
    )
    for candidate in FeedEntry.objects.filter(pk__in=candidate_ids).order_by("pk"):
        other = dedupe.tokens(dedupe.comparable_text(candidate.title, candidate.summary))
        if dedupe.jaccard(words, other) >= dedupe.THRESHOLD:
            return _root(candidate)
    return None


def _root(entry: FeedEntry) -> FeedEntry:
    """Point at the first copy, not at another duplicate."""
    return entry.duplicate_of if entry.duplicate_of_id else entry


# --- The queue ----------------------------------------------------------------------------------


ENTRY_WORKFLOW = Workflow(
    model=FeedEntry,
    initial=EntryStatus.BARU,
    refused=gettext_lazy("This entry was already handled (%(status)s)."),
    audited=ENTRY_FIELDS,
    transitions=[
        Transition("dismiss", {EntryStatus.BARU}, EntryStatus.DIABAIKAN, verb=SyndicationVerb.ENTRY_DISMISSED),
        Transition(
            "republish", {EntryStatus.BARU}, EntryStatus.DITERBITKAN_ULANG, verb=SyndicationVerb.ENTRY_REPUBLISHED
        ),
        # The republished draft was deleted: the entry goes back to the queue.
        Transition("release", {EntryStatus.DITERBITKAN_ULANG}, EntryStatus.BARU, verb=SyndicationVerb.ENTRY_RELEASED),
    ],
)


def _in_region(regency_code: str):
    def check(entry: FeedEntry, related: dict) -> None:
        if entry.feed.regency_id != regency_code:
            raise DomainError(_("This entry belongs to another region."))

    return check


def entry_dismiss(*, actor, entry: FeedEntry, regency_code: str) -> FeedEntry:
    return ENTRY_WORKFLOW.perform("dismiss", entry, actor=actor, guard=_in_region(regency_code))


def entries_release_item(*, actor, item) -> int:
    """A republished draft was deleted: its entries go back to the queue, to be republished or dismissed."""
    pks = list(FeedEntry.objects.filter(republished_item=item).values_list("pk", flat=True))
    for pk in pks:
        ENTRY_WORKFLOW.perform("release", pk, actor=actor, changes={"republished_item": None})
    return len(pks)


def entry_republish(*, actor, entry: FeedEntry, regency_code: str):
    """Create a newsroom draft from the entry, attributed to the feed and linking to the original."""
    from jembatan.newsroom.models import ItemKind
    from jembatan.newsroom.services import ItemData, item_create

    in_region = _in_region(regency_code)

    def draft_from(locked: FeedEntry, related: dict) -> dict:
        in_region(locked, related)
        body = html_to_markdown(locked.content_html) or locked.summary
        sources = locked.feed.title + (f" — {locked.url}" if locked.url else "")
        data = ItemData(
            kind=ItemKind.BERITA,
            title=_cap(locked.title, 150),
            summary=_cap(locked.summary or locked.title, 300),
            body=_cap(body, 20000),
            sources=_cap(sources, 3000),
        )
        item = item_create(
            actor=actor, regency_code=regency_code, data=data, origin_name=locked.feed.title, origin_url=locked.url
        )
        return {"republished_item": item}

    return ENTRY_WORKFLOW.perform("republish", entry, actor=actor, guard=draft_from).republished_item


def _cap(text: str, limit: int) -> str:
    text = (text or "").strip()
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def republished_item_url(item) -> str:
    """Where the editor continues: the draft's edit page."""
    return reverse("newsroom:edit", args=[item.pk])
