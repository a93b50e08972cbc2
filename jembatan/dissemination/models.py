"""Carrying news through KIMs: one short link per (item, KIM) that counts opens, and the records KIMs
keep of how they passed the news on (WhatsApp groups, meetings, radio, banners...).

Nothing personal is stored about the people who open a link: no IP address, no user agent, no
cookie; only counters, in total and per day.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

MAX_AUDIENCE = 100_000
NOTE_MAX = 500


class Channel(models.TextChoices):
    WHATSAPP_GROUP = "whatsapp_group", _("WhatsApp group")
    MEETING = "meeting", _("Residents' meeting")
    RADIO = "radio", _("Community or village radio")
    BANNER = "banner", _("Banner or notice board")
    SOCIAL_MEDIA = "social_media", _("Social media")
    OTHER = "other", _("Other")


class ShareLink(models.Model):
    """The KIM's own short link to one news item (``/s/<code>``); created on the first visit to its share kit."""

    item = models.ForeignKey("newsroom.Item", on_delete=models.CASCADE, related_name="share_links")
    kim = models.ForeignKey("communities.Kim", on_delete=models.CASCADE, related_name="share_links")
    code = models.CharField(max_length=16, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    opens = models.PositiveBigIntegerField(default=0)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("share link")
        verbose_name_plural = _("share links")
        constraints = [models.UniqueConstraint(fields=["item", "kim"], name="dissemination_sharelink_item_kim")]

    def __str__(self) -> str:
        return self.code


class ShareLinkDay(models.Model):
    """Opens of one link on one day (the instance's local date), for figures over a period."""

    link = models.ForeignKey(ShareLink, on_delete=models.CASCADE, related_name="days")
    day = models.DateField()
    opens = models.PositiveBigIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["link", "day"], name="dissemination_linkday_unique")]

    def __str__(self) -> str:
        return f"{self.link_id} {self.day}"


class Dissemination(models.Model):
    """A KIM's record that it passed an item on to residents, with the audience it counted."""

    item = models.ForeignKey(
        "newsroom.Item", on_delete=models.PROTECT, related_name="disseminations", verbose_name=_("news item")
    )
    kim = models.ForeignKey("communities.Kim", on_delete=models.PROTECT, related_name="disseminations")
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices)
    date = models.DateField(_("date"))
    audience = models.PositiveIntegerField(
        _("people reached"), validators=[MinValueValidator(1), MaxValueValidator(MAX_AUDIENCE)]
    )
    note = models.CharField(_("note"), max_length=NOTE_MAX, blank=True)
    # Evidence for Diskominfo only; never shown on a public page.
    photo = models.FileField(_("photo"), upload_to="diseminasi/%Y/%m/", blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("recorded by")
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name = _("dissemination record")
        verbose_name_plural = _("dissemination records")
        indexes = [
            models.Index(fields=["kim", "-date"], name="dissemination_kim_date"),
            models.Index(fields=["item", "kim"], name="dissemination_item_kim"),
        ]
        constraints = [
            models.CheckConstraint(
                name="dissemination_audience_range",
                condition=models.Q(audience__gte=1, audience__lte=MAX_AUDIENCE),
            )
        ]

    def __str__(self) -> str:
        return f"{self.kim_id} · {self.item_id} · {self.get_channel_display()}"
