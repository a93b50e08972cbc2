"""The hoax-clarification library: a claim as it circulated, the verdict (from a configurable vocabulary),
a plain explanation and its sources, reviewed by a second editor before it is published."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from jembatan.core.models import TimeStampedModel
from jembatan.core.privacy import EncryptedTextField


class Verdict(models.Model):
    """A verdict of the vocabulary (configurable: the labels in use in Indonesia change). ``rating`` is
    ClaimReview's ``ratingValue`` from 1 (false) to 5 (true)."""

    code = models.SlugField(_("code"), max_length=30, unique=True)
    label = models.CharField(_("label"), max_length=60)
    rating = models.PositiveSmallIntegerField(_("rating (1 false … 5 true)"))
    description = models.CharField(_("what it means"), max_length=300)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "code"]
        verbose_name = _("verdict")
        verbose_name_plural = _("verdicts")

    def __str__(self) -> str:
        return self.label


class ClaimStatus(models.TextChoices):
    DRAFT = "draf", _("Draft")
    REVIEW = "ditinjau", _("In review")
    PUBLISHED = "terbit", _("Published")


class Claim(TimeStampedModel):
    regency = models.ForeignKey("regions.Regency", on_delete=models.PROTECT, related_name="+")
    slug = models.SlugField(_("web address (slug)"), max_length=90)
    title = models.CharField(_("title"), max_length=200)
    circulated_text = models.TextField(_("the message as it circulated"), max_length=10000)
    seen_where = models.CharField(_("where it was seen"), max_length=200)
    first_seen = models.DateField(_("first seen"))
    verdict = models.ForeignKey(Verdict, on_delete=models.PROTECT, related_name="claims", verbose_name=_("verdict"))
    explanation = models.TextField(_("explanation in plain words"), max_length=10000)
    # [{"url", "title", "archived_url"}]: where the facts come from, with an archived copy.
    sources = models.JSONField(_("sources"), default=list)
    agency = models.ForeignKey("agencies.Agency", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                               verbose_name=_("responsible agency"))  # fmt: skip
    status = models.CharField(_("status"), max_length=10, choices=ClaimStatus.choices, default=ClaimStatus.DRAFT)
    written_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")  # fmt: skip
    published_at = models.DateTimeField(null=True, blank=True)
    # The MinHash of the circulated text (``matching.signature``): the matcher's index is built from these.
    signature = models.BinaryField(editable=False, default=b"")
    # The image that circulated with it (re-encoded, no metadata), its description, and its perceptual hash.
    image = models.FileField(_("image as it circulated"), upload_to="cek-fakta/", blank=True, max_length=200)
    image_alt = models.CharField(_("what the image shows"), max_length=500, blank=True)
    image_hash = models.CharField(max_length=16, blank=True, editable=False)

    class Meta:
        ordering = ["-published_at", "-id"]
        verbose_name = _("clarified claim")
        verbose_name_plural = _("clarified claims")
        constraints = [models.UniqueConstraint(fields=["regency", "slug"], name="claim_slug_once")]
        indexes = [models.Index(fields=["regency", "status", "-published_at"], name="claim_listing")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("clarifications:claim", kwargs={"slug": self.slug})


class CheckRequest(models.Model):
    """A message someone asked about ("cek pesan ini") that the library could not answer at once: queued for
    an officer; with consent, the person is told when a clarification is published."""

    regency = models.ForeignKey("regions.Regency", on_delete=models.PROTECT, related_name="+")
    text = EncryptedTextField(_("the message"))
    source = models.CharField(_("asked from"), max_length=10)  # web, api, whatsapp, telegram, sms
    best_claim = models.ForeignKey(Claim, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    best_score = models.FloatField(default=0)
    # Only with consent: where to tell them.
    contact_channel = models.CharField(max_length=10, blank=True)
    contact_address = EncryptedTextField(blank=True)
    # Sent by a KIM officer on behalf of their KIM (counted on the KIM scorecard); kept even when the library
    # answered it at once (then it is recorded as answered by that clarification).
    kim = models.ForeignKey(
        "communities.Kim", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("KIM")
    )
    created_at = models.DateTimeField(auto_now_add=True)
    answered_by = models.ForeignKey(Claim, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("message to check")
        verbose_name_plural = _("messages to check")
        indexes = [models.Index(fields=["regency", "answered_at", "-created_at"], name="checkrequest_queue")]

    def __str__(self) -> str:
        return f"check {self.pk}"
