"""What the HTTP channels share: one client per process, and the outcomes of an HTTP answer."""

from __future__ import annotations

import hashlib
import hmac
import threading

import httpx

from jembatan.notifications.channels.base import SendError

_client: httpx.Client | None = None
_lock = threading.Lock()


def client() -> httpx.Client:
    """A pooled client shared by the sending threads (httpx clients are thread-safe)."""
    global _client
    with _lock:
        if _client is None:
            _client = httpx.Client(timeout=httpx.Timeout(15.0, connect=5.0), limits=httpx.Limits(max_connections=64))
        return _client


def post_json(url: str, payload: dict, *, headers: dict | None = None) -> tuple[int, dict, httpx.Headers]:
    """POST JSON; a network failure is a temporary ``SendError``. Returns status, JSON body, headers."""
    try:
        response = client().post(url, json=payload, headers=headers or {})
    except httpx.HTTPError as exc:
        raise SendError(f"{type(exc).__name__}: {exc}") from exc
    try:
        body = response.json()
    except ValueError:
        body = {}
    return response.status_code, body if isinstance(body, dict) else {}, response.headers


def retry_after(headers: httpx.Headers, default: float | None = None) -> float | None:
    try:
        return float(headers.get("Retry-After", ""))
    except ValueError:
        return default


def hmac_sha256(secret: str, body: bytes) -> str:
    return hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def same(a: str, b: str) -> bool:
    """Constant-time comparison of two secrets."""
    return hmac.compare_digest(a.encode(), b.encode())
