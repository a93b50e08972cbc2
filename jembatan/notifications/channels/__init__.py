"""Channels behind one adapter interface (``base.ChannelAdapter``); ``configured()`` lists the switched-on ones."""

from __future__ import annotations

from django.conf import settings
from django.utils.module_loading import import_string

from jembatan.notifications.channels.base import ChannelAdapter

# Channel name → adapter class. Each adapter decides from the settings whether it is switched on.
ADAPTERS = {
    "email": "jembatan.notifications.channels.email.EmailAdapter",
    "whatsapp": "jembatan.notifications.channels.whatsapp.WhatsAppAdapter",
    "telegram": "jembatan.notifications.channels.telegram.TelegramAdapter",
    "sms": "jembatan.notifications.channels.sms.SmsAdapter",
}


def adapter(channel: str) -> ChannelAdapter | None:
    """The channel's adapter when it is switched on, else ``None``."""
    path = getattr(settings, "NOTIFICATION_ADAPTERS", {}).get(channel) or ADAPTERS.get(channel)
    if not path:
        return None
    instance = import_string(path)()
    return instance if instance.enabled() else None


def configured() -> list[str]:
    return [name for name in ADAPTERS if adapter(name) is not None]
