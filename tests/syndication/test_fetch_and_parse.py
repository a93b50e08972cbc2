"""Good feeds in each format, encodings, conditional GET, sanitisation and de-duplication."""

from __future__ import annotations

import datetime

import pytest

from jembatan.core.models import AuditLog
from jembatan.syndication import parse, services
from jembatan.syndication.models import EntryStatus, Feed, FeedEntry
from tests.syndication import samples
from tests.syndication.conftest import tr

pytestmark = pytest.mark.django_db


def _feed(url: str, title: str = "Sumber") -> Feed:
    return services.feed_create(actor=None, regency_code="19.71", title=title, url=url)


def _fetch(feed_server, body, content_type="application/rss+xml; charset=utf-8", path="/feed", title="Sumber"):
    url = feed_server.route(path, body, headers={"Content-Type": content_type})
    feed = _feed(url, title)
    outcome = services.feed_fetch(feed_id=feed.pk)
    assert outcome.ok, outcome.error
    return feed, outcome


def test_rss_2_entries_are_stored_with_provenance(feed_server):
    feed, outcome = _fetch(feed_server, samples.RSS)
    assert outcome.created == 2
    first = feed.entries.get(guid="narasi-001")
    assert first.url == "https://contoh.go.id/berita/mbg"
    assert first.title == "Program Makan Bergizi Gratis dimulai"  # markup stripped from the title
    assert first.summary == "Pemerintah memulai program makan bergizi gratis di sekolah dasar."
    assert first.published_at == datetime.datetime(2025, 11, 25, 1, 30, tzinfo=datetime.UTC)
    assert first.status == EntryStatus.BARU and first.duplicate_of is None
    assert "<script" not in first.content_html and "alert" not in first.content_html
    assert "<p>Pemerintah memulai" in first.content_html
    feed.refresh_from_db()
    assert feed.last_status == "ok" and feed.entry_count == 2 and feed.last_success_at is not None


def test_atom_entry_is_sanitised(feed_server):
    feed, outcome = _fetch(feed_server, samples.ATOM, "application/atom+xml")
    entry = feed.entries.get()
    assert entry.title == "Jembatan baru diresmikan"
    assert entry.url == "https://kementerian.contoh.id/jembatan-baru"
    assert entry.author == "Biro Humas"
    assert entry.summary == "Jembatan penghubung dua kecamatan diresmikan hari ini."
    assert entry.published_at == datetime.datetime(2025, 11, 25, 10, 0, tzinfo=datetime.UTC)
    assert "<em>penghubung</em>" in entry.content_html
    for forbidden in ("<script", "steal", "javascript:", "onerror"):
        assert forbidden not in entry.content_html


def test_json_feed_items(feed_server):
    feed, outcome = _fetch(feed_server, samples.JSON_FEED, "application/feed+json")
    assert outcome.created == 2
    first = feed.entries.get(guid="jf-1")
    assert first.title == "Pendaftaran beasiswa dibuka"
    assert first.author == "Redaksi"
    assert first.published_at == datetime.datetime(2025, 11, 20, 0, 0, tzinfo=datetime.UTC)
    assert "<strong>beasiswa</strong>" in first.content_html
    second = feed.entries.get(guid="jf-2")
    assert second.title.startswith("Pemadaman listrik terjadwal")  # untitled items take their text's start
    assert second.content_html == "<p>Pemadaman listrik terjadwal hari Sabtu.</p>"


def test_json_feed_detected_by_first_byte_without_content_type(feed_server):
    feed, outcome = _fetch(feed_server, samples.JSON_FEED, "text/plain")
    assert outcome.created == 2


def test_windows_1252_declared_in_the_xml(feed_server):
    body = samples.rss_with([("w1", "https://a.id/1", "Kafe \u201cCaf\u00e9\u201d dibuka", "Caf\u00e9 baru")])
    body = body.replace('encoding="utf-8"', 'encoding="windows-1252"').encode("cp1252")
    feed, _outcome = _fetch(feed_server, body, "application/xml")
    entry = feed.entries.get()
    assert entry.title == "Kafe \u201cCaf\u00e9\u201d dibuka"
    assert entry.summary == "Caf\u00e9 baru"


def test_iso_8859_1_from_the_http_header(feed_server):
    body = samples.rss_with([("l1", "https://a.id/1", "Jalan Sudirman dan Caf\u00e9", "Se\u00f1or")])
    body = body.replace(' encoding="utf-8"', "").encode("latin-1")
    feed, _outcome = _fetch(feed_server, body, "text/xml; charset=ISO-8859-1")
    assert feed.entries.get().title == "Jalan Sudirman dan Caf\u00e9"


def test_utf_16_with_bom(feed_server):
    body = samples.rss_with([("u1", "https://a.id/1", "Berita \u00e9\u00e8 \u2014 satu", "Isi")])
    body = body.replace('encoding="utf-8"', 'encoding="utf-16"').encode("utf-16")  # Python writes the BOM
    assert body[:2] in (b"\xff\xfe", b"\xfe\xff")
    feed, _outcome = _fetch(feed_server, body, "application/xml")
    assert feed.entries.get().title == "Berita \u00e9\u00e8 \u2014 satu"


def test_utf8_mislabelled_as_latin_1_is_read_as_utf8_not_mojibake(feed_server):
    body = samples.rss_with([("m1", "https://a.id/1", "Caf\u00e9 di Pangkalpinang", "Isi")])
    body = body.replace('encoding="utf-8"', 'encoding="iso-8859-1"').encode("utf-8")
    feed, _outcome = _fetch(feed_server, body, "application/xml")
    title = feed.entries.get().title
    assert title == "Caf\u00e9 di Pangkalpinang"
    assert "\u00c3" not in title


def test_unknown_encoding_and_utf16_without_bom_are_refused():
    with pytest.raises(parse.ParseError) as unknown:
        parse.parse_feed(b'<?xml version="1.0" encoding="x-klingon"?><rss version="2.0"></rss>')
    assert unknown.value.message == tr(
        'The feed declares an unknown character encoding "%(encoding)s".', encoding="x-klingon"
    )
    with pytest.raises(parse.ParseError):
        parse.parse_feed('<rss version="2.0"><channel></channel></rss>'.encode("utf-16-le"))


def test_xhtml_with_a_declaration_is_recognised_as_a_web_page():
    page = b'<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" "x.dtd">\n<html/>'
    with pytest.raises(parse.ParseError) as caught:
        parse.parse_feed(page, "application/xhtml+xml")
    assert caught.value.message == tr(
        "This address returns a web page (HTML), not a feed. Ask the publisher for the address of its "
        "RSS, Atom or JSON feed."
    )


def test_xml_that_is_not_a_feed():
    with pytest.raises(parse.ParseError) as caught:
        parse.parse_feed(b"<?xml version='1.0'?><catalog><book/></catalog>")
    assert caught.value.message == tr(
        "This XML document is not an RSS or Atom feed (its root element is <%(tag)s>).", tag="catalog"
    )


def test_entries_per_fetch_and_lengths_are_capped(feed_server, settings):
    settings.SYNDICATION_MAX_ENTRIES = 5
    long_title = "Judul " * 200
    items = [(f"g{i}", f"https://a.id/{i}", f"{long_title} {i}", "x") for i in range(12)]
    feed, outcome = _fetch(feed_server, samples.rss_with(items))
    assert outcome.created == 5
    assert all(len(e.title) <= 300 for e in feed.entries.all())


def test_conditional_get_sends_validators_and_keeps_entries_on_304(feed_server):
    from tests.syndication.conftest import Route

    def answer(headers):
        if headers.get("If-None-Match") == '"v1"':
            return Route(status=304, headers={"ETag": '"v1"'})
        return Route(
            body=samples.RSS.encode(), headers={"ETag": '"v1"', "Last-Modified": "Tue, 25 Nov 2025 08:00:00 GMT"}
        )

    feed_server.httpd.routes["/cond"] = Route(handler=answer)
    feed = _feed(feed_server.url("/cond"))
    assert services.feed_fetch(feed_id=feed.pk).created == 2
    feed.refresh_from_db()
    assert feed.etag == '"v1"' and feed.last_modified == "Tue, 25 Nov 2025 08:00:00 GMT"
    second = services.feed_fetch(feed_id=feed.pk)
    assert second.ok and second.not_modified and second.created == 0
    _path, headers = feed_server.requests[-1]
    assert headers["If-None-Match"] == '"v1"'
    assert headers["If-Modified-Since"] == "Tue, 25 Nov 2025 08:00:00 GMT"
    feed.refresh_from_db()
    assert feed.entry_count == 2 and feed.last_status == "ok"


def test_the_same_guid_is_stored_once(feed_server):
    body = samples.rss_with(
        [("same", "https://a.id/1", "Satu", "Isi pertama"), ("same", "https://a.id/1b", "Satu lagi", "Isi")]
    )
    feed, outcome = _fetch(feed_server, body)
    assert outcome.created == 1
    again = services.feed_fetch(feed_id=feed.pk)
    assert again.created == 0
    assert FeedEntry.objects.filter(feed=feed).count() == 1


def test_entries_without_guid_use_their_link(feed_server):
    body = samples.rss_with([("", "https://a.id/tanpa-guid", "Tanpa guid", "Isi")])
    feed, _outcome = _fetch(feed_server, body)
    assert feed.entries.get().guid == "https://a.id/tanpa-guid"
    assert services.feed_fetch(feed_id=feed.pk).created == 0


def test_the_same_url_in_two_feeds_is_queued_once(feed_server):
    first, _ = _fetch(feed_server, samples.rss_with([("a1", "https://a.id/sama", "Judul A", "Isi A")]), path="/a")
    second, _ = _fetch(
        feed_server, samples.rss_with([("b1", "https://a.id/sama", "Judul B", "Isi B")]), path="/b", title="Lain"
    )
    original = first.entries.get()
    copy = second.entries.get()
    assert copy.duplicate_of == original
    from jembatan.syndication.selectors import entry_queue

    assert list(entry_queue(regency_code="19.71")) == [original]


NEWS = (
    "Pemerintah kota membuka pendaftaran pelatihan literasi digital gratis bagi warga di seluruh kelurahan mulai "
    "pekan depan di balai kota"
)


def test_near_identical_text_across_feeds_is_a_duplicate(feed_server):
    first, _ = _fetch(
        feed_server, samples.rss_with([("n1", "https://a.id/1", "Pelatihan literasi digital", NEWS)]), path="/a"
    )
    # Same words, different punctuation and case, one word changed: Jaccard ≥ 0.9.
    variant = NEWS.upper().replace(" di balai kota", ", di Balai Kota!").replace("gratis", "GRATIS!!")
    second, _ = _fetch(
        feed_server,
        samples.rss_with([("n2", "https://b.id/2", "PELATIHAN LITERASI DIGITAL.", variant)]),
        path="/b",
        title="Lain",
    )
    assert second.entries.get().duplicate_of == first.entries.get()


def test_different_texts_are_not_duplicates(feed_server):
    _fetch(feed_server, samples.rss_with([("n1", "https://a.id/1", "Pelatihan literasi digital", NEWS)]), path="/a")
    other = "Jadwal pemadaman listrik bergilir di kecamatan Gerunggang dan Bukit Intan pada hari Sabtu dan Minggu"
    second, _ = _fetch(
        feed_server, samples.rss_with([("x", "https://b.id/x", "Pemadaman listrik", other)]), path="/b", title="Lain"
    )
    assert second.entries.get().duplicate_of is None


def test_near_duplicates_older_than_the_window_are_not_compared(feed_server):
    first, _ = _fetch(
        feed_server, samples.rss_with([("n1", "https://a.id/1", "Pelatihan literasi digital", NEWS)]), path="/a"
    )
    FeedEntry.objects.filter(feed=first).update(fetched_at=datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC))
    second, _ = _fetch(
        feed_server,
        samples.rss_with([("n2", "https://b.id/2", "Pelatihan literasi digital", NEWS)]),
        path="/b",
        title="Lain",
    )
    assert second.entries.get().duplicate_of is None


def test_feed_changes_are_audited(db):
    from tests.factories import make_staff

    editor = make_staff("editor")
    feed = services.feed_create(actor=editor, regency_code="19.71", title="Narasi", url="https://contoh.go.id/rss")
    services.feed_update(actor=editor, feed=feed, title="Narasi Nasional", url=feed.url, is_active=True)
    services.feed_deactivate(actor=editor, feed=feed)
    verbs = list(AuditLog.objects.filter(object_type="syndication.feed").values_list("verb", flat=True))
    assert sorted(verbs) == ["feed.created", "feed.deactivated", "feed.updated"]


def test_feed_addresses_must_be_http(db):
    from jembatan.core.errors import DomainError

    for url in ("ftp://contoh.id/feed", "file:///etc/passwd", "javascript:alert(1)", ""):
        with pytest.raises(DomainError):
            services.feed_create(actor=None, regency_code="19.71", title="X", url=url)
    assert not Feed.objects.exists()


def test_two_regencies_subscribed_to_the_same_feed_each_get_its_entries(feed_server):
    """De-duplication stays inside one regency: another instance's copy is not "the original"."""
    from jembatan.regions.models import Province, Regency
    from jembatan.syndication.models import Feed
    from jembatan.syndication.selectors import entry_queue

    Regency.objects.create(code="19.01", province=Province.objects.get(code="19"), name="KABUPATEN BANGKA")
    body = samples.rss_with([("g1", "https://a.id/nasional", "Narasi nasional", "Isi narasi nasional")])
    url = feed_server.route("/nasional", body, headers={"Content-Type": "application/rss+xml"})
    ours = _feed(url, "Kominfo")
    theirs = Feed.objects.create(regency_id="19.01", title="Kominfo (Bangka)", url=url)
    assert services.feed_fetch(feed_id=theirs.pk).ok and services.feed_fetch(feed_id=ours.pk).ok
    assert ours.entries.get().duplicate_of is None
    assert [e.feed_id for e in entry_queue(regency_code="19.71")] == [ours.pk]
    assert [e.feed_id for e in entry_queue(regency_code="19.01")] == [theirs.pk]
