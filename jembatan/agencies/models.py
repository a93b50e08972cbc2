from django.db import models
from django.utils.translation import gettext_lazy as _

from jembatan.core.models import TimeStampedModel


class Agency(TimeStampedModel):
    """A government agency (Organisasi Perangkat Daerah, OPD) of a regency."""

    regency = models.ForeignKey(
        "regions.Regency", on_delete=models.PROTECT, related_name="agencies", verbose_name=_("regency")
    )
    name = models.CharField(_("name"), max_length=200)
    short_name = models.CharField(_("short name"), max_length=40)
    email = models.EmailField(_("contact email"), blank=True)
    phone = models.CharField(_("contact phone"), max_length=20, blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("agency")
        verbose_name_plural = _("agencies")
        constraints = [models.UniqueConstraint(fields=["regency", "short_name"], name="agency_short_name_unique")]

    def __str__(self) -> str:
        return f"{self.name} ({self.short_name})"
