from __future__ import annotations

from jembatan.core import context


def client_ip_from_request(request) -> str | None:
    # REMOTE_ADDR is what the proxy in front of us (or the client) connected from. Deployments behind
    # a reverse proxy set it from X-Forwarded-For at the proxy; we never trust that header here.
    return request.META.get("REMOTE_ADDR") or None


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
        from django.conf import settings
        from django.utils import translation

        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response
