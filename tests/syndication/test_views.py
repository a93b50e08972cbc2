"""The staff pages: feeds, a feed's page with its error, the queue, republish and dismiss."""

from __future__ import annotations

import pytest

from jembatan.accounts.roles import Role
from jembatan.core.models import AuditLog
from jembatan.regions.models import Province, Regency
from jembatan.syndication import services
from jembatan.syndication.models import EntryStatus, Feed, FeedEntry
from tests.factories import make_staff, signed_in
from tests.syndication import samples

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(db):
    return make_staff(Role.EDITOR)


@pytest.fixture
def fetched_feed(feed_server):
    url = feed_server.route("/rss", samples.RSS, headers={"Content-Type": "application/rss+xml"})
    feed = services.feed_create(actor=None, regency_code="19.71", title="Narasi Nasional", url=url)
    assert services.feed_fetch(feed_id=feed.pk).ok
    return feed


def test_editor_adds_a_feed_and_it_is_fetched_at_once(client, editor, feed_server, django_capture_on_commit_callbacks):
    url = feed_server.route("/rss", samples.RSS, headers={"Content-Type": "application/rss+xml"})
    signed_in(client, editor)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/staf/umpan/baru/", {"title": "Narasi Nasional", "url": url, "is_active": "on"})
    feed = Feed.objects.get()
    assert response.status_code == 302 and response.headers["Location"] == f"/staf/umpan/{feed.pk}/"
    assert feed.added_by == editor and feed.entries.count() == 2
    assert AuditLog.objects.filter(verb="feed.created", object_id=str(feed.pk)).exists()
    page = client.get("/staf/umpan/").content.decode()
    assert "Narasi Nasional" in page


def test_bad_addresses_get_a_message_and_nothing_is_stored(client, editor):
    signed_in(client, editor)
    for url in ("ftp://contoh.id/rss", "bukan alamat", ""):
        response = client.post("/staf/umpan/baru/", {"title": "X", "url": url, "is_active": "on"})
        assert response.status_code == 200
        assert 'class="error-summary"' in response.content.decode() or "errorlist" in response.content.decode()
    assert not Feed.objects.exists()


def test_a_broken_feed_shows_its_error_on_its_page(client, editor, feed_server):
    url = feed_server.route("/bad", samples.MALFORMED, headers={"Content-Type": "application/rss+xml"})
    feed = services.feed_create(actor=None, regency_code="19.71", title="Rusak", url=url)
    services.feed_fetch(feed_id=feed.pk)
    feed.refresh_from_db()
    signed_in(client, editor)
    detail = client.get(f"/staf/umpan/{feed.pk}/").content.decode()
    assert feed.last_error and feed.last_error.split(":")[0] in detail
    assert "mismatched tag" in detail
    listing = client.get("/staf/umpan/").content.decode()
    assert "mismatched tag" in listing


def test_fetch_now_enqueues_the_fetch(client, editor, fetched_feed, feed_server, django_capture_on_commit_callbacks):
    feed_server.route("/rss", samples.rss_with([("baru", "https://a.id/baru", "Berita baru", "Isi berita baru")]))
    signed_in(client, editor)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/staf/umpan/{fetched_feed.pk}/ambil/")
    assert response.status_code == 302
    assert fetched_feed.entries.filter(guid="baru").exists()


def test_deactivate_keeps_entries_and_is_audited(client, editor, fetched_feed):
    signed_in(client, editor)
    assert client.get(f"/staf/umpan/{fetched_feed.pk}/nonaktifkan/").status_code == 405
    client.post(f"/staf/umpan/{fetched_feed.pk}/nonaktifkan/")
    fetched_feed.refresh_from_db()
    assert not fetched_feed.is_active and fetched_feed.entries.count() == 2
    assert AuditLog.objects.filter(verb="feed.deactivated").exists()
    assert services.feeds_fetch_all() == []  # inactive feeds are not fetched


def test_queue_lists_new_entries_and_dismiss_removes_one(client, editor, fetched_feed):
    signed_in(client, editor)
    page = client.get("/staf/umpan/antrean/").content.decode()
    assert "Vaksinasi anak diperluas" in page and "Narasi Nasional" in page
    assert 'href="https://contoh.go.id/berita/vaksin"' in page
    entry = fetched_feed.entries.get(guid="narasi-002")
    response = client.post(f"/staf/umpan/antrean/{entry.pk}/abaikan/")
    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.status == EntryStatus.DIABAIKAN
    assert AuditLog.objects.filter(verb="feed_entry.dismissed", object_id=str(entry.pk)).exists()
    assert "Vaksinasi anak diperluas" not in client.get("/staf/umpan/antrean/").content.decode()
    # A second dismissal is refused with a message, not an error page.
    again = client.post(f"/staf/umpan/antrean/{entry.pk}/abaikan/", follow=True)
    assert again.status_code == 200


def test_republish_creates_an_attributed_draft(client, editor, fetched_feed):
    from jembatan.newsroom.models import Item

    entry = fetched_feed.entries.get(guid="narasi-001")
    signed_in(client, editor)
    response = client.post(f"/staf/umpan/antrean/{entry.pk}/terbitkan-ulang/")
    assert response.status_code == 302
    item = Item.objects.get()
    assert response.headers["Location"] == services.republished_item_url(item)
    assert item.status == "draf" and item.kind == "berita"
    assert item.title == entry.title
    assert item.origin_name == "Narasi Nasional" and item.origin_url == "https://contoh.go.id/berita/mbg"
    assert "https://contoh.go.id/berita/mbg" in item.sources
    assert "Pemerintah memulai program makan bergizi gratis" in item.body
    assert "alert" not in item.body
    entry.refresh_from_db()
    assert entry.status == EntryStatus.DITERBITKAN_ULANG and entry.republished_item == item
    assert AuditLog.objects.filter(verb="feed_entry.republished", object_id=str(entry.pk)).exists()
    # Twice is refused and creates nothing more.
    client.post(f"/staf/umpan/antrean/{entry.pk}/terbitkan-ulang/")
    assert Item.objects.count() == 1
    # Deleting the draft puts the entry back in the queue, to be republished again.
    client.post(f"/staf/berita/{item.pk}/aksi/discard/")
    entry.refresh_from_db()
    assert not Item.objects.exists() and entry.status == EntryStatus.BARU and entry.republished_item is None
    assert client.post(f"/staf/umpan/antrean/{entry.pk}/terbitkan-ulang/").status_code == 302
    assert Item.objects.count() == 1


def test_other_roles_and_other_regencies_see_nothing(client, fetched_feed):
    entry = fetched_feed.entries.first()
    ppid = make_staff(Role.PPID)
    signed_in(client, ppid)
    assert client.get("/staf/umpan/").status_code == 403
    assert client.post(f"/staf/umpan/antrean/{entry.pk}/abaikan/").status_code == 403
    Regency.objects.create(code="19.01", province=Province.objects.get(code="19"), name="KABUPATEN BANGKA")
    elsewhere = make_staff(Role.EDITOR, regency="19.01")
    client.logout()
    signed_in(client, elsewhere)
    assert client.get(f"/staf/umpan/{fetched_feed.pk}/").status_code == 404
    assert client.post(f"/staf/umpan/antrean/{entry.pk}/abaikan/").status_code == 404
    entry.refresh_from_db()
    assert entry.status == EntryStatus.BARU


def test_workspace_links_to_the_queue(client, editor, fetched_feed):
    signed_in(client, editor)
    page = client.get("/staf/").content.decode()
    assert 'href="/staf/umpan/antrean/"' in page


def test_queue_queries_do_not_grow_with_entries(client, editor, fetched_feed, django_assert_max_num_queries):
    for i in range(40):
        FeedEntry.objects.create(
            feed=fetched_feed, guid=f"extra-{i}", title=f"Berita {i}", fetched_at=fetched_feed.created_at
        )
    signed_in(client, editor)
    with django_assert_max_num_queries(12):
        assert client.get("/staf/umpan/antrean/").status_code == 200
    with django_assert_max_num_queries(12):
        assert client.get(f"/staf/umpan/{fetched_feed.pk}/").status_code == 200
