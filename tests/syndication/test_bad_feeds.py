"""The bad-feed corpus: each broken source gets a clear error on its own feed, and a good feed fetched in
the same run still gets its entries. Every case runs against a real HTTP server on 127.0.0.1."""

from __future__ import annotations

import time
import tracemalloc

import pytest

from jembatan.syndication import services
from jembatan.syndication.models import Feed, FeedEntry
from tests.syndication import samples
from tests.syndication.conftest import tr

pytestmark = pytest.mark.django_db

RSS_HEADERS = {"Content-Type": "application/rss+xml; charset=utf-8"}


def _feed(url: str, title: str = "Sumber") -> Feed:
    return services.feed_create(actor=None, regency_code="19.71", title=title, url=url)


def _run_with_good_feed(feed_server, bad_url: str) -> tuple[Feed, Feed, float]:
    """A bad feed and a good one fetched in one run of the scheduled job."""
    good_url = feed_server.route("/good.xml", samples.RSS, headers=RSS_HEADERS)
    bad = _feed(bad_url, "Sumber rusak")
    good = _feed(good_url, "Sumber baik")
    started = time.monotonic()
    outcomes = services.feeds_fetch_all()
    elapsed = time.monotonic() - started
    assert len(outcomes) == 2
    bad.refresh_from_db()
    good.refresh_from_db()
    assert good.last_status == "ok", good.last_error
    assert good.entries.count() == 2 and good.entry_count == 2
    assert bad.last_status == "error"
    assert bad.consecutive_failures == 1
    assert bad.entries.count() == 0, "a broken feed imports nothing"
    assert bad.last_success_at is None and bad.last_fetched_at is not None
    return bad, good, elapsed


def test_malformed_xml_reports_the_line(feed_server, fast_fetch):
    url = feed_server.route("/malformed.xml", samples.MALFORMED, headers=RSS_HEADERS)
    bad, _good, _elapsed = _run_with_good_feed(feed_server, url)
    assert bad.last_error == tr(
        "The XML is not valid on line %(line)s, column %(column)s: %(detail)s.",
        line=3,
        column=40,
        detail="mismatched tag",
    )


def test_billion_laughs_is_refused_fast_and_small(feed_server, fast_fetch):
    url = feed_server.route("/bomb.xml", samples.BILLION_LAUGHS, headers=RSS_HEADERS)
    tracemalloc.start()
    try:
        bad, _good, elapsed = _run_with_good_feed(feed_server, url)
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert bad.last_error == tr(
        "The feed declares a DTD or XML entities, which are refused for safety "
        "(they can be used to overload the server)."
    )
    assert elapsed < 3
    assert peak < 20 * 1024 * 1024, f"peak memory {peak} bytes"


def test_a_declared_50_mb_body_is_refused_before_reading(feed_server, fast_fetch):
    url = feed_server.route("/huge.xml", stream_bytes=50 * 1024 * 1024, headers=RSS_HEADERS)
    bad, _good, elapsed = _run_with_good_feed(feed_server, url)
    assert bad.last_error == tr("The feed is larger than the limit of %(limit)s bytes.", limit=1024 * 1024)
    assert elapsed < 3


def test_a_50_mb_stream_without_length_stops_at_the_cap(feed_server, fast_fetch):
    url = feed_server.route(
        "/huge-stream.xml", stream_bytes=50 * 1024 * 1024, content_length=False, headers=RSS_HEADERS
    )
    bad, _good, elapsed = _run_with_good_feed(feed_server, url)
    assert bad.last_error == tr("The feed is larger than the limit of %(limit)s bytes.", limit=1024 * 1024)
    assert elapsed < 3
    # The server got no further than a little past the 1 MB cap (plus socket buffers) before the client left.
    deadline = time.monotonic() + 2
    while not feed_server.streamed and time.monotonic() < deadline:
        time.sleep(0.05)
    assert feed_server.streamed and feed_server.streamed[0] < 20 * 1024 * 1024


def test_a_slow_server_times_out(feed_server, fast_fetch):
    url = feed_server.route("/slow.xml", samples.RSS, headers=RSS_HEADERS, delay=2)
    bad, _good, elapsed = _run_with_good_feed(feed_server, url)
    assert bad.last_error == tr("The server did not answer in time.")
    assert elapsed < 2


def test_a_wrongly_declared_encoding_is_an_error_with_the_line(feed_server, fast_fetch):
    url = feed_server.route("/latin.xml", samples.WRONG_ENCODING, headers={"Content-Type": "application/rss+xml"})
    bad, _good, _elapsed = _run_with_good_feed(feed_server, url)
    assert bad.last_error == tr(
        "The feed is not valid %(encoding)s text: byte 0x%(byte)02X on line %(line)s cannot be read. "
        "Its encoding is probably declared wrongly; ask the publisher to fix it.",
        encoding="UTF-8",
        byte=0xE9,
        line=3,
    )


@pytest.mark.parametrize("status", [404, 500])
def test_http_errors(feed_server, fast_fetch, status):
    url = feed_server.route(f"/status-{status}", b"gagal", status=status, headers={"Content-Type": "text/plain"})
    bad, _good, _elapsed = _run_with_good_feed(feed_server, url)
    reason = {404: "Not Found", 500: "Internal Server Error"}[status]
    assert bad.last_error == tr(
        "The server answered HTTP %(status)s (%(reason)s) instead of the feed.", status=status, reason=reason
    )


def test_an_html_page_is_not_a_feed(feed_server, fast_fetch):
    url = feed_server.route("/index.html", samples.HTML_PAGE, headers={"Content-Type": "text/html; charset=utf-8"})
    bad, _good, _elapsed = _run_with_good_feed(feed_server, url)
    assert bad.last_error == tr(
        "This address returns a web page (HTML), not a feed. Ask the publisher for the address of its "
        "RSS, Atom or JSON feed."
    )


def test_an_empty_body(feed_server, fast_fetch):
    url = feed_server.route("/empty.xml", b"", headers=RSS_HEADERS)
    bad, _good, _elapsed = _run_with_good_feed(feed_server, url)
    assert bad.last_error == tr("The feed is empty: the server sent no content.")


def test_invalid_json_feed_reports_line_and_column(feed_server, fast_fetch):
    url = feed_server.route("/bad.json", samples.INVALID_JSON_FEED, headers={"Content-Type": "application/feed+json"})
    bad, _good, _elapsed = _run_with_good_feed(feed_server, url)
    assert bad.last_error == tr(
        "The JSON is not valid on line %(line)s, column %(column)s: %(detail)s.",
        line=1,
        column=88,
        detail="Expecting property name enclosed in double quotes",
    )


def test_a_json_document_that_is_not_a_json_feed(feed_server, fast_fetch):
    url = feed_server.route("/other.json", samples.NOT_A_JSON_FEED, headers={"Content-Type": "application/json"})
    bad, _good, _elapsed = _run_with_good_feed(feed_server, url)
    assert bad.last_error == tr('This is not a JSON Feed: the "items" list is missing.')


def test_a_refused_connection(feed_server, fast_fetch):
    bad, _good, _elapsed = _run_with_good_feed(feed_server, "http://127.0.0.1:9/feed.xml")
    assert bad.last_error.startswith(tr("Could not connect to the server: %(detail)s", detail=""))


def test_private_addresses_are_refused_unless_allowed(feed_server, fast_fetch):
    fast_fetch.SYNDICATION_ALLOW_PRIVATE_HOSTS = False
    url = feed_server.route("/good.xml", samples.RSS, headers=RSS_HEADERS)
    feed = _feed(url)
    outcome = services.feed_fetch(feed_id=feed.pk)
    feed.refresh_from_db()
    assert not outcome.ok
    assert feed.last_error == tr(
        "The address %(host)s points to a private or local network; only public addresses can be fetched.",
        host="127.0.0.1",
    )
    assert feed_server.requests == [], "the private address was never contacted"


def test_the_connection_is_pinned_to_the_checked_address(feed_server, fast_fetch, monkeypatch):
    """With private hosts refused, the fetch connects to the address it checked and sends the real Host."""
    from jembatan.syndication import fetch

    fast_fetch.SYNDICATION_ALLOW_PRIVATE_HOSTS = False
    monkeypatch.setattr(fetch, "_is_public_address", lambda address: True)
    url = feed_server.route("/good.xml", samples.RSS, headers=RSS_HEADERS).replace("127.0.0.1", "localhost")
    feed = _feed(url)
    outcome = services.feed_fetch(feed_id=feed.pk)
    assert outcome.ok and outcome.created == 2
    _path, headers = feed_server.requests[0]
    assert headers["Host"].startswith("localhost:")
    assert headers["User-Agent"].startswith("Jembatan-feed-reader/")


def test_redirects_are_followed_a_few_times_only(feed_server, fast_fetch):
    good = feed_server.route("/final.xml", samples.RSS, headers=RSS_HEADERS)
    feed_server.route("/moved", status=301, headers={"Location": "/final.xml"})
    feed = _feed(feed_server.url("/moved"))
    assert services.feed_fetch(feed_id=feed.pk).created == 2
    assert good.endswith("/final.xml")
    feed_server.route("/loop", status=302, headers={"Location": "/loop"})
    loop = _feed(feed_server.url("/loop"), "Putar")
    outcome = services.feed_fetch(feed_id=loop.pk)
    assert not outcome.ok
    assert outcome.error == tr("The feed redirected more than %(count)s times; check its address.", count=5)


def test_a_redirect_to_another_scheme_is_refused(feed_server, fast_fetch):
    feed_server.route("/ftp", status=302, headers={"Location": "ftp://contoh.id/feed.xml"})
    feed = _feed(feed_server.url("/ftp"))
    outcome = services.feed_fetch(feed_id=feed.pk)
    assert not outcome.ok and outcome.error == tr("Only http:// and https:// addresses can be fetched.")


def test_an_unexpected_exception_is_recorded_and_the_loop_goes_on(feed_server, fast_fetch, monkeypatch):
    from jembatan.syndication import services as module

    real_parse = module.parse_feed
    bad_url = feed_server.route("/boom.xml", samples.RSS, headers=RSS_HEADERS)

    def parse(body, content_type):
        if b"Makan Bergizi" in body and not parse.calls:
            parse.calls += 1
            raise RuntimeError("bug")
        return real_parse(body, content_type)

    parse.calls = 0
    monkeypatch.setattr(module, "parse_feed", parse)
    bad = _feed(bad_url, "Sumber A")
    good = _feed(feed_server.route("/atom.xml", samples.ATOM, headers={"Content-Type": "application/atom+xml"}), "B")
    services.feeds_fetch_all()
    bad.refresh_from_db()
    good.refresh_from_db()
    assert bad.last_status == "error" and "RuntimeError" in bad.last_error
    assert good.last_status == "ok" and good.entries.count() == 1


def test_a_failure_inside_the_import_leaves_no_partial_entries(feed_server, fast_fetch, monkeypatch):
    from jembatan.syndication import services as module

    url = feed_server.route("/good.xml", samples.RSS, headers=RSS_HEADERS)
    feed = _feed(url)
    real_store = module._store_entry
    calls = []

    def store(feed, parsed, now):
        calls.append(parsed.guid)
        if len(calls) == 2:
            raise RuntimeError("disk full")
        return real_store(feed, parsed, now)

    monkeypatch.setattr(module, "_store_entry", store)
    outcome = services.feed_fetch(feed_id=feed.pk)
    assert not outcome.ok
    assert FeedEntry.objects.filter(feed=feed).count() == 0
    feed.refresh_from_db()
    assert feed.last_status == "error" and feed.etag == ""
