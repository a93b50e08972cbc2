"""Aspirations and complaints: from a citizen's message to an agency's answer, on the working-day clock."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from jembatan.cases.models import CaseModel, TimelineEventModel, follower_token
from jembatan.core.privacy import EncryptedTextField, mask_email, mask_phone

__all__ = ["follower_token"]  # named by migration 0001


class AspirationType(models.TextChoices):
    ASPIRASI = "aspirasi", _("Aspiration")
    PENGADUAN = "pengaduan", _("Complaint")


class AspirationStatus(models.TextChoices):
    BARU = "baru", _("New")
    TERVERIFIKASI = "terverifikasi", _("Verified")
    DIDISPOSISIKAN = "didisposisikan", _("With the agency")
    DITINDAKLANJUTI = "ditindaklanjuti", _("Answered")
    SELESAI = "selesai", _("Closed")
    DITOLAK = "ditolak", _("Rejected")
    BUKAN_WEWENANG = "bukan_wewenang", _("Outside our authority")
    DUPLIKAT = "duplikat", _("Duplicate")


OPEN_STATUSES = (
    AspirationStatus.BARU,
    AspirationStatus.TERVERIFIKASI,
    AspirationStatus.DIDISPOSISIKAN,
    AspirationStatus.DITINDAKLANJUTI,
)
# Statuses whose report may appear publicly (never a secret one).
PUBLIC_STATUSES = (
    AspirationStatus.TERVERIFIKASI,
    AspirationStatus.DIDISPOSISIKAN,
    AspirationStatus.DITINDAKLANJUTI,
    AspirationStatus.SELESAI,
    AspirationStatus.BUKAN_WEWENANG,
)


class Privacy(models.TextChoices):
    ANONIM = "anonim", _("Anonymous: the report is public, my identity is not")
    RAHASIA = "rahasia", _("Secret: the whole report is not public")


class Category(models.Model):
    """What a report is about; the routing table proposes the responsible agency."""

    regency = models.ForeignKey("regions.Regency", on_delete=models.PROTECT, related_name="+")
    name = models.CharField(_("name"), max_length=120)
    code = models.SlugField(_("code"), max_length=40)
    description = models.CharField(_("description"), max_length=300, blank=True)
    agency = models.ForeignKey(
        "agencies.Agency",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("agency proposed for routing"),
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("category")
        verbose_name_plural = _("categories")
        constraints = [models.UniqueConstraint(fields=["regency", "code"], name="aspiration_category_code_unique")]

    def __str__(self) -> str:
        return self.name


class Aspiration(CaseModel):
    CODE_PREFIX = "ASP"
    LINK_PURPOSE = "aspiration"

    kind = models.CharField(_("type"), max_length=20, choices=AspirationType.choices, default=AspirationType.ASPIRASI)
    title = models.CharField(_("title"), max_length=150)
    description = models.TextField(_("description"), max_length=5000)
    public_title = models.CharField(_("public title"), max_length=150, blank=True)
    public_description = models.TextField(_("public description"), max_length=5000, blank=True)
    category = models.ForeignKey(
        Category, on_delete=models.PROTECT, related_name="aspirations", verbose_name=_("category")
    )
    village = models.ForeignKey(
        "regions.Village", on_delete=models.PROTECT, related_name="aspirations", verbose_name=_("kelurahan/desa")
    )
    # The regency of the village: the tenant the report belongs to (its lists, its calendar, its staff).
    regency = models.ForeignKey("regions.Regency", on_delete=models.PROTECT, related_name="+")
    place = models.CharField(_("place"), max_length=300, blank=True)
    public_place = models.CharField(_("public place"), max_length=300, blank=True)
    latitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    event_date = models.DateField(_("date of the event"), null=True, blank=True)

    privacy = models.CharField(_("privacy"), max_length=10, choices=Privacy.choices, default=Privacy.ANONIM)
    reporter_name = models.CharField(_("reporter's name"), max_length=150, blank=True)
    reporter_email = EncryptedTextField(_("reporter's email"), blank=True)
    reporter_phone = EncryptedTextField(_("reporter's WhatsApp number"), blank=True)
    # A report made by chat: the channel and the address (number or chat id) its news goes back to.
    reporter_channel = models.CharField(_("reporter's chat channel"), max_length=10, blank=True)
    reporter_chat = EncryptedTextField(_("reporter's chat address"), blank=True)
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    consent_text = models.TextField(_("consent given"), blank=True)
    consent_at = models.DateTimeField(null=True, blank=True)
    relayed_by_kim = models.ForeignKey(
        "communities.Kim",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="relayed_aspirations",
        verbose_name=_("relayed through KIM"),
    )
    relayed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    status = models.CharField(
        _("status"), max_length=20, choices=AspirationStatus.choices, default=AspirationStatus.BARU, db_index=True
    )
    agency = models.ForeignKey(
        "agencies.Agency",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="aspirations",
        verbose_name=_("agency"),
    )
    duplicate_of = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="duplicates"
    )
    answer = models.TextField(_("official answer"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    closing_note = models.TextField(_("reason or explanation"), blank=True)
    answer_rejected_reason = models.TextField(_("why the reporter did not accept the answer"), blank=True)
    rating = models.PositiveSmallIntegerField(_("rating (1–5)"), null=True, blank=True)

    verified_at = models.DateTimeField(null=True, blank=True)
    disposed_at = models.DateTimeField(null=True, blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    verify_due = models.DateField(_("verify by"), null=True, blank=True, db_index=True)
    answer_due = models.DateField(_("answer by"), null=True, blank=True, db_index=True)
    close_due = models.DateField(_("closes automatically on"), null=True, blank=True, db_index=True)
    # Working days the agency took to answer (set when it answers; the calendar of that moment).
    answer_working_days = models.PositiveSmallIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["-received_at", "-id"]
        verbose_name = _("aspiration or complaint")
        verbose_name_plural = _("aspirations and complaints")
        indexes = [
            models.Index(fields=["status", "-received_at"]),
            models.Index(fields=["regency", "status", "-received_at"], name="aspiration_regency_status"),
            models.Index(fields=["agency", "status"]),
            models.Index(fields=["village", "status"]),
            # The agency figures read only these two columns (an index-only scan on PostgreSQL).
            models.Index(fields=["agency", "answer_working_days"], name="aspiration_agency_answer_days"),
        ]
        constraints = [
            models.CheckConstraint(
                name="aspiration_rating_1_to_5", condition=Q(rating__isnull=True) | Q(rating__gte=1, rating__lte=5)
            ),
            models.CheckConstraint(
                name="aspiration_routed_has_agency",
                condition=~Q(status__in=["didisposisikan", "ditindaklanjuti"]) | Q(agency__isnull=False),
            ),
        ]

    @property
    def is_secret(self) -> bool:
        return self.privacy == Privacy.RAHASIA

    @property
    def is_publicly_visible(self) -> bool:
        """Public only when anonymous (not secret), verified by staff (public texts reviewed) and in a public status."""
        return self.privacy == Privacy.ANONIM and self.verified_at is not None and self.status in PUBLIC_STATUSES

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def masked_contact(self) -> str:
        return " · ".join(x for x in (mask_email(self.reporter_email), mask_phone(self.reporter_phone)) if x)


class Attachment(models.Model):
    aspiration = models.ForeignKey(Aspiration, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to="aspirasi/%Y/%m/")
    content_type = models.CharField(max_length=50)
    size = models.PositiveIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.file.name


class Event(TimelineEventModel):
    """The timeline of a report. ``public`` events appear to everyone who may see the report."""

    CASE_FIELD = "aspiration"
    aspiration = models.ForeignKey(Aspiration, on_delete=models.CASCADE, related_name="events")
    status = models.CharField(max_length=20, choices=AspirationStatus.choices)

    class Meta(TimelineEventModel.Meta):
        pass

    def __str__(self) -> str:
        return f"{self.aspiration} {self.status}"


class EventPhoto(models.Model):
    """A photo of the work, attached to a progress update: only its renditions are stored (re-encoded, no
    metadata, ``core.images``), served with the report's public timeline."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="photos")
    alt = models.CharField(_("what the photo shows"), max_length=300)
    renditions = models.JSONField(default=dict)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.event} photo {self.pk}"


class AgencyReportCount(models.Model):
    """How many of an agency's reports took each number of working days to answer (``days`` = -1: not
    answered yet): the summary the performance page reads instead of grouping every report. Kept in the
    transaction that routes or answers a report (``aspirations.figures``), recounted whole by a daily job."""

    UNANSWERED = -1

    agency = models.ForeignKey("agencies.Agency", on_delete=models.CASCADE, related_name="+")
    days = models.SmallIntegerField()
    n = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["agency", "days"], name="agency_report_count_once")]

    def __str__(self) -> str:
        return f"{self.agency_id}: {self.days} d × {self.n}"
