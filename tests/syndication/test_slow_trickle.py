"""A server that trickles a small body, byte by byte, is cut off at the overall deadline."""

import time

import pytest

from jembatan.syndication import services
from jembatan.syndication.models import Feed

pytestmark = pytest.mark.django_db


def test_a_trickling_body_stops_at_the_overall_deadline(feed_server, settings):
    settings.SYNDICATION_TOTAL_TIMEOUT = 1
    settings.SYNDICATION_READ_TIMEOUT = 5
    url = feed_server.route(
        "/trickle", b"<rss><channel/></rss>", byte_delay=0.3, headers={"Content-Type": "application/rss+xml"}
    )
    feed = Feed.objects.create(regency_id="19.71", title="Lambat", url=url)
    started = time.monotonic()
    outcome = services.feed_fetch(feed_id=feed.pk)
    assert not outcome.ok
    assert time.monotonic() - started < 3  # the whole body would take 6.3 s
