"""Public page cache.

Anonymous GET responses of public pages are cached together with the *generation* number that
was current when they were rendered. Any service that changes what public pages show calls
``bump_public_cache`` after its transaction commits; the generation changes and every cached page
is stale. The generation lives in the shared cache (Redis in production), so this holds on every
app server.

Two tiers:

* The shared cache holds ``(generation, response, fresh until)`` per page. A read fetches the
  generation and the page together (``get_many``: one MGET round trip on Redis) and uses the page
  only if it was stored under the current generation and is still fresh. When it is not, one request
  renders it again (a short lock in the shared cache) and the requests that arrive meanwhile get the
  stale copy, so an expiry or a change never has every waiting request render the same page at once.
* Each process also keeps its own copies of recently served pages (at most
  PUBLIC_PAGE_LOCAL_ENTRIES, least recently used dropped first) and the generation it last read.
  While that generation is younger than PUBLIC_CACHE_GENERATION_CHECK_MS, a page found locally
  under it is served without asking the shared cache at all. A change therefore shows at once in
  the process that made it (``bump_public_cache`` updates the local generation too) and within
  PUBLIC_CACHE_GENERATION_CHECK_MS (one second by default) in the others.

Why the local tier: on the 2-core benchmark machine a round trip to Redis from a busy gunicorn
worker costs far more than rendering nothing at all, so a cached page that needed one or two
round trips served well under half the requests per second of /healthz (docs/benchmarks.md).

A missing generation (first start, Redis flushed, key evicted) is set to a random number rather
than 1, so pages cached under an earlier generation can never be mistaken for current ones.

Machines poll: feed readers and API clients ask for the same document again and again. Every cached
response carries an ``ETag`` (a hash of its body) and a ``Last-Modified`` (when it was rendered), and
a request that presents either (``If-None-Match`` / ``If-Modified-Since``) gets ``304 Not Modified``
without the body. The body is stored as one piece: Django's feed generator writes an RSS document in
hundreds of small chunks, and the WSGI server sends each chunk with its own system call.
"""

from __future__ import annotations

import functools
import hashlib
import pickle
import secrets
import threading
import time
from collections import OrderedDict

from django.conf import settings
from django.core.cache import cache
from django.utils.cache import get_conditional_response, patch_vary_headers, quote_etag
from django.utils.http import http_date, parse_http_date_safe
from django.utils.translation import get_language

from jembatan.core import replicas
from jembatan.core.replicas import replica_reads

GENERATION_KEY = "public-cache-generation"
# When public pages last changed (written only when there are read replicas; see _fresh_until).
CHANGED_AT_KEY = "public-cache-changed-at"
# A stale copy is served only while another request is rendering the page anew (at most this long).
REBUILD_LOCK_SECONDS = 10
STALE_GRACE_SECONDS = 60


def _new_generation() -> int:
    return secrets.randbelow(2**48) + 1


class _LocalPages:
    """This process's copies of cached pages, and the generation it last read. Thread-safe."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._pages: OrderedDict[str, tuple[int, float, bytes]] = OrderedDict()
        self._generation: int | None = None
        self._generation_read_at = 0.0

    def generation(self, max_age_ms: int) -> int | None:
        """The generation last read, if it was read less than ``max_age_ms`` ago."""
        with self._lock:
            if self._generation is not None and (time.monotonic() - self._generation_read_at) * 1000 < max_age_ms:
                return self._generation
        return None

    def remember_generation(self, generation: int) -> None:
        with self._lock:
            if generation != self._generation:
                self._pages.clear()
            self._generation = generation
            self._generation_read_at = time.monotonic()

    def get(self, key: str, generation: int):
        with self._lock:
            entry = self._pages.get(key)
            if entry is None:
                return None
            stored_generation, expires_at, data = entry
            if stored_generation != generation or expires_at < time.monotonic():
                del self._pages[key]
                return None
            self._pages.move_to_end(key)
        return pickle.loads(data)  # noqa: S301 - bytes this process pickled itself

    def put(self, key: str, generation: int, response, timeout: int, max_entries: int) -> None:
        if max_entries <= 0:
            return
        data = pickle.dumps(response, pickle.HIGHEST_PROTOCOL)
        with self._lock:
            self._pages[key] = (generation, time.monotonic() + timeout, data)
            self._pages.move_to_end(key)
            while len(self._pages) > max_entries:
                self._pages.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._pages.clear()
            self._generation = None
            self._generation_read_at = 0.0


_local = _LocalPages()


def clear_local_public_cache() -> None:
    """Forget this process's copies (tests; the shared cache is left alone)."""
    _local.clear()


def public_cache_generation() -> int:
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        cache.add(GENERATION_KEY, _new_generation(), timeout=None)
        generation = cache.get(GENERATION_KEY)
        if generation is None:  # the cache refuses to store: nothing cached will ever match
            generation = _new_generation()
    return generation


def bump_public_cache() -> None:
    try:
        generation = cache.incr(GENERATION_KEY)
    except ValueError:
        generation = _new_generation()
        cache.set(GENERATION_KEY, generation, timeout=None)
    _local.remember_generation(generation)
    if replicas.enabled():
        cache.set(CHANGED_AT_KEY, time.time(), timeout=None)


def _fresh_until(response, timeout: int) -> float:
    """How long a page just rendered stays fresh.

    A page read from a replica soon after a change may not show that change yet (the replica may be up
    to REPLICA_MAX_LAG_SECONDS behind). It is kept only until the replica must have caught up, so that
    the staleness a visitor can see is the lag the replicas are allowed, never the cache's full timeout.
    """
    fresh_until = time.time() + timeout
    if getattr(response, "read_from_replica", False):
        changed_at = cache.get(CHANGED_AT_KEY) or 0.0
        caught_up = changed_at + settings.REPLICA_MAX_LAG_SECONDS + settings.REPLICA_CHECK_SECONDS
        fresh_until = min(fresh_until, max(caught_up, time.time() + 1))
    return fresh_until


def _key(request) -> str:
    # One entry per site: the same path shows another regency (and other absolute links) on another host.
    tenant = getattr(request, "tenant", None)
    site = tenant.regency_code if tenant is not None else ""
    digest = hashlib.sha256(request.get_full_path().encode()).hexdigest()
    return f"public-page:{site}:{get_language()}:{digest}"


def _has_pending_messages(request) -> bool:
    """Flash messages waiting for this visitor (counting them does not consume them)."""
    storage = getattr(request, "_messages", None)
    return storage is not None and len(storage) > 0


def _is_personal(request, response) -> bool:
    """A response that sets cookies, carries a CSRF token or changed the session belongs to one visitor."""
    session = getattr(request, "session", None)
    return bool(
        response.cookies
        or request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        or (session is not None and session.modified)
        or _has_pending_messages(request)
    )


def public_page(view):
    """Cache an anonymous visitor's GET response for PUBLIC_PAGE_CACHE_SECONDS.

    Never cached or served from the cache: signed-in visitors, visitors with flash messages waiting,
    and responses that set a cookie, carry a CSRF token or touch the session.
    """

    # What a public page reads may come from a read replica (jembatan/core/replicas.py).
    view = replica_reads(view)

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        cacheable = (
            request.method == "GET"
            and not request.user.is_authenticated
            and settings.PUBLIC_PAGE_CACHE_SECONDS > 0
            and not _has_pending_messages(request)
        )
        if not cacheable:
            return view(request, *args, **kwargs)
        key = _key(request)
        timeout = settings.PUBLIC_PAGE_CACHE_SECONDS
        max_entries = settings.PUBLIC_PAGE_LOCAL_ENTRIES

        generation = _local.generation(settings.PUBLIC_CACHE_GENERATION_CHECK_MS)
        if generation is not None:
            response = _local.get(key, generation)
            if response is not None:
                return _conditional(request, response)

        found = cache.get_many([GENERATION_KEY, key])
        generation = found.get(GENERATION_KEY)
        if generation is None:
            generation = public_cache_generation()
        _local.remember_generation(generation)
        entry = found.get(key)
        if not (isinstance(entry, tuple) and len(entry) == 3):
            entry = None  # nothing, or an entry in an older format
        if entry is not None and entry[0] == generation and entry[2] > time.time():
            _local.put(key, generation, entry[1], timeout, max_entries)
            return _conditional(request, entry[1])
        # Missing or stale. One request rebuilds the page; while it does, the others get the stale copy
        # rather than all rendering the same page at once (after an expiry, a page that takes 40 ms to
        # render was rendered by every waiting request together, and served at a third of the rate).
        rebuilding = f"{key}:rebuilding"
        locked = cache.add(rebuilding, 1, REBUILD_LOCK_SECONDS)
        if entry is not None and not locked:
            return _conditional(request, entry[1])
        try:
            response = view(request, *args, **kwargs)
            if hasattr(response, "render") and callable(response.render):
                response = response.render()
            if response.status_code == 200 and not response.streaming and not _is_personal(request, response):
                patch_vary_headers(response, ["Cookie"])
                _add_validators(response)
                # Stored with the generation read *before* rendering: if a change commits meanwhile, the
                # entry is already stale and the next visitor gets a fresh page. Kept a little longer
                # than it is fresh, so a stale copy exists to serve while the next one is rendered.
                fresh_until = _fresh_until(response, timeout)
                cache.set(key, (generation, response, fresh_until), timeout + STALE_GRACE_SECONDS)
                _local.put(key, generation, response, max(1, round(fresh_until - time.time())), max_entries)
                return _conditional(request, response)
            return response
        finally:
            if locked:
                cache.delete(rebuilding)

    return wrapper


def _add_validators(response) -> None:
    """One body chunk, an ETag from the body and a Last-Modified of now (unless the view set its own)."""
    body = response.content
    response.content = body
    if not response.has_header("ETag"):
        response["ETag"] = quote_etag(hashlib.blake2b(body, digest_size=16).hexdigest())
    if not response.has_header("Last-Modified"):
        response["Last-Modified"] = http_date()


def _conditional(request, response):
    """The response, or 304 Not Modified when the client already holds this version."""
    if request.method != "GET" or not (
        request.META.get("HTTP_IF_NONE_MATCH") or request.META.get("HTTP_IF_MODIFIED_SINCE")
    ):
        return response
    return get_conditional_response(
        request,
        etag=response.get("ETag"),
        last_modified=parse_http_date_safe(response.get("Last-Modified", "")),
        response=response,
    )
