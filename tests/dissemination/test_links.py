"""The KIM's own link to a news item: one per (item, KIM), counted opens, nothing personal stored."""

import threading

import pytest

from jembatan.dissemination import services
from jembatan.dissemination.models import ShareLink, ShareLinkDay
from jembatan.newsroom import services as newsroom
from tests.factories import make_item
from tests.markers import needs_postgresql

BOT_AGENTS = [
    "WhatsApp/2.23.20.0 A",
    "facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)",
    "TelegramBot (like TwitterBot)",
    "Twitterbot/1.0",
    "Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)",
    "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
    "SomeCrawler/3.0",
    "my-spider",
]
PHONE = (
    "Mozilla/5.0 (Linux; Android 13; SM-A145F) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Mobile Safari/537.36"
)


def _open(client, link, **headers):
    return client.get(f"/s/{link.code}", headers={"user-agent": PHONE, **headers})


def test_a_kim_gets_one_link_per_item_and_each_kim_its_own(kim, other_kim, item, pengurus):
    first = services.share_link_get_or_create(actor=pengurus, kim=kim, item=item)
    again = services.share_link_get_or_create(actor=pengurus, kim=kim, item=item)
    other = services.share_link_get_or_create(actor=None, kim=other_kim, item=item)
    assert first.pk == again.pk
    assert other.pk != first.pk and other.code != first.code
    assert ShareLink.objects.filter(item=item).count() == 2
    assert services.CODE_PATTERN.match(first.code)


def test_codes_are_random_not_sequential(kim, pengurus):
    codes = [services.share_link_get_or_create(actor=pengurus, kim=kim, item=make_item()).code for _ in range(5)]
    assert len(set(codes)) == 5
    assert all(services.CODE_PATTERN.match(code) for code in codes)
    # Random, not counted up: consecutive links share no common prefix run of the alphabet.
    assert len({code[:3] for code in codes}) > 1


def test_a_code_collision_is_retried_with_a_fresh_code(kim, item, pengurus, monkeypatch):
    taken = services.share_link_get_or_create(actor=pengurus, kim=kim, item=make_item())
    fresh = iter([taken.code, "zzzzzzzz"])
    monkeypatch.setattr(services, "new_code", lambda: next(fresh))
    link = services.share_link_get_or_create(actor=pengurus, kim=kim, item=item)
    assert link.code == "zzzzzzzz"


def test_opening_the_link_counts_once_and_redirects_to_the_article(client, kim, item, pengurus):
    link = services.share_link_get_or_create(actor=pengurus, kim=kim, item=item)
    response = _open(client, link)
    assert response.status_code == 302
    assert response.headers["Location"] == item.get_absolute_url()
    assert "no-store" in response.headers["Cache-Control"]
    assert "private" in response.headers["Cache-Control"]
    assert not response.cookies
    link.refresh_from_db()
    assert link.opens == 1
    assert ShareLinkDay.objects.get(link=link).opens == 1


@pytest.mark.parametrize("agent", BOT_AGENTS)
def test_link_previews_and_crawlers_are_redirected_but_not_counted(client, kim, item, pengurus, agent):
    link = services.share_link_get_or_create(actor=pengurus, kim=kim, item=item)
    response = client.get(f"/s/{link.code}", headers={"user-agent": agent})
    assert response.status_code == 302
    link.refresh_from_db()
    assert link.opens == 0


def test_a_head_request_is_redirected_but_not_counted(client, kim, item, pengurus):
    link = services.share_link_get_or_create(actor=pengurus, kim=kim, item=item)
    response = client.head(f"/s/{link.code}", headers={"user-agent": PHONE})
    assert response.status_code == 302
    link.refresh_from_db()
    assert link.opens == 0


def test_an_unknown_or_malformed_code_is_not_found(client, db):
    assert client.get("/s/abcdefgh").status_code == 404
    assert client.get("/s/%3Cscript%3E").status_code == 404
    assert client.get("/s/" + "a" * 500).status_code == 404


def test_a_code_in_capitals_still_opens(client, kim, item, pengurus):
    link = services.share_link_get_or_create(actor=pengurus, kim=kim, item=item)
    assert client.get(f"/s/{link.code.upper()}").status_code == 302


def test_an_archived_item_still_redirects(client, kim, item, pengurus):
    link = services.share_link_get_or_create(actor=pengurus, kim=kim, item=item)
    newsroom.item_archive(actor=item.publisher, item=item)
    response = _open(client, link)
    assert response.status_code == 302
    assert response.headers["Location"] == item.get_absolute_url()
    assert client.get(response.headers["Location"]).status_code == 200


def test_nothing_personal_is_stored_about_readers():
    names = {f.name for f in ShareLink._meta.get_fields()} | {f.name for f in ShareLinkDay._meta.get_fields()}
    for personal in ("ip", "ip_address", "user_agent", "referrer", "referer", "cookie", "session", "user"):
        assert personal not in names
    assert {f.name for f in ShareLinkDay._meta.get_fields()} == {"id", "link", "day", "opens"}


def test_opening_never_sets_a_cookie_even_for_a_second_visit(client, kim, item, pengurus):
    link = services.share_link_get_or_create(actor=pengurus, kim=kim, item=item)
    for _ in range(2):
        response = _open(client, link)
        assert not response.cookies
    assert "Set-Cookie" not in response.headers


def test_many_opens_are_all_counted(kim, item, pengurus):
    link = services.share_link_get_or_create(actor=pengurus, kim=kim, item=item)
    for _ in range(25):
        services.share_link_count_open(link=link)
    link.refresh_from_db()
    assert link.opens == 25
    assert ShareLinkDay.objects.get(link=link).opens == 25


@needs_postgresql
@pytest.mark.django_db(transaction=True)
def test_simultaneous_opens_are_all_counted():
    import os

    from django.core.management import call_command
    from django.db import connections

    from jembatan.accounts.roles import Role
    from tests.factories import make_kim, make_staff

    call_command("import_regions", verbosity=0, stdout=open(os.devnull, "w"))  # noqa: SIM115 - flushed by earlier transactional tests
    admin = make_staff(Role.ADMIN)
    kim = make_kim(status="aktif", admin=admin)
    link = services.share_link_get_or_create(actor=None, kim=kim, item=make_item())
    workers, per_worker = 8, 10
    barrier = threading.Barrier(workers)
    errors = []

    def work():
        try:
            barrier.wait()
            for _ in range(per_worker):
                services.share_link_count_open(link=link)
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=work) for _ in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    link.refresh_from_db()
    assert link.opens == workers * per_worker
    assert ShareLinkDay.objects.get(link=link).opens == workers * per_worker


def test_reloading_the_link_counts_once_per_connection_per_hour(client, regions):
    from jembatan.accounts.roles import Role
    from jembatan.dissemination import services
    from jembatan.dissemination.models import ShareLink
    from tests.factories import make_item, make_kim, make_staff

    kim = make_kim(status="aktif", admin=make_staff(Role.ADMIN))
    link = services.share_link_get_or_create(actor=None, kim=kim, item=make_item())
    for _ in range(5):
        assert client.get(f"/s/{link.code}", REMOTE_ADDR="203.0.113.7").status_code == 302
    client.get(f"/s/{link.code}", REMOTE_ADDR="198.51.100.23")
    assert ShareLink.objects.get(pk=link.pk).opens == 2
