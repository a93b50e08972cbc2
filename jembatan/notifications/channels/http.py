"""What the HTTP channels share: per sending thread, a connection pool for the providers' APIs, and the
outcomes of an HTTP answer.

Sending uses urllib3 (a pool per thread, kept alive): at a thousand messages a second the HTTP client is
the largest cost in the worker, and urllib3 takes half the CPU time of httpx for the same small POST
(0.17 against 0.33 ms, measured against the stand-in provider). httpx stays for the occasional request
that needs more (``client()``).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import threading

import httpx
import urllib3

from jembatan.notifications.channels.base import SendError

_local = threading.local()


def client() -> httpx.Client:
    """This thread's own pooled client, kept for the thread's life.

    One client shared by every sending thread is thread-safe but serialises them on its pool's lock:
    measured with 32 threads, most of a worker's time went waiting for it. A thread sends one message
    at a time, so its own client needs only a few keep-alive connections."""
    own = getattr(_local, "client", None)
    if own is None:
        own = _local.client = httpx.Client(
            timeout=httpx.Timeout(15.0, connect=5.0),
            limits=httpx.Limits(max_connections=4, max_keepalive_connections=4),
        )
    return own


def close_client() -> None:
    """Close this thread's clients (a thread that ends with its batch calls this)."""
    own, pool = getattr(_local, "client", None), getattr(_local, "pool", None)
    _local.client = _local.pool = None
    if own is not None:
        own.close()
    if pool is not None:
        pool.clear()


def _pool() -> urllib3.PoolManager:
    own = getattr(_local, "pool", None)
    if own is None:
        own = _local.pool = urllib3.PoolManager(
            num_pools=8, maxsize=4, retries=False, timeout=urllib3.Timeout(connect=5.0, read=15.0)
        )
    return own


def post_json(url: str, payload: dict, *, headers: dict | None = None) -> tuple[int, dict, dict]:
    """POST JSON; a network failure is a temporary ``SendError``. Returns status, JSON body, headers."""
    body = json.dumps(payload, ensure_ascii=False).encode()
    try:
        response = _pool().request(
            "POST", url, body=body, headers={"Content-Type": "application/json", **(headers or {})}, redirect=False
        )
    except urllib3.exceptions.HTTPError as exc:
        raise SendError(f"{type(exc).__name__}: {exc}") from exc
    try:
        answer = json.loads(response.data or b"{}")
    except ValueError:
        answer = {}
    return response.status, answer if isinstance(answer, dict) else {}, response.headers


def retry_after(headers, default: float | None = None) -> float | None:
    try:
        return float(headers.get("Retry-After", ""))
    except ValueError:
        return default


def hmac_sha256(secret: str, body: bytes) -> str:
    return hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def same(a: str, b: str) -> bool:
    """Constant-time comparison of two secrets."""
    return hmac.compare_digest(a.encode(), b.encode())


def download(url: str, *, headers: dict | None = None, max_bytes: int) -> tuple[bytes, str]:
    """GET a file (a photo a person sent by chat) with a timeout and a size cap; ``SendError`` when it
    fails or is too large. Returns the bytes and the content type."""
    try:
        with client().stream("GET", url, headers=headers or {}) as response:
            if response.status_code != 200:
                raise SendError(f"HTTP {response.status_code} for the file")
            declared = int(response.headers.get("Content-Length") or 0)
            if declared > max_bytes:
                raise SendError("the file is too large", permanent=True)
            chunks, size = [], 0
            for chunk in response.iter_bytes():
                size += len(chunk)
                if size > max_bytes:
                    raise SendError("the file is too large", permanent=True)
                chunks.append(chunk)
            return b"".join(chunks), response.headers.get("Content-Type", "")
    except httpx.HTTPError as exc:
        raise SendError(f"{type(exc).__name__}: {exc}") from exc


def get_json(url: str, *, headers: dict | None = None, params: dict | None = None) -> tuple[int, dict]:
    try:
        response = client().get(url, headers=headers or {}, params=params or {})
    except httpx.HTTPError as exc:
        raise SendError(f"{type(exc).__name__}: {exc}") from exc
    try:
        body = response.json()
    except ValueError:
        body = {}
    return response.status_code, body if isinstance(body, dict) else {}
