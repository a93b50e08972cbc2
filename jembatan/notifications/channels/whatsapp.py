"""WhatsApp Business Cloud API (Meta's published Graph API), reached at ``WHATSAPP_BASE_URL``.

Free text only inside the 24-hour customer service window (the person wrote within the last 24
hours); outside it, the message goes as the approved template named after the Jembatan template, with
the personalisation as body parameters in the template's placeholder order. Webhooks: ``GET`` answers
Meta's verification (``hub.challenge``) when ``hub.verify_token`` matches; ``POST`` bodies must carry
``X-Hub-Signature-256: sha256=<HMAC-SHA256 of the raw body under WHATSAPP_APP_SECRET>``, compared in
constant time.
"""

from __future__ import annotations

import re

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

# Cloud API error codes: https://developers.facebook.com/docs/whatsapp/cloud-api/support/error-codes
RATE_LIMITED = {4, 80007, 130429, 131048, 131056}
PERMANENT = {131026, 131047, 131051, 131052, 131053, 132000, 132001, 132005, 132007, 132012, 133010, 100, 131009}
STATUSES = {"sent": "sending", "delivered": "delivered", "read": "read", "failed": "permanent-failure"}


class WhatsAppAdapter(ChannelAdapter):
    name = "whatsapp"

    def enabled(self) -> bool:
        return bool(settings.WHATSAPP_TOKEN and settings.WHATSAPP_PHONE_NUMBER_ID)

    def normalise_recipient(self, value: str) -> str:
        return normalize_phone(value)

    def send(self, message: Outgoing) -> Sent:
        to = message.recipient.lstrip("+")
        if message.in_session and message.choices:
            payload = {"messaging_product": "whatsapp", "to": to, "type": "interactive",
                       "interactive": interactive(message), "biz_opaque_callback_data": message.key}  # fmt: skip
        elif message.in_session:
            payload = {"messaging_product": "whatsapp", "to": to, "type": "text",
                       "text": {"body": with_way_out(message)[:4096], "preview_url": False},
                       "biz_opaque_callback_data": message.key}  # fmt: skip
        else:
            payload = {
                "messaging_product": "whatsapp", "to": to, "type": "template",
                "template": {
                    "name": message.provider_template,
                    "language": {"code": message.language},
                    "components": [
                        {"type": "body", "parameters": [{"type": "text", "text": value} for value in message.parameters]}
                    ],
                },
                "biz_opaque_callback_data": message.key,
            }  # fmt: skip
        url = f"{settings.WHATSAPP_BASE_URL.rstrip('/')}/{settings.WHATSAPP_PHONE_NUMBER_ID}/messages"
        status, body, headers = http.post_json(
            url, payload, headers={"Authorization": f"Bearer {settings.WHATSAPP_TOKEN}"}
        )
        if status == 200 and body.get("messages"):
            return Sent(provider_id=str(body["messages"][0].get("id", ""))[:200])
        error = body.get("error") or {}
        code = error.get("code")
        detail = f"HTTP {status} {code}: {error.get('message', '')}"[:480]
        if status == 429 or code in RATE_LIMITED:
            raise SendError(detail, retry_after=http.retry_after(headers, 60.0))
        if code in PERMANENT or status in (400, 404) and code is not None and code not in RATE_LIMITED:
            raise SendError(detail, permanent=True)
        raise SendError(detail)

    def fetch_media(self, data: dict) -> tuple[bytes, str]:
        """A photo sent to us: its URL from the media endpoint, then the file, both with the token."""
        media_id = str(data.get("media_id") or "")
        if not re.fullmatch(r"[0-9A-Za-z_.-]{1,128}", media_id):
            raise SendError("no media id", permanent=True)
        auth = {"Authorization": f"Bearer {settings.WHATSAPP_TOKEN}"}
        status, body = http.get_json(f"{settings.WHATSAPP_BASE_URL.rstrip('/')}/{media_id}", headers=auth)
        url = str(body.get("url") or "")
        if status != 200 or not url.startswith(("https://", settings.WHATSAPP_BASE_URL.split("/v", 1)[0])):
            raise SendError(f"HTTP {status}: no media URL")
        return http.download(url, headers=auth, max_bytes=settings.UPLOAD_MAX_IMAGE_BYTES)

    def verify_webhook(self, request) -> str | None:
        secret = settings.WHATSAPP_APP_SECRET
        if not secret:
            return "WHATSAPP_APP_SECRET is not set"
        given = request.headers.get("X-Hub-Signature-256", "")
        expected = "sha256=" + http.hmac_sha256(secret, request.body)
        return None if http.same(given, expected) else "bad signature"

    def verify_subscription(self, params) -> str | None:
        """The ``hub.challenge`` to echo when Meta's verification request is genuine."""
        token = settings.WHATSAPP_VERIFY_TOKEN
        if params.get("hub.mode") == "subscribe" and token and http.same(params.get("hub.verify_token", ""), token):
            return params.get("hub.challenge", "")
        return None

    def parse_webhook(self, payload: dict) -> tuple[list[Receipt], list[Inbound]]:
        receipts, inbound = [], []
        for entry in payload.get("entry") or []:
            for change in (entry or {}).get("changes") or []:
                value = (change or {}).get("value") or {}
                names = {c.get("wa_id"): (c.get("profile") or {}).get("name", "") for c in value.get("contacts") or []}
                for status in value.get("statuses") or []:
                    mapped = STATUSES.get(status.get("status"))
                    if mapped and status.get("id"):
                        errors = status.get("errors") or [{}]
                        detail = f"{errors[0].get('code', '')} {errors[0].get('title', '')}".strip()
                        receipts.append(
                            Receipt(str(status["id"]), mapped, detail if mapped.endswith("failure") else "",
                                    key=str(status.get("biz_opaque_callback_data") or "")[:100])
                        )  # fmt: skip
                for message in value.get("messages") or []:
                    inbound.append(_inbound(message, names))
        return receipts, [message for message in inbound if message is not None]


def _cut(text: str, limit: int) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def interactive(message: Outgoing) -> dict:
    """A reply with choices as WhatsApp's interactive message: up to 3 reply buttons (titles of at most 20
    characters), up to 10 as a list (row titles of 24, descriptions of 72, one button label of 20). The
    choice ids are what the person could have typed, so a tap and a typed answer are the same."""
    body = {"text": with_way_out(message)[:1024]}
    choices = message.choices[:10]
    if len(choices) <= 3:
        buttons = [{"type": "reply", "reply": {"id": choice_id[:256], "title": _cut(title, 20)}}
                   for choice_id, title in choices]  # fmt: skip
        return {"type": "button", "body": body, "action": {"buttons": buttons}}
    rows = [{"id": choice_id[:200], "title": _cut(title, 24), **({"description": _cut(title, 72)} if len(title) > 24 else {})}
            for choice_id, title in choices]  # fmt: skip
    return {"type": "list", "body": body,
            "action": {"button": _cut(_("Choose"), 20), "sections": [{"title": _cut(_("Choose"), 24), "rows": rows}]}}  # fmt: skip


def _inbound(message: dict, names: dict) -> Inbound | None:
    sender, event_id = str(message.get("from", "")), str(message.get("id", ""))
    if not sender or not event_id:
        return None
    kind = message.get("type", "")
    text, data = "", None
    if kind == "text":
        text = (message.get("text") or {}).get("body", "")
    elif kind == "interactive":
        reply = message.get("interactive") or {}
        chosen = reply.get("button_reply") or reply.get("list_reply") or {}
        text, kind = chosen.get("id", ""), "button"
    elif kind == "button":
        text = (message.get("button") or {}).get("payload", "")
    elif kind == "location":
        data = {k: (message.get("location") or {}).get(k) for k in ("latitude", "longitude")}
    elif kind == "image":
        data = {
            "media_id": (message.get("image") or {}).get("id"),
            "caption": (message.get("image") or {}).get("caption", ""),
        }
        text = data["caption"] or ""
    try:
        sender = normalize_phone("+" + sender.lstrip("+"))
    except ValidationError:
        return None
    return Inbound(event_id=event_id, sender=sender, text=text[:4096], name=names.get(message.get("from"), "")[:200],
                   kind=kind, data=data)  # fmt: skip
