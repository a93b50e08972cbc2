"""The KIM registry: communities, their members, and the per-instance eligibility rules."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from jembatan.core.models import TimeStampedModel
from jembatan.core.privacy import EncryptedTextField, mask_phone


class KimStatus(models.TextChoices):
    DIAJUKAN = "diajukan", _("Submitted")
    PERLU_PERBAIKAN = "perlu_perbaikan", _("Needs correction")
    DITOLAK = "ditolak", _("Rejected")
    DIVERIFIKASI = "diverifikasi", _("Verified")
    DIKUKUHKAN = "dikukuhkan", _("Legalised by decree")
    AKTIF = "aktif", _("Active")
    TIDAK_AKTIF = "tidak_aktif", _("Inactive")
    DIBUBARKAN = "dibubarkan", _("Dissolved")


# Statuses in which a KIM is a legal, public community and appears in the directory.
PUBLIC_STATUSES = (KimStatus.DIKUKUHKAN, KimStatus.AKTIF, KimStatus.TIDAK_AKTIF)
# Statuses that still occupy a kelurahan when the instance allows one KIM per kelurahan.
OCCUPYING_STATUSES = (
    KimStatus.DIAJUKAN,
    KimStatus.PERLU_PERBAIKAN,
    KimStatus.DIVERIFIKASI,
    KimStatus.DIKUKUHKAN,
    KimStatus.AKTIF,
    KimStatus.TIDAK_AKTIF,
)


class MemberRole(models.TextChoices):
    KETUA = "ketua", _("Chair (ketua)")
    SEKRETARIS = "sekretaris", _("Secretary (sekretaris)")
    BENDAHARA = "bendahara", _("Treasurer (bendahara)")
    ANGGOTA = "anggota", _("Member")


PENGURUS_ROLES = (MemberRole.KETUA, MemberRole.SEKRETARIS, MemberRole.BENDAHARA)


class CommunityRules(models.Model):
    """Eligibility and coverage rules of one regency, editable by its administrators."""

    regency = models.OneToOneField("regions.Regency", on_delete=models.CASCADE, primary_key=True, related_name="+")
    min_members = models.PositiveSmallIntegerField(
        _("minimum number of members (pengurus included)"),
        default=3,
        validators=[MinValueValidator(1), MaxValueValidator(500)],
    )
    asn_may_be_pengurus = models.BooleanField(_("civil servants (ASN) may be pengurus"), default=True)
    one_kim_per_village = models.BooleanField(_("at most one KIM per kelurahan/desa"), default=True)
    target_per_district = models.PositiveSmallIntegerField(
        _("target: active KIMs per kecamatan"), default=1, validators=[MinValueValidator(1), MaxValueValidator(1000)]
    )
    lapse_after_days = models.PositiveSmallIntegerField(
        _("days without recorded activity before a KIM lapses"),
        default=180,
        validators=[MinValueValidator(7), MaxValueValidator(3650)],
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("KIM rules")
        verbose_name_plural = _("KIM rules")

    def __str__(self) -> str:
        return str(self.regency_id)


class Kim(TimeStampedModel):
    # The legal KIMs, publicly listed; here too for capabilities that reach the model only through the app
    # registry (they may not import this app).
    PUBLIC_STATUSES = PUBLIC_STATUSES

    name = models.CharField(_("KIM name"), max_length=150)
    slug = models.SlugField(_("web address (slug)"), max_length=170, unique=True)
    village = models.ForeignKey(
        "regions.Village", on_delete=models.PROTECT, related_name="kims", verbose_name=_("kelurahan/desa")
    )
    # The regency of the village, kept on the KIM so every list and count filters on one column.
    regency = models.ForeignKey("regions.Regency", on_delete=models.PROTECT, related_name="+")
    address = models.CharField(_("secretariat address"), max_length=300)
    email = EncryptedTextField(_("KIM email"), blank=True)
    phone = EncryptedTextField(_("KIM phone"), blank=True)
    description = models.TextField(_("short description"), blank=True, max_length=2000)
    kimid_number = models.CharField(_("KIM.id number"), max_length=40, blank=True)
    # What citizens may use to reach the KIM, chosen by its pengurus with the ketua's consent: a
    # WhatsApp number (E.164) or a WhatsApp group invite link. Shown only with the consent recorded.
    public_contact = models.CharField(_("public contact"), max_length=200, blank=True)
    public_contact_consent_at = models.DateTimeField(null=True, blank=True)

    status = models.CharField(
        _("status"), max_length=20, choices=KimStatus.choices, default=KimStatus.DIAJUKAN, db_index=True
    )
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="kim_applications",
        verbose_name=_("applicant"),
    )

    sk_number = models.CharField(_("decree (SK) number"), max_length=100, blank=True)
    sk_date = models.DateField(_("decree date"), null=True, blank=True)
    sk_issuer = models.CharField(_("decree issued by (lurah/kepala desa)"), max_length=150, blank=True)
    sk_scan = models.FileField(_("decree scan"), upload_to="kim/sk/%Y/", blank=True)

    correction_notes = models.TextField(_("correction notes"), blank=True)
    rejection_reason = models.TextField(_("rejection reason"), blank=True)
    dissolution_reason = models.TextField(_("dissolution reason"), blank=True)

    submitted_at = models.DateTimeField(null=True, blank=True)
    correction_requested_at = models.DateTimeField(null=True, blank=True)
    resubmitted_at = models.DateTimeField(null=True, blank=True)
    rejected_at = models.DateTimeField(null=True, blank=True)
    verified_at = models.DateTimeField(null=True, blank=True)
    legalised_at = models.DateTimeField(null=True, blank=True)
    activated_at = models.DateTimeField(null=True, blank=True)
    lapsed_at = models.DateTimeField(null=True, blank=True)
    dissolved_at = models.DateTimeField(null=True, blank=True)
    last_activity_at = models.DateTimeField(_("last recorded activity"), null=True, blank=True, db_index=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("KIM")
        verbose_name_plural = _("KIMs")
        indexes = [
            models.Index(fields=["status", "village"]),
            models.Index(fields=["status", "name"]),
            models.Index(fields=["regency", "status"]),
            # The public directory and the API read a regency's KIMs by name (keyset by name, id).
            models.Index(fields=["regency", "name", "id"], name="kim_regency_name"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["kimid_number"], condition=~Q(kimid_number=""), name="kim_kimid_unique"),
            models.CheckConstraint(
                name="kim_legalised_has_decree",
                condition=~Q(status__in=["dikukuhkan", "aktif", "tidak_aktif"])
                | (~Q(sk_number="") & Q(sk_date__isnull=False)),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def masked_phone(self) -> str:
        return mask_phone(self.phone)

    @property
    def public_contact_url(self) -> str:
        """The link citizens open: wa.me for a number, the invite link itself for a group."""
        if not (self.public_contact and self.public_contact_consent_at):
            return ""
        if self.public_contact.startswith("+"):
            return "https://wa.me/" + self.public_contact.lstrip("+")
        return self.public_contact

    @property
    def is_public(self) -> bool:
        return self.status in PUBLIC_STATUSES


class VillageKimCount(models.Model):
    """How many active KIMs a kelurahan/desa has: the summary the coverage pages and API read, so that they
    never count a national KIM table per request. Kept in the transaction that changes a KIM's status or
    village (``communities.counts``), and recounted whole by the job ``kim_counts_refresh``."""

    village = models.OneToOneField(
        "regions.Village", on_delete=models.CASCADE, primary_key=True, related_name="kim_count"
    )
    active = models.PositiveIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("KIM count of a kelurahan")
        verbose_name_plural = _("KIM counts of kelurahan")

    def __str__(self) -> str:
        return f"{self.village_id}: {self.active}"


class KimMember(TimeStampedModel):
    kim = models.ForeignKey(Kim, on_delete=models.CASCADE, related_name="members")
    full_name = models.CharField(_("full name"), max_length=150)
    role = models.CharField(_("position"), max_length=20, choices=MemberRole.choices, default=MemberRole.ANGGOTA)
    village = models.ForeignKey(
        "regions.Village",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        verbose_name=_("kelurahan/desa of residence"),
    )
    phone = EncryptedTextField(_("phone"), blank=True)
    consent_contact = models.BooleanField(_("agrees to be contacted by Diskominfo"), default=False)
    is_asn = models.BooleanField(_("civil servant (ASN)"), default=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="kim_memberships"
    )

    class Meta:
        ordering = ["kim", "role", "full_name"]
        verbose_name = _("KIM member")
        verbose_name_plural = _("KIM members")
        constraints = [
            models.UniqueConstraint(
                fields=["kim", "role"],
                condition=Q(role__in=["ketua", "sekretaris", "bendahara"]),
                name="kim_one_holder_per_office",
            )
        ]

    def __str__(self) -> str:
        return f"{self.full_name} ({self.get_role_display()})"

    @property
    def is_pengurus(self) -> bool:
        return self.role in PENGURUS_ROLES
