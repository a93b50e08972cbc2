"""The newsroom: news, announcements, infographics and agendas, written, verified and published by
Diskominfo editors (and proposed by KIMs), then carried to citizens through every KIM."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jembatan.core.models import TimeStampedModel


class ItemKind(models.TextChoices):
    BERITA = "berita", _("News")
    PENGUMUMAN = "pengumuman", _("Announcement")
    INFOGRAFIS = "infografis", _("Infographic")
    AGENDA = "agenda", _("Agenda")


class ItemStatus(models.TextChoices):
    DRAF = "draf", _("Draft")
    DITINJAU = "ditinjau", _("In review")
    TERBIT = "terbit", _("Published")
    DIARSIPKAN = "diarsipkan", _("Archived")


class NewsroomSettings(models.Model):
    """Editorial rules of one regency, set by its administrators."""

    regency = models.OneToOneField("regions.Regency", on_delete=models.CASCADE, primary_key=True, related_name="+")
    two_person_rule = models.BooleanField(
        _("two-person rule: the publisher must not be the author"),
        default=True,
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("newsroom settings")
        verbose_name_plural = _("newsroom settings")

    def __str__(self) -> str:
        return str(self.regency_id)


class Topic(models.Model):
    regency = models.ForeignKey("regions.Regency", on_delete=models.PROTECT, related_name="+")
    name = models.CharField(_("name"), max_length=60)
    slug = models.SlugField(_("web address (slug)"), max_length=70)

    class Meta:
        ordering = ["name"]
        verbose_name = _("topic")
        verbose_name_plural = _("topics")
        constraints = [models.UniqueConstraint(fields=["regency", "slug"], name="newsroom_topic_slug_unique")]

    def __str__(self) -> str:
        return self.name


class JargonTerm(models.Model):
    """A word or abbreviation the plain-language aid flags, with the plain alternative it proposes."""

    regency = models.ForeignKey("regions.Regency", on_delete=models.CASCADE, related_name="+")
    term = models.CharField(_("term or abbreviation"), max_length=60)
    plain = models.CharField(_("plain alternative"), max_length=200)

    class Meta:
        ordering = ["term"]
        verbose_name = _("jargon term")
        verbose_name_plural = _("jargon terms")
        constraints = [models.UniqueConstraint(fields=["regency", "term"], name="newsroom_jargon_term_unique")]

    def __str__(self) -> str:
        return self.term


class ItemQuerySet(models.QuerySet):
    def visible(self, now=None):
        """What the public sees: published, publication time reached, not expired."""
        return self.filter(visible_condition(now))

    def not_visible(self, now=None):
        """Everything else (one condition on the row, never a million-row ``NOT IN``)."""
        return self.exclude(visible_condition(now))


def visible_condition(now=None) -> Q:
    now = now or timezone.now()
    return Q(status=ItemStatus.TERBIT, published_at__lte=now) & (Q(expires_at__isnull=True) | Q(expires_at__gt=now))


class Item(TimeStampedModel):
    regency = models.ForeignKey("regions.Regency", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("type"), max_length=12, choices=ItemKind.choices, default=ItemKind.BERITA)
    status = models.CharField(_("status"), max_length=12, choices=ItemStatus.choices, default=ItemStatus.DRAF)
    title = models.CharField(_("title"), max_length=150)
    slug = models.SlugField(_("web address (slug)"), max_length=170, unique=True)
    summary = models.CharField(_("summary"), max_length=300)
    body = models.TextField(_("body (Markdown)"), max_length=20000, blank=True)
    body_html = models.TextField(blank=True)  # rendered and sanitised from ``body`` on every save
    topics = models.ManyToManyField(Topic, blank=True, related_name="items", verbose_name=_("topics"))
    agency = models.ForeignKey(
        "agencies.Agency",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("responsible agency"),
    )
    district = models.ForeignKey(
        "regions.District",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("target kecamatan"),
    )
    village = models.ForeignKey(
        "regions.Village",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("target kelurahan"),
    )
    sources = models.TextField(_("sources"), max_length=3000, blank=True)

    image = models.ImageField(_("image"), upload_to="newsroom/original/%Y/%m/", blank=True)
    image_alt = models.CharField(_("text alternative of the image"), max_length=1000, blank=True)
    # {"width": w, "height": h, "sizes": [[width, "webp name", "jpeg name"], ...]}, built on upload
    image_renditions = models.JSONField(default=dict, blank=True)

    event_starts_at = models.DateTimeField(_("event starts"), null=True, blank=True)
    event_ends_at = models.DateTimeField(_("event ends"), null=True, blank=True)
    event_place = models.CharField(_("event place"), max_length=300, blank=True)

    publish_at = models.DateTimeField(_("scheduled publication time"), null=True, blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    expires_at = models.DateTimeField(_("expires at"), null=True, blank=True)

    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("author")
    )
    publisher = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    kim = models.ForeignKey(
        "communities.Kim",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="news_items",
        verbose_name=_("community news from KIM"),
    )
    origin_name = models.CharField(_("republished from"), max_length=200, blank=True)
    origin_url = models.URLField(_("original address"), max_length=500, blank=True)

    check_sources = models.BooleanField(_("sources are named"), default=False)
    check_facts = models.BooleanField(_("facts checked against the sources"), default=False)
    check_plain_language = models.BooleanField(_("written in plain language"), default=False)
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    review_notes = models.TextField(_("notes from the reviewer"), blank=True)
    version = models.PositiveIntegerField(default=1)

    # True while the item is in the public lists and the search index (services.items_sync_listing).
    listed = models.BooleanField(default=False, db_index=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    archived_at = models.DateTimeField(null=True, blank=True)

    objects = ItemQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-id"]
        verbose_name = _("news item")
        verbose_name_plural = _("news items")
        indexes = [
            models.Index(fields=["status", "-published_at"], name="newsroom_item_public"),
            models.Index(fields=["district", "status", "-published_at"], name="newsroom_item_district"),
            models.Index(fields=["village", "status", "-published_at"], name="newsroom_item_village"),
            models.Index(fields=["kind", "status", "-published_at"], name="newsroom_item_kind"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("newsroom:detail", kwargs={"slug": self.slug})

    @property
    def is_visible(self) -> bool:
        now = timezone.now()
        return (
            self.status == ItemStatus.TERBIT
            and self.published_at is not None
            and self.published_at <= now
            and (self.expires_at is None or self.expires_at > now)
        )

    @property
    def checklist_complete(self) -> bool:
        return self.check_sources and self.check_facts and self.check_plain_language

    @property
    def source_lines(self) -> list[str]:
        return [line.strip() for line in self.sources.splitlines() if line.strip()]

    @property
    def area_label(self) -> str:
        if self.village_id:
            return str(self.village)
        if self.district_id:
            return str(self.district)
        return ""


class ItemImage(models.Model):
    """A further photo of an item (the main image is ``Item.image``), shown below the text."""

    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="gallery")
    image = models.ImageField(_("photo"), upload_to="newsroom/original/%Y/%m/")
    alt = models.CharField(_("text alternative"), max_length=1000)
    caption = models.CharField(_("caption"), max_length=300, blank=True)
    renditions = models.JSONField(default=dict, blank=True)
    position = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return f"{self.item_id}: {self.alt[:40]}"

    @property
    def picture_source(self):
        """What the responsive-picture helpers read: the item's address and these renditions."""
        from types import SimpleNamespace

        return SimpleNamespace(pk=self.item_id, image_renditions=self.renditions)


class Revision(models.Model):
    """The content of an item as it was saved, one row per save, so editors can compare versions."""

    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveIntegerField()
    title = models.CharField(max_length=150)
    summary = models.CharField(max_length=300)
    body = models.TextField(blank=True)
    sources = models.TextField(blank=True)
    image_alt = models.CharField(max_length=1000, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-number"]
        constraints = [models.UniqueConstraint(fields=["item", "number"], name="newsroom_revision_unique")]

    def __str__(self) -> str:
        return f"{self.item_id} v{self.number}"


class CorrectionStatus(models.TextChoices):
    PROPOSED = "diajukan", _("Proposed, waiting for review")
    PUBLISHED = "terbit", _("Published")
    DECLINED = "ditolak", _("Declined")


class Correction(models.Model):
    """A visible, dated correction note on a published item.

    A note alone is published at once. A correction of the text itself (title, summary, body, sources) is
    proposed with its note and reviewed by another editor; when published, the item's text changes, a new
    revision is kept and the note links to the comparison (``revision``).
    """

    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="corrections")
    text = models.TextField(_("correction"), max_length=2000)
    status = models.CharField(max_length=10, choices=CorrectionStatus.choices, default=CorrectionStatus.PUBLISHED)
    title = models.CharField(max_length=150, blank=True)
    summary = models.CharField(max_length=300, blank=True)
    body = models.TextField(blank=True)
    sources = models.TextField(blank=True)
    revision = models.ForeignKey(Revision, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    declined_reason = models.TextField(blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["item"], condition=models.Q(status="diajukan"), name="newsroom_one_proposed_correction"
            )
        ]

    def __str__(self) -> str:
        return f"{self.item_id}: {self.text[:40]}"

    @property
    def dated(self):
        """The date the note carries: when it was published."""
        return self.published_at or self.created_at


EVENT_LABELS = {
    "create": _("created"),
    "edit": _("edited"),
    "submit": _("sent for review"),
    "send_back": _("sent back to the author"),
    "publish": _("published"),
    "archive": _("archived"),
    "correct": _("correction published"),
    "correction_proposed": _("correction of the text proposed"),
    "correction_declined": _("proposed correction declined"),
    "photo_added": _("photo added"),
    "photo_removed": _("photo removed"),
}


class ItemEvent(models.Model):
    """The editorial timeline: who moved the item where, with the reviewer's notes."""

    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(max_length=30)
    note = models.TextField(blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.item_id} {self.action}"

    @property
    def label(self) -> str:
        return str(EVENT_LABELS.get(self.action, self.action))
