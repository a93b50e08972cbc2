"""Syndication in: external feeds (RSS 2.0, Atom, JSON Feed) that editors subscribe to, and their entries."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import URLValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

FEED_URL_SCHEMES = ["http", "https"]


class FeedStatus(models.TextChoices):
    OK = "ok", _("OK")
    ERROR = "error", _("Error")


class EntryStatus(models.TextChoices):
    BARU = "baru", _("New")
    DITERBITKAN_ULANG = "diterbitkan_ulang", _("Republished")
    DIABAIKAN = "diabaikan", _("Dismissed")


class Feed(models.Model):
    """A feed an editor subscribed to. The last fetch's outcome is kept on the row for the feed's page."""

    regency = models.ForeignKey(
        "regions.Regency", on_delete=models.PROTECT, related_name="+", verbose_name=_("regency")
    )
    title = models.CharField(_("name of the source"), max_length=200)
    url = models.URLField(_("feed address"), max_length=1000, validators=[URLValidator(schemes=FEED_URL_SCHEMES)])
    is_active = models.BooleanField(_("active"), default=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("added at"), auto_now_add=True)
    last_fetched_at = models.DateTimeField(_("last fetched"), null=True, blank=True)
    last_success_at = models.DateTimeField(_("last successful fetch"), null=True, blank=True)
    last_status = models.CharField(_("last status"), max_length=10, choices=FeedStatus.choices, blank=True)
    last_error = models.TextField(_("last error"), blank=True)
    consecutive_failures = models.PositiveIntegerField(_("failures in a row"), default=0)
    etag = models.CharField(max_length=500, blank=True)
    last_modified = models.CharField(max_length=100, blank=True)
    entry_count = models.PositiveIntegerField(_("entries"), default=0)

    class Meta:
        ordering = ["title", "pk"]
        verbose_name = _("feed")
        verbose_name_plural = _("feeds")
        constraints = [models.UniqueConstraint(fields=["regency", "url"], name="syndication_feed_url_unique")]

    def __str__(self) -> str:
        return self.title


class FeedEntry(models.Model):
    """One item of a feed, kept with its provenance (feed, guid, original URL) and a sanitised copy."""

    feed = models.ForeignKey(Feed, on_delete=models.CASCADE, related_name="entries", verbose_name=_("feed"))
    guid = models.CharField(max_length=500)
    url = models.URLField(_("original link"), max_length=1000, blank=True)
    title = models.CharField(_("title"), max_length=300)
    summary = models.TextField(_("summary"), blank=True)
    content_html = models.TextField(_("content"), blank=True)
    author = models.CharField(_("author"), max_length=200, blank=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    fetched_at = models.DateTimeField(_("fetched"), db_index=True)
    # The MinHash signature of the normalised text (hex, space-separated); its bands are in EntryBand.
    content_fingerprint = models.CharField(max_length=400, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=EntryStatus.choices, default=EntryStatus.BARU)
    republished_item = models.ForeignKey(
        "newsroom.Item",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("republished as"),
    )
    duplicate_of = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="duplicates",
        verbose_name=_("duplicate of"),
    )

    class Meta:
        ordering = ["-fetched_at", "-pk"]
        verbose_name = _("feed entry")
        verbose_name_plural = _("feed entries")
        constraints = [models.UniqueConstraint(fields=["feed", "guid"], name="syndication_entry_guid_unique")]
        indexes = [
            models.Index(fields=["url"], name="syndication_entry_url"),
            models.Index(fields=["status", "-fetched_at"], name="syndication_entry_queue"),
        ]

    def __str__(self) -> str:
        return self.title


class EntryBand(models.Model):
    """One locality-sensitive band of an entry's MinHash signature: entries sharing a band are candidates
    for the near-duplicate check, found through this index instead of by comparing every entry."""

    entry = models.ForeignKey(FeedEntry, on_delete=models.CASCADE, related_name="bands")
    key = models.CharField(max_length=40, db_index=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["entry", "key"], name="syndication_band_unique")]

    def __str__(self) -> str:
        return self.key
