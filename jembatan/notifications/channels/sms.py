"""SMS through an HTTP gateway at ``SMS_GATEWAY_URL`` (a small, documented JSON API; docs/configuration.md).

Only the GSM 03.38 alphabet is sent: anything else is transliterated (``anyascii``: "“rusak” — é" →
"\\"rusak\\" - é"), so every message costs 7-bit segments (160 characters, or 153 per part when split;
``^{}\\[~]|€`` count twice). The sender's name starts the text, and a message over three segments is
refused when it is written, never cut.

Gateway API: ``POST {url}/messages`` ``{"to", "text", "reference"}`` with ``Authorization: Bearer``,
answered ``{"id"}``; status webhooks ``POST /hooks/sms/`` ``{"event_id", "id", "status"}`` and inbound
texts ``{"event_id", "from", "text"}``, signed ``X-Signature: <hex HMAC-SHA256 of the body>``.
"""

from __future__ import annotations

import math

from anyascii import anyascii
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from jembatan.core.privacy import normalize_phone
from jembatan.notifications.channels import http
from jembatan.notifications.channels.base import (
    ChannelAdapter,
    Inbound,
    Outgoing,
    Receipt,
    SendError,
    Sent,
    with_way_out,
)

GSM7_BASIC = set(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿"
    "abcdefghijklmnopqrstuvwxyzäöñüà"
)
GSM7_EXTENDED = set("^{}\\[~]|€\f")
MAX_SEGMENTS = 3
# Room kept for the line a bulk SMS ends with ("Kirim BERHENTI untuk berhenti menerima kabar.").
WAY_OUT_ALLOWANCE = " " * 50
STATUSES = {"sent": "sending", "delivered": "delivered", "failed": "permanent-failure", "expired": "temporary-failure"}


def to_gsm7(text: str) -> str:
    out = []
    for char in text:
        if char in GSM7_BASIC or char in GSM7_EXTENDED:
            out.append(char)
            continue
        for replacement in anyascii(char):
            out.append(replacement if replacement in GSM7_BASIC or replacement in GSM7_EXTENDED else "")
    return "".join(out)


def septets(text: str) -> int:
    return sum(2 if char in GSM7_EXTENDED else 1 for char in text)


def segments(text: str) -> int:
    length = septets(text)
    return 1 if length <= 160 else math.ceil(length / 153)


def sms_text(body: str) -> str:
    return to_gsm7(f"{settings.SMS_SENDER_NAME}: {body.strip()}")


class SmsAdapter(ChannelAdapter):
    name = "sms"

    def enabled(self) -> bool:
        return bool(settings.SMS_GATEWAY_URL)

    def normalise_recipient(self, value: str) -> str:
        return normalize_phone(value)

    def check_body(self, subject: str, body: str) -> None:
        count = segments(sms_text(body + WAY_OUT_ALLOWANCE))
        if count > MAX_SEGMENTS:
            raise ValidationError(
                _("The text is too long for SMS: %(count)s parts, at most %(max)s (about %(chars)s characters).")
                % {"count": count, "max": MAX_SEGMENTS, "chars": 153 * MAX_SEGMENTS},
                code="too_long",
            )

    def send(self, message: Outgoing) -> Sent:
        url = f"{settings.SMS_GATEWAY_URL.rstrip('/')}/messages"
        payload = {"to": message.recipient, "text": sms_text(with_way_out(message)), "reference": message.key}
        status, body, headers = http.post_json(
            url,
            payload,
            headers={"Authorization": f"Bearer {settings.SMS_GATEWAY_TOKEN}"} if settings.SMS_GATEWAY_TOKEN else {},
        )
        if status in (200, 201) and body.get("id"):
            return Sent(provider_id=str(body["id"])[:200])
        detail = f"HTTP {status}: {body.get('error', '')}"[:480]
        if status == 429:
            raise SendError(detail, retry_after=http.retry_after(headers, 30.0))
        if 400 <= status < 500:
            raise SendError(detail, permanent=True)
        raise SendError(detail)

    def verify_webhook(self, request) -> str | None:
        secret = settings.SMS_WEBHOOK_SECRET
        if not secret:
            return "SMS_WEBHOOK_SECRET is not set"
        return (
            None
            if http.same(request.headers.get("X-Signature", ""), http.hmac_sha256(secret, request.body))
            else "bad signature"
        )

    def parse_webhook(self, payload: dict) -> tuple[list[Receipt], list[Inbound]]:
        event_id = str(payload.get("event_id", ""))
        if not event_id:
            return [], []
        if payload.get("from"):
            try:
                sender = normalize_phone(str(payload["from"]))
            except ValidationError:
                return [], []
            return [], [Inbound(event_id=event_id, sender=sender, text=str(payload.get("text", ""))[:1600])]
        mapped = STATUSES.get(str(payload.get("status", "")))
        if mapped and payload.get("id"):
            return [Receipt(str(payload["id"]), mapped, str(payload.get("error", ""))[:200],
                            key=str(payload.get("reference") or "")[:100])], []  # fmt: skip
        return [], []
