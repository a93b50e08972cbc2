"""Administrative regions keyed by their Kemendagri code. Codes are stored, never derived."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


def display_name(name: str) -> str:
    """Source files spell provinces and regencies in capitals; show them in title case."""
    return name.title() if name.isupper() else name


class Province(models.Model):
    code = models.CharField(_("code"), max_length=2, primary_key=True)
    name = models.CharField(_("name"), max_length=120)

    class Meta:
        ordering = ["code"]
        verbose_name = _("province")
        verbose_name_plural = _("provinces")

    def __str__(self) -> str:
        return display_name(self.name)


class Regency(models.Model):
    code = models.CharField(_("code"), max_length=5, primary_key=True)
    province = models.ForeignKey(Province, on_delete=models.PROTECT, related_name="regencies")
    name = models.CharField(_("name"), max_length=120)
    # How the regency spells itself ("Kota Pangkalpinang"), where the region data differs ("KOTA PANGKAL
    # PINANG"). Set by its administrators; shown everywhere the regency is named, share texts included.
    official_name = models.CharField(_("official name"), max_length=120, blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("regency or city")
        verbose_name_plural = _("regencies and cities")

    def __str__(self) -> str:
        return self.official_name or display_name(self.name)


class District(models.Model):
    """Kecamatan."""

    code = models.CharField(_("code"), max_length=8, primary_key=True)
    regency = models.ForeignKey(Regency, on_delete=models.PROTECT, related_name="districts")
    name = models.CharField(_("name"), max_length=120)

    class Meta:
        ordering = ["code"]
        verbose_name = _("district (kecamatan)")
        verbose_name_plural = _("districts (kecamatan)")

    def __str__(self) -> str:
        return display_name(self.name)


class Village(models.Model):
    """Kelurahan or desa."""

    code = models.CharField(_("code"), max_length=13, primary_key=True)
    district = models.ForeignKey(District, on_delete=models.PROTECT, related_name="villages")
    name = models.CharField(_("name"), max_length=120)

    class Meta:
        ordering = ["code"]
        verbose_name = _("village (kelurahan/desa)")
        verbose_name_plural = _("villages (kelurahan/desa)")

    def __str__(self) -> str:
        return display_name(self.name)
