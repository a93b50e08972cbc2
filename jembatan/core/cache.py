"""Public page cache.

Anonymous GET responses of public pages are cached under a key that includes a *generation*
number. Any service that changes what public pages show calls ``bump_public_cache`` after its
transaction commits; the generation changes and every cached page is stale at once, on every
app server (the generation lives in the shared cache: Redis in production).
"""

from __future__ import annotations

import functools
import hashlib

from django.conf import settings
from django.core.cache import cache
from django.utils.cache import patch_vary_headers
from django.utils.translation import get_language

GENERATION_KEY = "public-cache-generation"


def public_cache_generation() -> int:
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        cache.add(GENERATION_KEY, 1, timeout=None)
        generation = cache.get(GENERATION_KEY) or 1
    return generation


def bump_public_cache() -> None:
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:
        cache.set(GENERATION_KEY, 2, timeout=None)


def _key(request, generation: int) -> str:
    digest = hashlib.sha256(request.get_full_path().encode()).hexdigest()
    return f"public-page:{generation}:{get_language()}:{digest}"


def public_page(view):
    """Cache an anonymous visitor's GET response for PUBLIC_PAGE_CACHE_SECONDS."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        cacheable = (
            request.method == "GET"
            and not request.user.is_authenticated
            and settings.PUBLIC_PAGE_CACHE_SECONDS > 0
            and not request.GET.get("nocache")
        )
        if not cacheable:
            return view(request, *args, **kwargs)
        key = _key(request, public_cache_generation())
        cached = cache.get(key)
        if cached is not None:
            return cached
        response = view(request, *args, **kwargs)
        if hasattr(response, "render") and callable(response.render):
            response = response.render()
        if response.status_code == 200 and not response.cookies:
            patch_vary_headers(response, ["Cookie"])
            cache.set(key, response, settings.PUBLIC_PAGE_CACHE_SECONDS)
        return response

    return wrapper
