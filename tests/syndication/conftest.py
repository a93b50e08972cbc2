"""A real HTTP server on 127.0.0.1 for the feed tests, started per test and shut down after.

``feed_server.route(path, body=..., status=..., headers=..., delay=..., stream=...)`` registers what a
path answers; ``feed_server.url(path)`` is its address; ``feed_server.requests`` records the request
headers seen, for conditional GET tests.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.conf import settings
from django.utils import translation

from jembatan.regions.models import Regency


@dataclass
class Route:
    body: bytes = b""
    status: int = 200
    headers: dict = field(default_factory=dict)
    delay: float = 0.0
    stream_bytes: int = 0  # when set, send this many bytes in chunks instead of ``body``
    content_length: bool = True
    byte_delay: float = 0.0  # when set, send ``body`` one byte at a time with this pause between bytes
    handler: object = None  # callable(request_headers) -> Route, for conditional answers


class _Handler(BaseHTTPRequestHandler):
    server_version = "FeedTestServer"

    def log_message(self, *args):  # keep the test output quiet
        pass

    def do_GET(self):  # noqa: N802 - http.server's naming
        server = self.server
        server.requests.append((self.path, dict(self.headers)))
        route = server.routes.get(self.path)
        if route is None:
            route = Route(status=404, body=b"not found", headers={"Content-Type": "text/plain"})
        if route.handler is not None:
            route = route.handler(dict(self.headers))
        if route.delay:
            time.sleep(route.delay)
        try:
            self.send_response(route.status)
            for name, value in route.headers.items():
                self.send_header(name, value)
            size = route.stream_bytes or len(route.body)
            if route.content_length:
                self.send_header("Content-Length", str(size))
            else:
                self.send_header("Connection", "close")
            self.end_headers()
            if route.stream_bytes:
                chunk = b"<" + b"x" * (64 * 1024 - 1)
                sent = 0
                while sent < route.stream_bytes and not server.stopping.is_set():
                    self.wfile.write(chunk)
                    sent += len(chunk)
                server.streamed.append(sent)
            elif route.byte_delay:
                for byte in route.body:
                    if server.stopping.is_set():
                        break
                    self.wfile.write(bytes([byte]))
                    self.wfile.flush()
                    time.sleep(route.byte_delay)
            elif route.status != 304:
                self.wfile.write(route.body)
        except (BrokenPipeError, ConnectionResetError):
            server.streamed.append(-1)  # the client hung up: expected when a fetch is refused early


class FeedServer:
    def __init__(self) -> None:
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
        self.httpd.daemon_threads = True
        self.httpd.block_on_close = False
        self.httpd.routes = {}
        self.httpd.requests = []
        self.httpd.streamed = []
        self.httpd.stopping = threading.Event()
        self.thread = threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        self.thread.start()

    @property
    def requests(self):
        return self.httpd.requests

    @property
    def streamed(self):
        return self.httpd.streamed

    def route(self, path: str, body: bytes | str = b"", **kwargs) -> str:
        if isinstance(body, str):
            body = body.encode("utf-8")
        self.httpd.routes[path] = Route(body=body, **kwargs)
        return self.url(path)

    def url(self, path: str) -> str:
        host, port = self.httpd.server_address[:2]
        return f"http://{host}:{port}{path}"

    def stop(self) -> None:
        self.httpd.stopping.set()
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join(timeout=5)


@pytest.fixture
def feed_server():
    server = FeedServer()
    yield server
    server.stop()


@pytest.fixture
def fast_fetch(settings):
    """Small limits so the slow and large cases finish quickly."""
    settings.SYNDICATION_CONNECT_TIMEOUT = 2
    settings.SYNDICATION_READ_TIMEOUT = 0.5
    settings.SYNDICATION_TOTAL_TIMEOUT = 3
    settings.SYNDICATION_MAX_BYTES = 1024 * 1024
    settings.SYNDICATION_ALLOW_PRIVATE_HOSTS = True
    return settings


@pytest.fixture
def regency(db):
    return Regency.objects.get(code="19.71")


def tr(msgid: str, **params) -> str:
    """``msgid`` as the services store it: translated into the instance's language, then filled in."""
    with translation.override(settings.LANGUAGE_CODE):
        text = translation.gettext(msgid)
    return text % params if params else text
