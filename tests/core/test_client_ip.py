"""The client address behind reverse proxies: audit log, rate limits and the sign-in throttle use one function."""

import pytest
from django.test import RequestFactory

from jembatan.core import context
from jembatan.core.middleware import RequestContextMiddleware, client_ip_from_request


def _request(forwarded: str | None = None, remote: str = "127.0.0.1"):
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **extra)


def test_without_trusted_proxies_the_forwarded_header_is_ignored(settings):
    settings.TRUSTED_PROXY_COUNT = 0
    assert client_ip_from_request(_request("203.0.113.9")) == "127.0.0.1"


@pytest.mark.parametrize(
    ("count", "forwarded", "expected"),
    [
        (1, "203.0.113.9", "203.0.113.9"),
        # nginx appends the address it saw to whatever the client sent: the client part is ignored.
        (1, "10.9.9.9, 198.51.100.7", "198.51.100.7"),
        (1, "1.1.1.1,  198.51.100.7 ", "198.51.100.7"),
        (2, "10.9.9.9, 198.51.100.7, 192.0.2.1", "198.51.100.7"),
        (1, "2001:DB8::0:1", "2001:db8::1"),
        # Fewer entries than trusted proxies, or not an address: REMOTE_ADDR.
        (2, "198.51.100.7", "127.0.0.1"),
        (1, "", "127.0.0.1"),
        (1, "10.9.9.9, bukan-alamat", "127.0.0.1"),
        (1, "10.9.9.9, 198.51.100.7:443", "127.0.0.1"),
    ],
)
def test_the_nth_forwarded_address_from_the_right_is_the_client(settings, count, forwarded, expected):
    settings.TRUSTED_PROXY_COUNT = count
    assert client_ip_from_request(_request(forwarded)) == expected


def test_no_header_falls_back_to_remote_addr(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    assert client_ip_from_request(_request(None, remote="192.0.2.44")) == "192.0.2.44"


def test_the_audit_context_gets_the_forwarded_client(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    seen = []
    middleware = RequestContextMiddleware(lambda request: seen.append(context.current_client_ip()))
    middleware(_request("10.9.9.9, 198.51.100.7"))
    assert seen == ["198.51.100.7"]
    assert context.current_client_ip() is None
