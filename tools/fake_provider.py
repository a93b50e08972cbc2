"""A stand-in for the WhatsApp Cloud API, the Telegram Bot API and an SMS gateway, on 127.0.0.1.

It speaks the parts of the providers' published APIs Jembatan uses, records every message it accepts,
and posts signed status webhooks (and, when asked, inbound messages) back to Jembatan, so the whole
path runs offline: in the tests, and beside ``make run`` for a demonstration::

    python tools/fake_provider.py --port 9900 --callback http://127.0.0.1:8000
    WHATSAPP_BASE_URL=http://127.0.0.1:9900/v21.0 WHATSAPP_TOKEN=t WHATSAPP_PHONE_NUMBER_ID=123 \\
    WHATSAPP_APP_SECRET=s WHATSAPP_VERIFY_TOKEN=v TELEGRAM_BASE_URL=http://127.0.0.1:9900 \\
    TELEGRAM_BOT_TOKEN=t TELEGRAM_WEBHOOK_SECRET=s SMS_GATEWAY_URL=http://127.0.0.1:9900/sms \\
    SMS_WEBHOOK_SECRET=s make run

"Magic" recipients choose the outcome (the last four digits of a phone number, or a Telegram chat id):
``9001`` 429 with Retry-After 1 s, ``9002`` 500, ``9003`` a permanent refusal, ``9004`` answers after
1.5 s; every other one is accepted, then reported delivered (WhatsApp and SMS, through the webhook).
"""

from __future__ import annotations

import argparse
import collections
import hashlib
import hmac
import http.server
import itertools
import json
import re
import threading
import time
import urllib.request


class FakeProvider:
    def __init__(  # the stand-in's own test secrets
        self, *, port: int = 0, callback: str = "", app_secret: str = "s", telegram_secret: str = "s",  # noqa: S107
        sms_secret: str = "s", receipts: bool = True, batch_receipts: bool = False,  # noqa: S107
    ) -> None:  # fmt: skip
        self.callback = callback.rstrip("/")
        self.app_secret, self.telegram_secret, self.sms_secret = app_secret, telegram_secret, sms_secret
        self.receipts = receipts
        self.batch_receipts = batch_receipts
        if batch_receipts:
            import queue

            self._receipt_queue: queue.Queue = queue.Queue()
            threading.Thread(target=self._post_receipt_batches, daemon=True).start()
        self.lock = threading.Lock()
        self.sent: list[dict] = []  # every accepted message: channel, to, text, payload
        self.per_recipient: collections.Counter = collections.Counter()
        self.refused: collections.Counter = collections.Counter()
        self.acknowledged: list[str] = []  # Telegram callback queries answered
        self.media: dict[str, tuple[bytes, str]] = {}
        self._ids = itertools.count(1)
        provider = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            disable_nagle_algorithm = True  # headers and body go in two writes: no 40 ms delayed-ACK stall

            def log_message(self, *args) -> None:  # quiet
                return

            def do_GET(self) -> None:
                status, body, content_type = provider.route_get(self.path, dict(self.headers))
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length)
                if len(body) < length:  # the sender went away mid-request (a killed worker): nothing was sent
                    self.close_connection = True
                    return
                try:
                    payload = json.loads(body or b"{}")
                except ValueError:
                    payload = None
                if isinstance(payload, dict):
                    status, answer, headers = provider.route(self.path, payload, dict(self.headers))
                else:  # as the real APIs answer a body they cannot parse
                    status, answer, headers = 400, {"error": {"code": 100, "message": "Invalid JSON"}}, {}
                data = json.dumps(answer).encode()
                self.send_response(status)
                for name, value in {"Content-Type": "application/json", "Content-Length": str(len(data)),
                                    **headers}.items():  # fmt: skip
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(data)

        class Server(http.server.ThreadingHTTPServer):
            def handle_error(self, request, client_address) -> None:  # a client that went away (a killed worker)
                import sys

                if not isinstance(sys.exc_info()[1], ConnectionError):
                    super().handle_error(request, client_address)

        self.server = Server(("127.0.0.1", port), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def start(self) -> FakeProvider:
        self.thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    # The providers' APIs.

    def route(self, path: str, payload: dict, headers: dict) -> tuple[int, dict, dict]:
        if m := re.fullmatch(r"/v[\d.]+/(\w+)/messages", path):
            return self._whatsapp(m.group(1), payload, headers)
        if m := re.fullmatch(r"/bot([^/]+)/sendMessage", path):
            return self._telegram(payload)
        if re.fullmatch(r"/bot([^/]+)/answerCallbackQuery", path):
            with self.lock:
                self.acknowledged.append(str(payload.get("callback_query_id", "")))
            return 200, {"ok": True, "result": True}, {}
        if path == "/sms/messages":
            return self._sms(payload, headers)
        return 404, {"error": "unknown path"}, {}

    # Files people "send": WhatsApp media ids and Telegram file ids → (bytes, content type).
    def add_media(self, media_id: str, content: bytes, content_type: str = "image/jpeg") -> str:
        self.media[media_id] = (content, content_type)
        return media_id

    def route_get(self, path: str, headers: dict) -> tuple[int, bytes, str]:
        import urllib.parse

        parsed = urllib.parse.urlsplit(path)
        if m := re.fullmatch(r"/v[\d.]+/([0-9A-Za-z_.-]+)", parsed.path):
            if m.group(1) not in self.media or not headers.get("Authorization", "").startswith("Bearer "):
                return 404, b'{"error": {"code": 100, "message": "Unknown media"}}', "application/json"
            content, kind = self.media[m.group(1)]
            answer = {"url": f"{self.url}/media/{m.group(1)}", "mime_type": kind, "file_size": len(content),
                      "id": m.group(1), "messaging_product": "whatsapp"}  # fmt: skip
            return 200, json.dumps(answer).encode(), "application/json"
        if m := re.fullmatch(r"/media/([0-9A-Za-z_.-]+)", parsed.path):
            if m.group(1) not in self.media or not headers.get("Authorization", "").startswith("Bearer "):
                return 404, b"", "text/plain"
            content, kind = self.media[m.group(1)]
            return 200, content, kind
        if re.fullmatch(r"/bot[^/]+/getFile", parsed.path):
            file_id = urllib.parse.parse_qs(parsed.query).get("file_id", [""])[0]
            if file_id not in self.media:
                return (
                    400,
                    b'{"ok": false, "error_code": 400, "description": "Bad Request: invalid file_id"}',
                    "application/json",
                )
            return (
                200,
                json.dumps({"ok": True, "result": {"file_id": file_id, "file_path": f"photos/{file_id}.jpg"}}).encode(),
                "application/json",
            )
        if m := re.fullmatch(r"/file/bot[^/]+/photos/([0-9A-Za-z_-]+)\.jpg", parsed.path):
            if m.group(1) not in self.media:
                return 404, b"", "text/plain"
            content, kind = self.media[m.group(1)]
            return 200, content, kind
        return 404, b"", "text/plain"

    def _magic(self, key: str):
        key = str(key)
        for suffix in ("9001", "9002", "9003", "9004"):
            if key.endswith(suffix):
                if suffix == "9004":
                    time.sleep(1.5)
                    return None
                return suffix
        return None

    def _accept(self, channel: str, to: str, text: str, payload: dict) -> str:
        provider_id = f"{channel}-{next(self._ids)}"
        with self.lock:
            self.sent.append({"channel": channel, "to": to, "text": text, "payload": payload, "id": provider_id})
            self.per_recipient[(channel, to)] += 1
        return provider_id

    def _whatsapp(self, phone_id: str, payload: dict, headers: dict) -> tuple[int, dict, dict]:
        if not headers.get("Authorization", "").startswith("Bearer "):
            return 401, {"error": {"code": 190, "message": "no token"}}, {}
        to = str(payload.get("to", ""))
        if not to:
            return 400, {"error": {"code": 100, "message": "Invalid parameter: to"}}, {}
        magic = self._magic(to)
        if magic == "9001":
            self.refused[("whatsapp", to)] += 1
            return 429, {"error": {"code": 130429, "message": "Rate limit hit"}}, {"Retry-After": "1"}
        if magic == "9002":
            return 500, {"error": {"code": 1, "message": "Internal"}}, {}
        if magic == "9003":
            return 400, {"error": {"code": 131026, "message": "Message undeliverable"}}, {}
        interactive = payload.get("interactive") or {}
        text = (
            (payload.get("text") or {}).get("body")
            or (interactive.get("body") or {}).get("text")
            or json.dumps(payload.get("template"))
        )
        wamid = "wamid." + self._accept("whatsapp", to, text, payload)
        if self.receipts and self.callback:
            key = str(payload.get("biz_opaque_callback_data") or "")
            if self.batch_receipts:
                self._receipt_queue.put({"id": wamid, "status": "delivered", "timestamp": str(int(time.time())),
                                         "recipient_id": to, **({"biz_opaque_callback_data": key} if key else {})})  # fmt: skip
            else:
                self._later(self.whatsapp_status, wamid, to, "delivered", key)
        return 200, {"messaging_product": "whatsapp", "contacts": [{"wa_id": to}], "messages": [{"id": wamid}]}, {}

    def _telegram(self, payload: dict) -> tuple[int, dict, dict]:
        chat = str(payload.get("chat_id", ""))
        magic = self._magic(chat)
        if magic == "9001":
            self.refused[("telegram", chat)] += 1
            return 429, {"ok": False, "error_code": 429, "description": "Too Many Requests: retry after 1",
                         "parameters": {"retry_after": 1}}, {}  # fmt: skip
        if magic == "9002":
            return 500, {"ok": False, "error_code": 500, "description": "Internal Server Error"}, {}
        if magic == "9003":
            return 403, {"ok": False, "error_code": 403, "description": "Forbidden: bot was blocked by the user"}, {}
        provider_id = self._accept("telegram", chat, str(payload.get("text", "")), payload)
        return 200, {"ok": True, "result": {"message_id": int(provider_id.rsplit("-", 1)[1]), "chat": {"id": chat}}}, {}

    def _sms(self, payload: dict, headers: dict) -> tuple[int, dict, dict]:
        to = str(payload.get("to", ""))
        magic = self._magic(to)
        if magic == "9001":
            self.refused[("sms", to)] += 1
            return 429, {"error": "slow down"}, {"Retry-After": "1"}
        if magic == "9002":
            return 500, {"error": "gateway down"}, {}
        if magic == "9003":
            return 400, {"error": "invalid number"}, {}
        sms_id = self._accept("sms", to, str(payload.get("text", "")), payload)
        if self.receipts and self.callback:
            self._later(self.sms_status, sms_id, "delivered", str(payload.get("reference") or ""))
        return 201, {"id": sms_id}, {}

    # Webhooks back to Jembatan, signed as each provider signs them.

    def _later(self, function, *args) -> None:
        threading.Thread(target=function, args=args, daemon=True).start()

    def post(self, path: str, payload: dict, headers: dict | None = None, *, sign=None) -> int:
        """POST JSON to Jembatan; ``sign(body)`` returns the signature headers of the exact bytes sent."""
        data = json.dumps(payload).encode()
        headers = {"Content-Type": "application/json", **(headers or {}), **(sign(data) if sign else {})}
        request = urllib.request.Request(self.callback + path, data=data, method="POST", headers=headers)  # noqa: S310
        try:
            with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 - http://127.0.0.1 only
                return response.status
        except urllib.error.HTTPError as error:
            return error.code
        except OSError:
            return 0

    @staticmethod
    def whatsapp_payload(value: dict) -> dict:
        return {"object": "whatsapp_business_account",
                "entry": [{"id": "0", "changes": [{"field": "messages", "value": {"messaging_product": "whatsapp",
                                                                                  **value}}]}]}  # fmt: skip

    def whatsapp_post(self, payload: dict) -> int:
        def sign(data: bytes) -> dict:
            return {
                "X-Hub-Signature-256": "sha256=" + hmac.new(self.app_secret.encode(), data, hashlib.sha256).hexdigest()
            }

        return self.post("/hooks/whatsapp/", payload, sign=sign)

    def whatsapp_status(self, wamid: str, to: str, status: str, key: str = "") -> int:
        """One status webhook; ``key`` is echoed as WhatsApp echoes a message's ``biz_opaque_callback_data``."""
        time.sleep(0.05)
        echoed = {"biz_opaque_callback_data": key} if key else {}
        return self.whatsapp_post(self.whatsapp_payload(
            {"statuses": [{"id": wamid, "status": status, "timestamp": str(int(time.time())), "recipient_id": to,
                           **echoed}]}
        ))  # fmt: skip

    def _post_receipt_batches(self) -> None:
        """With ``batch_receipts``: up to 100 statuses per webhook, as WhatsApp groups them under load."""
        import queue

        while True:
            statuses = [self._receipt_queue.get()]
            while len(statuses) < 100:
                try:
                    statuses.append(self._receipt_queue.get(timeout=0.02))
                except queue.Empty:
                    break
            while self.whatsapp_post(self.whatsapp_payload({"statuses": statuses})) not in (200, 201, 204):
                time.sleep(0.5)  # Jembatan is restarting: keep the receipts, as a provider retries

    def whatsapp_inbound(self, sender: str, text: str, *, name: str = "Warga") -> int:
        message_id = f"wamid.in-{next(self._ids)}"
        return self.whatsapp_post(self.whatsapp_payload({
            "contacts": [{"wa_id": sender.lstrip("+"), "profile": {"name": name}}],
            "messages": [{"from": sender.lstrip("+"), "id": message_id, "timestamp": str(int(time.time())),
                          "type": "text", "text": {"body": text}}],
        }))  # fmt: skip

    def telegram_inbound(self, chat_id: str, text: str, *, first_name: str = "Warga") -> int:
        update = {"update_id": next(self._ids) + 100000,
                  "message": {"message_id": 1, "date": int(time.time()), "text": text,
                              "chat": {"id": int(chat_id), "type": "private", "first_name": first_name}}}  # fmt: skip
        return self.post("/hooks/telegram/", update, {"X-Telegram-Bot-Api-Secret-Token": self.telegram_secret})

    def sms_status(self, sms_id: str, status: str, reference: str = "") -> int:
        time.sleep(0.05)

        def sign(data: bytes) -> dict:
            return {"X-Signature": hmac.new(self.sms_secret.encode(), data, hashlib.sha256).hexdigest()}

        return self.post(
            "/hooks/sms/",
            {
                "event_id": f"st-{sms_id}-{status}",
                "id": sms_id,
                "status": status,
                **({"reference": reference} if reference else {}),
            },
            sign=sign,  # fmt: skip
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--port", type=int, default=9900)
    parser.add_argument("--callback", default="http://127.0.0.1:8000", help="Jembatan's address, for the webhooks")
    parser.add_argument(
        "--secret", default="s", help="WHATSAPP_APP_SECRET, TELEGRAM_WEBHOOK_SECRET and SMS_WEBHOOK_SECRET"
    )
    args = parser.parse_args()
    provider = FakeProvider(port=args.port, callback=args.callback, app_secret=args.secret,
                            telegram_secret=args.secret, sms_secret=args.secret).start()  # fmt: skip
    print(f"fake provider on {provider.url}, webhooks to {args.callback}", flush=True)
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        provider.stop()


if __name__ == "__main__":
    main()
