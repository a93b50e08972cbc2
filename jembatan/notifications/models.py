"""The outbox (one row per message to one recipient on one channel), its history, and the
administrators' versions of the message templates."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jembatan.core.crypto import EncryptedTextField, lookup_hash
from jembatan.core.models import current_regency_code
from jembatan.notifications.statuses import MessageStatus


class Channel(models.TextChoices):
    EMAIL = "email", _("Email")
    WHATSAPP = "whatsapp", "WhatsApp"
    TELEGRAM = "telegram", "Telegram"
    SMS = "sms", "SMS"


class Lane(models.IntegerChoices):
    """Transactional messages (a person's own report, account or request) always go before bulk ones."""

    TRANSACTIONAL = 0, _("Transactional")
    BULK = 1, _("Bulk")


def recipient_hash(channel: str, address: str) -> str:
    """The keyed hash that finds an address on a channel without decrypting it."""
    return lookup_hash(f"{channel}:{address.lower()}")


class Message(models.Model):
    """One message to one recipient on one channel: the outbox entry and its delivery record.

    A message is *due* while ``next_attempt_at`` is set and past: a worker claims it by moving
    ``next_attempt_at`` to the end of its lease (``outbox.claim``), so a worker that dies leaves it due
    again once the lease ends. ``next_attempt_at`` is emptied when the provider has accepted the
    message or it has ended. The address, the personalisation and the text are encrypted: they hold
    contact data and private links.
    """

    key = models.CharField(_("delivery key"), max_length=120, unique=True)
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    recipient = EncryptedTextField(_("recipient"))
    recipient_hash = models.CharField(_("recipient hash"), max_length=64)
    template_key = models.CharField(_("template"), max_length=80)
    template_version = models.PositiveIntegerField(_("template version"), default=0)
    language = models.CharField(_("language"), max_length=10)
    personalisation = EncryptedTextField(_("personalisation"), blank=True)
    subject = EncryptedTextField(_("subject"), blank=True)
    body = EncryptedTextField(_("text"))
    lane = models.PositiveSmallIntegerField(_("lane"), choices=Lane.choices, default=Lane.TRANSACTIONAL)
    status = models.CharField(_("status"), max_length=20, choices=MessageStatus.choices, default=MessageStatus.CREATED)
    provider_id = models.CharField(_("provider id"), max_length=200, blank=True, db_index=True)
    # A chat reply's choices, [[id, title], …]: buttons or a list on WhatsApp and Telegram (the id is
    # what the person could have typed), numbered lines in the text everywhere else.
    choices = models.JSONField(default=list, blank=True)
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    claim = models.CharField(max_length=32, blank=True, editable=False)
    last_error = models.CharField(_("last error"), max_length=500, blank=True)
    regency_code = models.CharField(_("regency"), max_length=13, blank=True, default=current_regency_code)
    broadcast = models.ForeignKey(
        "notifications.Broadcast", null=True, blank=True, on_delete=models.PROTECT, related_name="messages"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    # When the current run of attempts began (creation, or a staff retry): retries stop 4 hours after it.
    retrying_since = models.DateTimeField(_("trying since"), default=timezone.now)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    status_changed_at = models.DateTimeField(_("status changed at"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        indexes = [
            # The worker's claim: due messages, transactional lane first, oldest first.
            models.Index(
                fields=["lane", "next_attempt_at"], name="message_due", condition=Q(next_attempt_at__isnull=False)
            ),
            # The staff outbox: a regency's messages newest first, all or by status.
            models.Index(fields=["regency_code", "-created_at"], name="message_regency_time"),
            models.Index(fields=["regency_code", "status", "-created_at"], name="message_regency_status"),
        ]

    def __str__(self) -> str:
        return f"{self.template_key} → {self.channel} ({self.status})"

    def lookup_hashes(self) -> dict[str, str]:  # ``core.crypto.reencrypt_all``
        return {"recipient_hash": recipient_hash(self.channel, self.recipient)}


class MessageEvent(models.Model):
    """The history of a message: each attempt, its outcome and every status a provider reported."""

    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="events")
    status = models.CharField(_("status"), max_length=20, choices=MessageStatus.choices)
    detail = models.CharField(_("detail"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("time"), auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("message event")
        verbose_name_plural = _("message events")

    def __str__(self) -> str:
        return f"{self.message_id}: {self.status}"


class TemplateVersion(models.Model):
    """A regency administrator's text for one template on one channel in one language.

    Versions are never changed: an edit adds the next version, and the newest one is used. A version
    with ``built_in`` set goes back to the text that ships with Jembatan. Messages record the version
    they were written with (0: the built-in text).
    """

    template_key = models.CharField(_("template"), max_length=80)
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    language = models.CharField(_("language"), max_length=10)
    regency_code = models.CharField(_("regency"), max_length=13)
    version = models.PositiveIntegerField(_("version"))
    built_in = models.BooleanField(_("built-in text"), default=False)
    subject = models.CharField(_("subject"), max_length=200, blank=True)
    body = models.TextField(_("text"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["template_key", "channel", "language", "-version"]
        verbose_name = _("template version")
        verbose_name_plural = _("template versions")
        constraints = [
            models.UniqueConstraint(
                fields=["regency_code", "template_key", "channel", "language", "version"],
                name="template_version_unique",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.template_key}/{self.channel}/{self.language} v{self.version}"


class Contact(models.Model):
    """A person who wrote to us on a chat channel (a WhatsApp number, a Telegram chat, an SMS number).

    ``last_inbound_at`` opens WhatsApp's 24-hour window for free text; a Telegram chat exists only after
    ``/start``. ``state`` holds the chat flow's place in a conversation.
    """

    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    address = EncryptedTextField(_("address"))
    address_hash = models.CharField(max_length=64)
    name = EncryptedTextField(_("name"), blank=True)
    first_seen_at = models.DateTimeField(_("first seen"), auto_now_add=True)
    last_inbound_at = models.DateTimeField(_("last message from them"), null=True, blank=True)
    state = models.JSONField(default=dict, blank=True)
    regency_code = models.CharField(_("regency"), max_length=13, blank=True, default=current_regency_code)

    class Meta:
        verbose_name = _("chat contact")
        verbose_name_plural = _("chat contacts")
        constraints = [models.UniqueConstraint(fields=["channel", "address_hash"], name="contact_channel_address")]

    def __str__(self) -> str:
        return f"{self.channel} contact {self.pk}"

    def lookup_hashes(self) -> dict[str, str]:  # ``core.crypto.reencrypt_all``
        return {"address_hash": recipient_hash(self.channel, self.address)}


class ConsentPurpose(models.TextChoices):
    NEWS = "news", _("News and announcements for my area")
    UPDATES = "updates", _("Updates on a case I follow")


class Consent(models.Model):
    """The consent ledger: one row per consent given, closed (never deleted) when it is withdrawn."""

    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    recipient_hash = models.CharField(max_length=64, db_index=True)
    purpose = models.CharField(_("purpose"), max_length=20, choices=ConsentPurpose.choices)
    text_version = models.CharField(_("consent text version"), max_length=20)
    source = models.CharField(_("source"), max_length=20)
    given_at = models.DateTimeField(_("given at"), auto_now_add=True)
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    withdrawn_source = models.CharField(max_length=20, blank=True)
    regency_code = models.CharField(_("regency"), max_length=13, blank=True, default=current_regency_code)

    class Meta:
        verbose_name = _("consent")
        verbose_name_plural = _("consents")

    def __str__(self) -> str:
        return f"{self.channel} {self.purpose} ({'withdrawn' if self.withdrawn_at else 'given'})"

    @classmethod
    def rehash_references(cls, mapping: dict[str, str]) -> int:
        """After a new look-up key (``core.crypto.reencrypt_all``): the ledger holds only hashes, so it
        takes the new values the addresses' other rows were given."""
        changed = [consent for consent in cls.objects.all() if consent.recipient_hash in mapping]
        for consent in changed:
            consent.recipient_hash = mapping[consent.recipient_hash]
        return cls.objects.bulk_update(changed, ["recipient_hash"], batch_size=500) if changed else 0


class Subscription(models.Model):
    """What a person asked to receive: a channel, an area (a kelurahan or kecamatan, or the whole
    regency) and optionally one topic; or, with a ``subject``, the updates of one case they follow
    (``aspirasi:ASP-2026-000123``). Ended, never deleted."""

    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    address = EncryptedTextField(_("address"))
    address_hash = models.CharField(max_length=64, db_index=True)
    district_code = models.CharField(_("kecamatan"), max_length=8, blank=True)
    village_code = models.CharField(_("kelurahan"), max_length=13, blank=True)
    topic = models.CharField(_("topic"), max_length=70, blank=True)
    # The case followed (its capability's prefix and code); blank for the news of an area.
    subject = models.CharField(_("follows"), max_length=60, blank=True)
    consent = models.ForeignKey(Consent, null=True, blank=True, on_delete=models.PROTECT, related_name="subscriptions")
    # Asked for on the web: unconfirmed (and sent nothing but the confirmation) until its link is opened.
    token = models.CharField(max_length=40, blank=True, db_index=True)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    ended_at = models.DateTimeField(_("ended at"), null=True, blank=True)
    regency_code = models.CharField(_("regency"), max_length=13, blank=True, default=current_regency_code)

    class Meta:
        verbose_name = _("subscription")
        verbose_name_plural = _("subscriptions")
        indexes = [
            models.Index(
                fields=["regency_code", "channel", "village_code", "district_code"],
                name="subscription_segment",
                condition=Q(ended_at__isnull=True),
            ),
            models.Index(fields=["subject"], name="subscription_follows", condition=~Q(subject="")),
        ]

    def __str__(self) -> str:
        return f"{self.channel} → {self.subject or self.village_code or self.district_code or self.regency_code}"

    def lookup_hashes(self) -> dict[str, str]:  # ``core.crypto.reencrypt_all``
        return {"address_hash": recipient_hash(self.channel, self.address)}


class InboundEvent(models.Model):
    """A webhook event as received (receipts and messages), stored before it is handled so an answer
    within a second never loses it; the provider's event id makes a replayed delivery a no-op."""

    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    event_id = models.CharField(max_length=200)
    payload = EncryptedTextField()
    received_at = models.DateTimeField(auto_now_add=True)
    handled_at = models.DateTimeField(null=True, blank=True)
    # A receipt that came before its message was recorded waits until then (``inbound.handle_pending``).
    retry_at = models.DateTimeField(null=True, blank=True)
    error = models.CharField(max_length=500, blank=True)

    class Meta:
        verbose_name = _("inbound event")
        verbose_name_plural = _("inbound events")
        constraints = [models.UniqueConstraint(fields=["channel", "event_id"], name="inbound_event_once")]
        # The events still to handle: a handful, among the millions of receipts already applied.
        indexes = [models.Index(fields=["id"], condition=Q(handled_at__isnull=True), name="inbound_event_waiting")]

    def __str__(self) -> str:
        return f"{self.channel} {self.event_id}"


class BroadcastStatus(models.TextChoices):
    SENDING = "mengirim", _("Sending")
    PAUSED = "dijeda", _("Paused")
    CANCELLED = "dibatalkan", _("Cancelled")


class Broadcast(models.Model):
    """News or an announcement sent to everyone subscribed to an area, on the chosen channels.

    Fan-out writes one outbox row per (broadcast, recipient, channel), keyed so that a repeated or
    resumed fan-out adds nothing twice. Bulk messages wait for 06:00 WIB when written during the quiet
    hours (21:00-06:00), unless the broadcast is an emergency (serta-merta) announcement.
    """

    regency_code = models.CharField(_("regency"), max_length=13, default=current_regency_code)
    title = models.CharField(_("title"), max_length=200)
    summary = models.CharField(_("summary"), max_length=600)
    link = models.URLField(_("link"), max_length=500)
    district_code = models.CharField(_("kecamatan"), max_length=8, blank=True)
    village_code = models.CharField(_("kelurahan"), max_length=13, blank=True)
    channels = models.JSONField(_("channels"), default=list)
    # The topics (slugs) it is about: it reaches those subscribed to one of them and those subscribed to
    # every topic; an emergency announcement reaches everyone in the area, whatever their topic.
    topics = models.JSONField(_("topics"), default=list, blank=True)
    emergency = models.BooleanField(_("emergency announcement"), default=False)
    status = models.CharField(
        _("status"), max_length=12, choices=BroadcastStatus.choices, default=BroadcastStatus.SENDING
    )
    recipients = models.PositiveIntegerField(_("recipients"), default=0)
    fanned_out = models.BooleanField(default=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("broadcast")
        verbose_name_plural = _("broadcasts")

    def __str__(self) -> str:
        return self.title
