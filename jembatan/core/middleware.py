from __future__ import annotations

import ipaddress

from django.conf import settings
from django.http import HttpResponseBadRequest

from jembatan.core import context


def _valid_ip(value: str | None) -> str | None:
    """The address in its canonical spelling, or None when ``value`` is not an IPv4/IPv6 address."""
    if not value:
        return None
    try:
        return str(ipaddress.ip_address(value.strip()))
    except ValueError:
        return None


def client_ip_from_request(request) -> str | None:
    """The client's address, for the audit log, rate limits and the sign-in throttle.

    With ``TRUSTED_PROXY_COUNT`` = 0 (the default) this is REMOTE_ADDR and X-Forwarded-For is never
    looked at: a client can write anything in that header. Behind N trusted reverse proxies that each
    append the address they received the connection from (nginx:
    ``proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;``), the Nth entry from the right
    is the one the outermost trusted proxy wrote; entries further left come from the client and are
    ignored. A header with fewer entries, or a value that is not an IP address, falls back to
    REMOTE_ADDR.
    """
    count = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    if count > 0:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        entries = [entry.strip() for entry in forwarded.split(",")] if forwarded else []
        if len(entries) >= count:
            address = _valid_ip(entries[-count])
            if address:
                return address
    remote = request.META.get("REMOTE_ADDR") or None
    return _valid_ip(remote) or remote


class RejectNulBytesMiddleware:
    """Answer 400 to a NUL byte in the path, the query string or a urlencoded form body.

    No field of this application accepts NUL, and PostgreSQL refuses text containing it (a 500 in
    every view that filters on the value). Multipart bodies (file uploads, which may hold any byte)
    are not read here; their text fields go through forms, whose CharFields refuse NUL.
    """

    FORM_CONTENT_TYPE = "application/x-www-form-urlencoded"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if self._has_nul(request):
            return HttpResponseBadRequest("Permintaan tidak valid.", content_type="text/plain; charset=utf-8")
        return self.get_response(request)

    def _has_nul(self, request) -> bool:
        if "\x00" in request.path or "\x00" in request.path_info:
            return True
        query = request.META.get("QUERY_STRING", "")
        if "%00" in query or "\x00" in query:
            return True
        if request.content_type == self.FORM_CONTENT_TYPE and request.method not in ("GET", "HEAD"):
            # At most DATA_UPLOAD_MAX_MEMORY_SIZE bytes (RequestDataTooBig, a 400, beyond); the view
            # reads the same body again from memory.
            body = request.body
            return b"%00" in body or b"\x00" in body
        return False


class RequestContextMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = context.set_client_ip(client_ip_from_request(request))
        try:
            return self.get_response(request)
        finally:
            context.reset_client_ip(token)


class CookieLocaleMiddleware:
    """Bahasa Indonesia unless the visitor chose another language with the language link.

    Django's LocaleMiddleware would follow the browser's Accept-Language, and many phones in
    Indonesia are set to English; the product speaks Indonesian first.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from django.utils import translation

        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response
