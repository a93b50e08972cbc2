"""Fetching a feed over HTTP, defensively.

Only http and https; connect and read timeouts plus an overall deadline; the body is streamed and
refused as soon as it passes the size cap (a declared Content-Length above the cap is refused before
any of the body is read); redirects are followed by hand, a few at most, each hop checked again;
conditional GET with ETag / Last-Modified. Private, loopback, link-local and other non-public
addresses are refused (SSRF) unless ``SYNDICATION_ALLOW_PRIVATE_HOSTS`` is set; the connection is then
pinned to the address that was checked, so a second DNS answer cannot point it elsewhere.

Every failure raises ``FetchError`` with a translated message for the editors.
"""

from __future__ import annotations

import ipaddress
import socket
import time
from dataclasses import dataclass
from urllib.parse import urljoin

import httpx
from django.conf import settings
from django.utils.translation import gettext as _

from jembatan.core.errors import DomainError

ACCEPT = "application/feed+json, application/json;q=0.9, application/atom+xml, application/rss+xml, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.1"  # noqa: E501


class FetchError(DomainError):
    def __init__(self, message: str) -> None:
        super().__init__(message, code="feed_fetch_error")


@dataclass
class FetchResult:
    url: str
    status_code: int
    body: bytes = b""
    content_type: str = ""
    etag: str = ""
    last_modified: str = ""

    @property
    def not_modified(self) -> bool:
        return self.status_code == 304


def user_agent() -> str:
    return f"Jembatan-feed-reader/1.0 (+{settings.PUBLIC_BASE_URL})"


def _is_public_address(address: str) -> bool:
    ip = ipaddress.ip_address(address)
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast


def _checked_address(url: httpx.URL) -> str | None:
    """The address to connect to, after refusing non-public ones; None when private hosts are allowed."""
    if settings.SYNDICATION_ALLOW_PRIVATE_HOSTS:
        return None
    host = url.host
    port = url.port or (443 if url.scheme == "https" else 80)
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise FetchError(_("The server name %(host)s could not be found.") % {"host": host}) from exc
    addresses = [info[4][0] for info in infos]
    if not addresses or not all(_is_public_address(address) for address in addresses):
        raise FetchError(
            _("The address %(host)s points to a private or local network; only public addresses can be fetched.")
            % {"host": host}
        )
    return addresses[0]


def _check_scheme(url: httpx.URL) -> None:
    if url.scheme not in ("http", "https") or not url.host:
        raise FetchError(_("Only http:// and https:// addresses can be fetched."))


def _request(client: httpx.Client, url: httpx.URL, headers: dict[str, str]):
    """Open a streamed GET, connecting to the checked address when private hosts are refused."""
    address = _checked_address(url)
    headers = dict(headers)
    extensions = {}
    target = url
    if address is not None:
        default_port = 443 if url.scheme == "https" else 80
        headers["Host"] = url.host if (url.port or default_port) == default_port else f"{url.host}:{url.port}"
        target = url.copy_with(host=address)
        if url.scheme == "https":
            extensions["sni_hostname"] = url.host
    request = client.build_request("GET", target, headers=headers, extensions=extensions)
    return client.send(request, stream=True)


def fetch_url(url: str, *, etag: str = "", last_modified: str = "") -> FetchResult:
    """GET ``url`` within the configured limits. Raises FetchError with a message for the editors."""
    max_bytes = settings.SYNDICATION_MAX_BYTES
    deadline = time.monotonic() + settings.SYNDICATION_TOTAL_TIMEOUT
    timeout = httpx.Timeout(
        connect=settings.SYNDICATION_CONNECT_TIMEOUT,
        read=settings.SYNDICATION_READ_TIMEOUT,
        write=settings.SYNDICATION_READ_TIMEOUT,
        pool=settings.SYNDICATION_CONNECT_TIMEOUT,
    )
    # identity: the size limit counts what is really parsed (no compressed bomb), and the raw stream is the body
    headers = {"User-Agent": user_agent(), "Accept": ACCEPT, "Accept-Encoding": "identity"}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    try:
        current = httpx.URL(url)
    except (httpx.InvalidURL, TypeError, ValueError) as exc:
        raise FetchError(_("The feed address is not a valid web address.")) from exc
    try:
        with httpx.Client(timeout=timeout, follow_redirects=False, trust_env=False) as client:
            for _hop in range(settings.SYNDICATION_MAX_REDIRECTS + 1):
                _check_scheme(current)
                response = _request(client, current, headers)
                try:
                    if response.status_code in (301, 302, 303, 307, 308):
                        location = response.headers.get("Location", "")
                        if not location:
                            raise FetchError(_("The server sent a redirect without an address."))
                        current = httpx.URL(urljoin(str(current), location))
                        continue
                    return _read(response, str(current), max_bytes=max_bytes, deadline=deadline)
                finally:
                    response.close()
            raise FetchError(
                _("The feed redirected more than %(count)s times; check its address.")
                % {"count": settings.SYNDICATION_MAX_REDIRECTS}
            )
    except FetchError:
        raise
    except httpx.ConnectTimeout as exc:
        raise FetchError(_("The server did not accept the connection in time.")) from exc
    except (httpx.ReadTimeout, httpx.WriteTimeout, httpx.PoolTimeout) as exc:
        raise FetchError(_("The server did not answer in time.")) from exc
    except httpx.ConnectError as exc:
        raise FetchError(_("Could not connect to the server: %(detail)s") % {"detail": exc}) from exc
    except httpx.TooManyRedirects as exc:  # pragma: no cover - redirects are followed by hand
        raise FetchError(_("The feed redirected too many times.")) from exc
    except (httpx.HTTPError, httpx.InvalidURL) as exc:
        raise FetchError(_("The feed could not be fetched: %(detail)s") % {"detail": exc}) from exc


def _read(response: httpx.Response, url: str, *, max_bytes: int, deadline: float) -> FetchResult:
    result = FetchResult(
        url=url,
        status_code=response.status_code,
        content_type=response.headers.get("Content-Type", ""),
        etag=response.headers.get("ETag", "")[:500],
        last_modified=response.headers.get("Last-Modified", "")[:100],
    )
    if response.status_code == 304:
        return result
    if response.status_code >= 400 or response.status_code < 200:
        raise FetchError(
            _("The server answered HTTP %(status)s (%(reason)s) instead of the feed.")
            % {"status": response.status_code, "reason": response.reason_phrase or "-"}
        )
    too_large = _("The feed is larger than the limit of %(limit)s bytes.") % {"limit": max_bytes}
    declared = response.headers.get("Content-Length", "")
    if declared.isdigit() and int(declared) > max_bytes:
        raise FetchError(too_large)
    chunks: list[bytes] = []
    total = 0
    for chunk in response.iter_raw():  # yields after every network read, so the deadline is checked often
        total += len(chunk)
        if total > max_bytes:
            raise FetchError(too_large)
        if time.monotonic() > deadline:
            raise FetchError(
                _("The feed took longer than %(seconds)s seconds to download.")
                % {"seconds": settings.SYNDICATION_TOTAL_TIMEOUT}
            )
        chunks.append(chunk)
    result.body = b"".join(chunks)
    return result
