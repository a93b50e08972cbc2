"""The public page cache: shared tier with a generation, and each process's own copies."""

from unittest import mock

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from bench.generate import generate_kims
from jembatan.core import cache as page_cache
from tests.factories import make_user


def _get(client, path="/kim/"):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200
    return response, len(queries)


@pytest.fixture
def kims(regions):
    return generate_kims(3, regency_code=regions, prefix="cache")


@pytest.mark.django_db
def test_anonymous_page_is_cached_without_cookies_and_a_bump_makes_it_stale(client, kims):
    first, rendered = _get(client)
    assert rendered > 0
    assert not first.cookies
    assert "Cookie" in first["Vary"]
    second, queries = _get(client)
    assert queries == 0
    assert second.content == first.content

    page_cache.bump_public_cache()
    _third, queries = _get(client)
    assert queries > 0


@pytest.mark.django_db
def test_a_hit_reads_the_shared_cache_once(client, kims):
    _get(client)
    with mock.patch.object(page_cache, "cache", wraps=cache) as shared:
        _response, queries = _get(client)
    assert queries == 0
    assert shared.get_many.call_count == 1
    assert shared.get.call_count == 0


@pytest.mark.django_db
@override_settings(PUBLIC_CACHE_GENERATION_CHECK_MS=60_000)
def test_local_copy_is_served_without_the_shared_cache_until_the_generation_changes(client, kims):
    first, _ = _get(client)
    with mock.patch.object(page_cache, "cache", wraps=cache) as shared:
        second, queries = _get(client)
        assert (queries, shared.get_many.call_count) == (0, 0)
        assert second.content == first.content

        # A change in this process shows at once.
        page_cache.bump_public_cache()
        _third, queries = _get(client)
        assert queries > 0
        assert shared.get_many.call_count == 1


@pytest.mark.django_db
def test_a_change_made_by_another_process_shows_once_the_generation_is_read_again(client, kims):
    with override_settings(PUBLIC_CACHE_GENERATION_CHECK_MS=60_000):
        _get(client)
        cache.incr(page_cache.GENERATION_KEY)  # another process bumped it
        _response, queries = _get(client)
        assert queries == 0  # still within the check interval: the local copy
    with override_settings(PUBLIC_CACHE_GENERATION_CHECK_MS=0):
        _response, queries = _get(client)
        assert queries > 0


@pytest.mark.django_db
def test_generation_restarts_at_a_random_value_after_the_cache_is_emptied(client, kims):
    _get(client)
    before = page_cache.public_cache_generation()
    cache.clear()
    after = page_cache.public_cache_generation()
    assert after != before
    _response, queries = _get(client)
    assert queries > 0


@pytest.mark.django_db
@override_settings(PUBLIC_CACHE_GENERATION_CHECK_MS=60_000, PUBLIC_PAGE_LOCAL_ENTRIES=2)
def test_local_copies_are_bounded(client, kims):
    for path in ["/", "/kim/", "/cakupan/"]:
        _get(client, path)
    assert len(page_cache._local._pages) == 2


@pytest.mark.django_db
def test_signed_in_visitors_bypass_the_cache(client, kims):
    _get(client)
    _response, queries = _get(client)
    assert queries == 0
    client.force_login(make_user(), backend="django.contrib.auth.backends.ModelBackend")
    _response, queries = _get(client)
    assert queries > 0


@pytest.mark.django_db
def test_a_flash_message_is_never_cached_for_other_visitors(client, kims):
    from django.test import Client

    user = make_user(email="keluar@contoh.id")
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    response = client.post("/akun/keluar/", follow=True)
    assert "message" in response.content.decode()
    stranger = Client().get("/").content.decode()
    assert 'class="message' not in stranger


@pytest.mark.django_db
def test_a_page_with_a_csrf_token_is_not_cached(client, kims, rf):
    from django.middleware.csrf import get_token

    from jembatan.core.cache import public_page

    calls = []

    @public_page
    def view(request):
        calls.append(1)
        get_token(request)
        from django.http import HttpResponse

        return HttpResponse("form")

    from django.contrib.auth.models import AnonymousUser

    for _ in range(2):
        request = rf.get("/formulir/")
        request.user = AnonymousUser()
        view(request)
    assert len(calls) == 2


@pytest.mark.django_db
@override_settings(PUBLIC_CACHE_GENERATION_CHECK_MS=0)
def test_while_one_request_renders_a_stale_page_anew_the_others_get_the_stale_copy(client, kims):
    """After an expiry or a change, only one request renders the page; requests arriving meanwhile are
    served the previous copy instead of all rendering it together. With nobody rendering, a stale page
    is never served."""
    first, _ = _get(client)
    key = next(k for k in page_cache._local._pages)
    page_cache.bump_public_cache()  # what the visitor saw is now stale
    page_cache.clear_local_public_cache()
    cache.add(f"{key}:rebuilding", 1, 10)  # another request is rendering it right now
    served, queries = _get(client)
    assert (queries, served.content) == (0, first.content)
    cache.delete(f"{key}:rebuilding")
    _fresh, queries = _get(client)  # nobody renders it: this request does, and releases the lock
    assert queries > 0
    assert cache.get(f"{key}:rebuilding") is None


@pytest.mark.django_db
@override_settings(PUBLIC_CACHE_GENERATION_CHECK_MS=0, PUBLIC_PAGE_LOCAL_ENTRIES=0)
def test_a_page_past_its_freshness_is_rendered_again(client, kims):
    _get(client)
    _response, queries = _get(client)
    assert queries == 0
    later = page_cache.time.time() + page_cache.settings.PUBLIC_PAGE_CACHE_SECONDS + 1
    with mock.patch.object(page_cache.time, "time", return_value=later):
        _response, queries = _get(client)
    assert queries > 0
