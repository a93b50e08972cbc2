"""Telegram Bot API, reached at ``TELEGRAM_BASE_URL`` (``/bot<token>/<method>``).

A bot may write only to a chat that has sent ``/start``: the recipient is that chat's id. Webhook
requests must carry ``X-Telegram-Bot-Api-Secret-Token`` equal to ``TELEGRAM_WEBHOOK_SECRET``
(compared in constant time). Telegram gives no delivery receipt: accepted is delivered.
"""

from __future__ import annotations

import logging
import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

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

logger = logging.getLogger(__name__)


class TelegramAdapter(ChannelAdapter):
    name = "telegram"

    def enabled(self) -> bool:
        return bool(settings.TELEGRAM_BOT_TOKEN)

    def normalise_recipient(self, value: str) -> str:
        value = (value or "").strip()
        if not re.fullmatch(r"-?\d{1,20}", value):
            raise ValidationError(_("A Telegram chat is a number."), code="invalid")
        return value

    def send(self, message: Outgoing) -> Sent:
        url = f"{settings.TELEGRAM_BASE_URL.rstrip('/')}/bot{settings.TELEGRAM_BOT_TOKEN}/sendMessage"
        payload = {"chat_id": message.recipient, "text": with_way_out(message)[:4096], "disable_web_page_preview": True}
        if message.choices:  # one button per row; the callback data (≤ 64 bytes) is what the person could type
            payload["reply_markup"] = {"inline_keyboard": [
                [{"text": title[:64], "callback_data": choice_id.encode()[:64].decode(errors="ignore")}]
                for choice_id, title in message.choices[:10]
            ]}  # fmt: skip
        status, body, headers = http.post_json(url, payload)
        if status == 200 and body.get("ok"):
            result = body.get("result") or {}
            return Sent(provider_id=f"{message.recipient}:{result.get('message_id', '')}", delivered=True)
        detail = f"HTTP {status}: {body.get('description', '')}"[:480]
        if status == 429:
            wait = (body.get("parameters") or {}).get("retry_after")
            raise SendError(detail, retry_after=float(wait) if wait else http.retry_after(headers, 30.0))
        if status in (400, 403):  # chat not found, bot blocked by the user, user deactivated
            raise SendError(detail, permanent=True)
        raise SendError(detail)

    def acknowledge(self, message: Inbound) -> None:
        """A tapped inline button spins until Telegram hears back (answerCallbackQuery); a failure is only
        logged: the answer itself has been sent."""
        query = (message.data or {}).get("callback_query_id")
        if message.kind != "button" or not query:
            return
        url = f"{settings.TELEGRAM_BASE_URL.rstrip('/')}/bot{settings.TELEGRAM_BOT_TOKEN}/answerCallbackQuery"
        try:
            http.post_json(url, {"callback_query_id": query})
        except SendError:
            logger.warning("answerCallbackQuery failed for %s", query, exc_info=True)

    def fetch_media(self, data: dict) -> tuple[bytes, str]:
        """A photo sent to the bot: getFile gives its path, then the file itself."""
        file_id = str(data.get("file_id") or "")
        if not re.fullmatch(r"[0-9A-Za-z_-]{1,200}", file_id):
            raise SendError("no file id", permanent=True)
        base = f"{settings.TELEGRAM_BASE_URL.rstrip('/')}"
        status, body = http.get_json(f"{base}/bot{settings.TELEGRAM_BOT_TOKEN}/getFile", params={"file_id": file_id})
        path = str((body.get("result") or {}).get("file_path") or "")
        if status != 200 or not body.get("ok") or not re.fullmatch(r"[0-9A-Za-z_./-]{1,300}", path) or ".." in path:
            raise SendError(f"HTTP {status}: no file path")
        return http.download(f"{base}/file/bot{settings.TELEGRAM_BOT_TOKEN}/{path}",
                             max_bytes=settings.UPLOAD_MAX_IMAGE_BYTES)  # fmt: skip

    def verify_webhook(self, request) -> str | None:
        secret = settings.TELEGRAM_WEBHOOK_SECRET
        if not secret:
            return "TELEGRAM_WEBHOOK_SECRET is not set"
        given = request.headers.get("X-Telegram-Bot-Api-Secret-Token", "")
        return None if http.same(given, secret) else "bad secret token"

    def parse_webhook(self, payload: dict) -> tuple[list[Receipt], list[Inbound]]:
        update_id = payload.get("update_id")
        message = payload.get("message") or payload.get("edited_message")
        callback = payload.get("callback_query")
        if update_id is None:
            return [], []
        if callback:
            chat = ((callback.get("message") or {}).get("chat") or {}).get("id")
            if chat is None:
                return [], []
            return [], [Inbound(event_id=str(update_id), sender=str(chat), text=str(callback.get("data", ""))[:200],
                                kind="button", data={"callback_query_id": str(callback.get("id", ""))[:100]})]  # fmt: skip
        if not message or (message.get("chat") or {}).get("id") is None:
            return [], []
        chat = message["chat"]
        text = str(message.get("text", "") or message.get("caption", ""))[:4096]
        kind = "start" if text.strip().startswith("/start") else "text"
        data = None
        if message.get("location"):
            kind, data = "location", {k: message["location"].get(k) for k in ("latitude", "longitude")}
        elif message.get("photo"):
            kind, data = "image", {"file_id": message["photo"][-1].get("file_id")}
        name = " ".join(filter(None, [chat.get("first_name"), chat.get("last_name")]))[:200]
        return [], [
            Inbound(event_id=str(update_id), sender=str(chat["id"]), text=text, name=name, kind=kind, data=data)
        ]
