"""The trust pages (privacy, about, contact, accessibility) of each regency, as its administrators wrote them.

Until an administrator saves a page, the default text in ``pages.content`` is shown.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class PageSlug(models.TextChoices):
    PRIVASI = "privasi", _("Privacy")
    TENTANG = "tentang", _("About")
    KONTAK = "kontak", _("Contact")
    AKSESIBILITAS = "aksesibilitas", _("Accessibility")


class Page(models.Model):
    regency = models.ForeignKey("regions.Regency", on_delete=models.CASCADE, related_name="+")
    slug = models.CharField(_("page"), max_length=20, choices=PageSlug.choices)
    title = models.CharField(_("title"), max_length=150)
    body = models.TextField(_("text (Markdown)"), max_length=20000)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["regency", "slug"], name="page_unique_per_regency")]

    def __str__(self) -> str:
        return f"{self.regency_id}/{self.slug}"
