"""The share kit, the lists and the reach pages over HTTP, with their query counts at two data sizes."""

import datetime
import urllib.parse

import pytest
from django.conf import settings
from django.utils import timezone, translation

from jembatan.accounts.roles import Role
from jembatan.dissemination import selectors, services
from jembatan.dissemination.models import ShareLink
from jembatan.dissemination.services import DisseminationData
from tests.factories import make_item, make_kim, make_staff
from tests.factories import signed_in as sign_in

MAX_QUERIES = 8


def _footer(kim) -> str:
    with translation.override(settings.LANGUAGE_CODE):
        source = translation.gettext("Diskominfo %(regency)s") % {"regency": kim.village.district.regency}
        return translation.gettext("Official information from %(source)s via %(kim)s") % {
            "source": source,
            "kim": kim.name,
        }


def test_the_share_kit_gives_a_whatsapp_message_with_the_kims_own_link(pengurus_client, kim, item):
    response = pengurus_client.get(f"/kim/bagikan/{item.slug}/")
    assert response.status_code == 200
    link = ShareLink.objects.get(item=item, kim=kim)
    body = response.content.decode()
    url = f"{settings.PUBLIC_BASE_URL}/s/{link.code}"
    text = response.context["text"]
    assert text.startswith(f"*{item.title}*")
    assert url in text
    assert text.rstrip().endswith(_footer(kim))
    assert "Kalimat ketiga" not in text  # one or two sentences of the summary, not all of it
    assert "Warga diminta berhati-hati." in text
    assert len(text) <= selectors.SHARE_TEXT_MAX
    assert "readonly" in body and "<textarea" in body
    assert "https://wa.me/?text=" + urllib.parse.quote(text, safe="") in body.replace("&amp;", "&")
    assert 'src="/static/js/share-kit.js" defer' in body
    # A second visit shows the same link.
    pengurus_client.get(f"/kim/bagikan/{item.slug}/")
    assert ShareLink.objects.filter(item=item, kim=kim).count() == 1


def test_the_share_text_fits_the_limit_with_the_longest_title_summary_and_kim_name(admin, db):
    kim = make_kim(status="aktif", admin=admin, name="KIM " + "Panjang Sekali " * 9)
    item = make_item(
        title="Judul " + "sangat panjang " * 9, summary=("Kalimat yang panjang sekali tanpa titik " * 8)[:300]
    )
    link = services.share_link_get_or_create(actor=None, kim=kim, item=item)
    text = selectors.share_text(item=item, kim=kim, link=link)
    assert len(text) <= selectors.SHARE_TEXT_MAX
    assert selectors.share_url(link) in text
    assert _footer(kim) in text


def test_whatsapp_formatting_marks_in_the_title_do_not_break_the_bold(kim, db):
    item = make_item(title="Vaksin *gratis* untuk_anak ~ semua")
    link = services.share_link_get_or_create(actor=None, kim=kim, item=item)
    first_line = selectors.share_text(item=item, kim=kim, link=link).splitlines()[0]
    assert first_line == "*Vaksin gratis untukanak semua*"


def test_the_kit_shows_the_largest_jpeg_for_download_with_its_alt_text(pengurus_client, item):
    item.image_renditions = {
        "width": 2000,
        "height": 1000,
        "sizes": [
            [320, "a-320.webp", "a-320.jpg"],
            [1600, "a-1600.webp", "a-1600.jpg"],
            [640, "a-640.webp", "a-640.jpg"],
        ],
    }
    item.image_alt = "Alat berat memperbaiki jalan berlubang"
    item.save()
    body = pengurus_client.get(f"/kim/bagikan/{item.slug}/").content.decode()
    assert f'href="/berita/gambar/{item.pk}/a-1600.jpg" download' in body
    assert f'src="/berita/gambar/{item.pk}/a-640.jpg" alt="Alat berat memperbaiki jalan berlubang"' in body


def test_no_kit_for_an_item_that_is_not_published(pengurus_client, db):
    draft = make_item(status="draf")
    archived = make_item(status="diarsipkan")
    assert pengurus_client.get(f"/kim/bagikan/{draft.slug}/").status_code == 404
    assert pengurus_client.get(f"/kim/bagikan/{archived.slug}/").status_code == 404
    assert pengurus_client.get("/kim/bagikan/tidak-ada/").status_code == 404
    assert not ShareLink.objects.exists()


def test_other_roles_get_no_kit(client, item):
    editor = make_staff(Role.EDITOR)
    sign_in(client, editor)
    assert client.get(f"/kim/bagikan/{item.slug}/").status_code == 403


def test_the_share_list_shows_recent_items_with_the_opens_of_this_kims_link(pengurus_client, kim, other_kim, item):
    mine = services.share_link_get_or_create(actor=None, kim=kim, item=item)
    theirs = services.share_link_get_or_create(actor=None, kim=other_kim, item=item)
    for _ in range(3):
        services.share_link_count_open(link=mine)
    for _ in range(7):
        services.share_link_count_open(link=theirs)
    older = make_item()
    response = pengurus_client.get("/kim/bagikan/")
    assert response.status_code == 200
    rows = {i.pk: i.opens for i in response.context["page"].object_list}
    assert rows == {item.pk: 3, older.pk: 0}
    assert f"/kim/bagikan/{item.slug}/" in response.content.decode()


def test_the_article_page_offers_the_kit_to_a_pengurus_only(client, pengurus, item):
    kit = f"/kim/bagikan/{item.slug}/"
    assert kit not in client.get(item.get_absolute_url()).content.decode()  # anonymous (and cached)
    sign_in(client, make_staff(Role.EDITOR))
    assert kit not in client.get(item.get_absolute_url()).content.decode()
    client.logout()
    sign_in(client, pengurus)
    assert kit in client.get(item.get_absolute_url()).content.decode()
    client.logout()
    assert kit not in client.get(item.get_absolute_url()).content.decode()  # the anonymous copy stays clean


def test_the_workspace_links_to_the_share_pages(pengurus_client, kim):
    body = pengurus_client.get("/staf/").content.decode()
    assert f"/kim/bagikan/?kim={kim.pk}" in body
    assert f"/kim/diseminasi/?kim={kim.pk}" in body


def test_the_public_kim_profile_shows_its_reach(client, kim, item, pengurus):
    link = services.share_link_get_or_create(actor=pengurus, kim=kim, item=item)
    services.share_link_count_open(link=link)
    services.dissemination_record(
        actor=pengurus,
        kim=kim,
        item=item,
        data=DisseminationData(channel="meeting", date=timezone.localdate(), audience=45, note="Rahasia catatan"),
    )
    response = client.get(f"/kim/{kim.slug}/")
    assert response.status_code == 200
    reach = response.context["reach"]
    assert (reach.items, reach.opens, reach.disseminations, reach.audience) == (1, 1, 1, 45)
    body = response.content.decode()
    assert 'id="kim-reach"' in body
    assert "Rahasia catatan" not in body  # notes and photos are never public


def test_the_staff_reach_page_shows_kecamatan_totals_and_top_items(client, kim, other_kim, item, pengurus):
    link = services.share_link_get_or_create(actor=pengurus, kim=kim, item=item)
    services.share_link_count_open(link=link)
    services.dissemination_record(
        actor=pengurus,
        kim=kim,
        item=item,
        data=DisseminationData(channel="radio", date=timezone.localdate(), audience=200),
    )
    sign_in(client, make_staff(Role.PIMPINAN))
    response = client.get("/staf/jangkauan/")
    assert response.status_code == 200
    districts = response.context["districts"]
    assert (districts.opens, districts.disseminations, districts.audience) == (1, 1, 200)
    assert [i.pk for i in response.context["top_items"]] == [item.pk]
    body = response.content.decode()
    assert '<th scope="col"' in body and "<caption>" in body
    detail = client.get(f"/staf/jangkauan/berita/{item.pk}/")
    assert detail.status_code == 200
    assert kim.name in detail.content.decode()
    assert client.get("/staf/jangkauan/?periode=90").status_code == 200


def test_the_reach_pages_are_not_for_pengurus_or_another_regency(client, pengurus, item):
    sign_in(client, pengurus)
    assert client.get("/staf/jangkauan/").status_code == 403
    client.logout()
    from jembatan.regions.models import Province, Regency

    Regency.objects.create(code="19.01", province=Province.objects.get(code="19"), name="KABUPATEN BANGKA")
    sign_in(client, make_staff(Role.EDITOR, regency="19.01"))
    assert client.get("/staf/jangkauan/").status_code == 404
    assert client.get(f"/staf/jangkauan/berita/{item.pk}/").status_code == 404


# --- Queries per page, at two data sizes -----------------------------------------------------------


def _grow(kims, items_per_round: int, pengurus):
    """More items, links, opens and records across every KIM."""
    today = timezone.localdate()
    for _ in range(items_per_round):
        item = make_item()
        for kim in kims:
            link = services.share_link_get_or_create(actor=None, kim=kim, item=item)
            services.share_link_count_open(link=link)
            services.dissemination_record(
                actor=pengurus if kim == kims[0] else None,
                kim=kim,
                item=item,
                data=DisseminationData(channel="whatsapp_group", date=today, audience=10),
            )


def test_every_page_makes_a_constant_number_of_queries(
    client, admin, kim, other_kim, pengurus, django_assert_max_num_queries
):
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from jembatan.core.cache import clear_local_public_cache

    editor = make_staff(Role.EDITOR)
    kims = [kim, other_kim, make_kim(status="aktif", admin=admin, village_code="19.71.02.1001")]
    _grow(kims, 1, pengurus)
    first = make_item()
    editor_client = sign_in(client.__class__(), editor)
    pengurus_client = sign_in(client.__class__(), pengurus)
    anonymous = client.__class__()

    def pages():
        return [
            (pengurus_client, "/kim/bagikan/"),
            (pengurus_client, f"/kim/bagikan/{first.slug}/"),
            (pengurus_client, "/kim/diseminasi/"),
            (pengurus_client, f"/kim/diseminasi/baru/?berita={first.slug}"),
            (pengurus_client, "/kim/diseminasi/baru/"),
            (editor_client, "/staf/jangkauan/"),
            (editor_client, "/staf/jangkauan/?periode=90"),
            (editor_client, f"/staf/jangkauan/berita/{first.pk}/"),
            (editor_client, f"/staf/jangkauan/berita/{first.pk}/catatan/"),
            (anonymous, f"/kim/{kim.slug}/"),
            (pengurus_client, first.get_absolute_url()),
        ]

    def counts():
        result = {}
        for who, path in pages():
            cache.clear()
            clear_local_public_cache()
            with CaptureQueriesContext(connection) as queries:
                response = who.get(path)
            assert response.status_code == 200, (path, response.status_code)
            result[path] = len(queries)
        return result

    counts()  # warm up: the share link of the first kit is created here
    small = counts()
    _grow(kims, 6, pengurus)
    for _ in range(25):
        make_item()
    large = counts()
    for path, n in small.items():
        assert n <= MAX_QUERIES, (path, n)
        assert large[path] == n, (path, n, large[path])
    with django_assert_max_num_queries(MAX_QUERIES):
        pengurus_client.get("/kim/bagikan/")


@pytest.mark.parametrize("days_ago", [0, 89, 90])
def test_recent_figures_cover_the_last_90_days(kim, pengurus, days_ago):
    item = make_item()
    item.published_at = timezone.now() - datetime.timedelta(days=200)
    item.save(update_fields=["published_at"])
    services.dissemination_record(
        actor=pengurus,
        kim=kim,
        item=item,
        data=DisseminationData(
            channel="banner", date=timezone.localdate() - datetime.timedelta(days=days_ago), audience=9
        ),
    )
    reach = selectors.reach_for_kim(kim)
    assert reach.disseminations == 1 and reach.audience == 9
    assert reach.recent_disseminations == (1 if days_ago < 90 else 0)
    assert reach.recent_audience == (9 if days_ago < 90 else 0)
