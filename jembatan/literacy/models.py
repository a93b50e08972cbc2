"""Digital literacy events (sosialisasi, pelatihan, lomba) and the people who register for them.

A registration needs no account: a name, a phone number or an email (encrypted, found by a keyed hash),
the kelurahan, the KIM if any and consent. Places are given first come, first served under a lock on the
event; places reserved for KIM officers go to officers first. When the event is full a registration waits,
and is promoted in order when a place frees. The registrant holds a short code (for check-in) and a private
token (their page, with the code's QR and the way to cancel).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from jembatan.core.models import TimeStampedModel
from jembatan.core.privacy import EncryptedTextField


class EventKind(models.TextChoices):
    SOSIALISASI = "sosialisasi", _("Information session (sosialisasi)")
    PELATIHAN = "pelatihan", _("Training (pelatihan)")
    LOMBA = "lomba", _("Competition (lomba)")


class Organiser(models.TextChoices):
    DISKOMINFO = "diskominfo", _("Diskominfo")
    KIM = "kim", _("A KIM")
    AGENCY = "agency", _("An agency")


class EventStatus(models.TextChoices):
    DRAFT = "draf", _("Draft")
    PUBLISHED = "terbit", _("Published")
    CANCELLED = "batal", _("Cancelled")


class LiteracyEvent(TimeStampedModel):
    regency = models.ForeignKey("regions.Regency", on_delete=models.PROTECT, related_name="+")
    slug = models.SlugField(_("web address (slug)"), max_length=90)
    title = models.CharField(_("title"), max_length=150)
    kind = models.CharField(_("kind"), max_length=12, choices=EventKind.choices)
    description = models.TextField(_("description"), max_length=5000)
    audience = models.CharField(_("for whom"), max_length=200)
    online = models.BooleanField(_("online"), default=False)
    online_url = models.URLField(_("link to join (sent to registrants)"), max_length=500, blank=True)
    village = models.ForeignKey("regions.Village", null=True, blank=True, on_delete=models.PROTECT,
                                related_name="+", verbose_name=_("kelurahan"))  # fmt: skip
    address = models.CharField(_("place"), max_length=300, blank=True)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    organiser = models.CharField(_("organiser"), max_length=12, choices=Organiser.choices, default=Organiser.DISKOMINFO)
    kim = models.ForeignKey("communities.Kim", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                            verbose_name=_("KIM"))  # fmt: skip
    agency = models.ForeignKey("agencies.Agency", null=True, blank=True, on_delete=models.PROTECT,
                               related_name="+", verbose_name=_("agency"))  # fmt: skip
    capacity = models.PositiveIntegerField(_("places"))
    reserved_for_officers = models.PositiveIntegerField(_("places reserved for KIM officers"), default=0)
    registration_opens_at = models.DateTimeField(_("registration opens"))
    registration_closes_at = models.DateTimeField(_("registration closes"))
    status = models.CharField(_("status"), max_length=8, choices=EventStatus.choices, default=EventStatus.DRAFT)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["starts_at", "id"]
        verbose_name = _("event")
        verbose_name_plural = _("events")
        constraints = [
            models.UniqueConstraint(fields=["regency", "slug"], name="event_slug_once"),
            models.CheckConstraint(name="event_ends_after_start", condition=Q(ends_at__gt=models.F("starts_at"))),
            models.CheckConstraint(
                name="event_reserved_within_capacity", condition=Q(reserved_for_officers__lte=models.F("capacity"))
            ),
        ]
        indexes = [models.Index(fields=["regency", "status", "starts_at"], name="event_listing")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("literacy:event", kwargs={"slug": self.slug})


class RegistrationStatus(models.TextChoices):
    CONFIRMED = "terdaftar", _("Registered")
    WAITLISTED = "menunggu", _("On the waiting list")
    CANCELLED = "batal", _("Cancelled")


class Registration(models.Model):
    event = models.ForeignKey(LiteracyEvent, on_delete=models.PROTECT, related_name="registrations")
    code = models.CharField(_("registration code"), max_length=8, unique=True)
    token = models.CharField(max_length=40, unique=True)
    name = EncryptedTextField(_("name"))
    phone = EncryptedTextField(_("telephone"), blank=True)
    email = EncryptedTextField(_("email"), blank=True)
    # A keyed hash of the phone or email given: one registration per person and event.
    contact_hash = models.CharField(max_length=64)
    village = models.ForeignKey("regions.Village", null=True, blank=True, on_delete=models.PROTECT,
                                related_name="+", verbose_name=_("kelurahan"))  # fmt: skip
    kim = models.ForeignKey("communities.Kim", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                            verbose_name=_("KIM"))  # fmt: skip
    # Registered as an officer of that KIM: may take a place reserved for KIM officers.
    officer = models.BooleanField(_("KIM officer"), default=False)
    status = models.CharField(_("status"), max_length=10, choices=RegistrationStatus.choices)
    consent_at = models.DateTimeField()
    created_at = models.DateTimeField(auto_now_add=True)
    promoted_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    checked_in_at = models.DateTimeField(null=True, blank=True)
    # Came to the door without registering first: added by the officer at check-in.
    walk_in = models.BooleanField(_("walk-in"), default=False)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        constraints = [
            models.UniqueConstraint(
                fields=["event", "contact_hash"], condition=~Q(status="batal"), name="registration_once_per_person"
            ),
        ]
        indexes = [models.Index(fields=["event", "status", "created_at"], name="registration_queue")]

    def __str__(self) -> str:
        return f"{self.event} {self.code}"


def certificate_path(instance, filename: str) -> str:
    return f"sertifikat/{instance.registration.event.regency_id}/{instance.token[:16]}.pdf"


class Certificate(models.Model):
    """A certificate of attendance: its PDF (rendered in the background, kept) carries a QR code to
    ``/verifikasi/<token>/``, which says whether it is valid or was revoked."""

    registration = models.OneToOneField(Registration, on_delete=models.PROTECT, related_name="certificate")
    token = models.CharField(max_length=40, unique=True)
    issued_at = models.DateTimeField(auto_now_add=True)
    file = models.FileField(upload_to=certificate_path, blank=True, max_length=200)
    # What signed it (``literacy.signing``): the default signs nothing and says so.
    signed_by = models.CharField(max_length=200, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_reason = models.CharField(_("reason for the revocation"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")

    def __str__(self) -> str:
        return f"{self.registration} certificate"


class MaterialTopic(models.TextChoices):
    CEK_FAKTA = "cek-fakta", _("Fact-checking")
    KEAMANAN_DIGITAL = "keamanan-digital", _("Digital safety")
    LAYANAN_DIGITAL = "layanan-digital", _("Digital public services")
    LAINNYA = "lainnya", _("Other")


class MaterialKind(models.TextChoices):
    PANDUAN = "panduan", _("Guide")
    VIDEO = "video", _("Video (linked)")
    SLIDE = "slide", _("Slide deck")
    POSTER = "poster", _("Poster")


def material_path(instance, filename: str) -> str:
    return f"materi/{instance.regency_id}/{filename}"


class Material(TimeStampedModel):
    """A learning material: a guide to read on a phone, a linked video, a slide deck or a poster; every image
    carries its text alternative; events link the materials they use."""

    regency = models.ForeignKey("regions.Regency", on_delete=models.PROTECT, related_name="+")
    slug = models.SlugField(_("web address (slug)"), max_length=90)
    title = models.CharField(_("title"), max_length=150)
    topic = models.CharField(_("topic"), max_length=20, choices=MaterialTopic.choices)
    kind = models.CharField(_("kind"), max_length=10, choices=MaterialKind.choices)
    summary = models.CharField(_("summary"), max_length=300)
    body = models.TextField(_("text"), max_length=20000, blank=True)
    video_url = models.URLField(_("video link"), max_length=500, blank=True)
    file = models.FileField(_("file (PDF or image)"), upload_to=material_path, blank=True, max_length=200)
    file_is_image = models.BooleanField(default=False)
    alt_text = models.CharField(_("text alternative of the image"), max_length=1000, blank=True)
    events = models.ManyToManyField(LiteracyEvent, blank=True, related_name="materials", verbose_name=_("events"))
    published = models.BooleanField(_("published"), default=False)

    class Meta:
        ordering = ["topic", "title"]
        verbose_name = _("learning material")
        verbose_name_plural = _("learning materials")
        constraints = [models.UniqueConstraint(fields=["regency", "slug"], name="material_slug_once")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("literacy_materials:material", kwargs={"slug": self.slug})


class ScorecardRubric(models.Model):
    """A regency's rubric for the KIM scorecard: a target and a weight per figure (``literacy.scorecard``)."""

    regency = models.OneToOneField("regions.Regency", on_delete=models.CASCADE, primary_key=True, related_name="+")
    rubric = models.JSONField(default=dict)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("KIM scorecard rubric")
        verbose_name_plural = _("KIM scorecard rubrics")

    def __str__(self) -> str:
        return f"rubric {self.regency_id}"


class KimScore(models.Model):
    """A KIM's scorecard for one month, kept by a periodic job (``literacy.scorecard.refresh``) so a KIM's
    public profile reads one row instead of counting the month again."""

    kim = models.ForeignKey("communities.Kim", on_delete=models.CASCADE, related_name="+")
    month = models.DateField()  # the first day of the month
    total = models.FloatField()
    values = models.JSONField(default=dict)
    parts = models.JSONField(default=dict)
    computed_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["kim", "month"], name="kimscore_once_a_month")]

    def __str__(self) -> str:
        return f"{self.kim_id} {self.month:%Y-%m} {self.total}"
