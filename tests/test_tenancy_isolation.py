"""Two regencies in one database, each on its own address: nothing of one shows on the other.

Pangkalpinang (19.71, the installation's regency) and a second regency of the same province (19.04,
Bangka Tengah, on its own host) each get a legalised KIM, a public report, a published news item, a
feed, a local day off and the audit rows these leave. Every public page, feed, sitemap, search, API
read and Open311 read, and every staff queue and export of one site, is read and must not contain
anything of the other; the other's objects are not found by their address either. A leadership role
held for the province reads both sites.
"""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from jembatan.accounts.roles import Role
from jembatan.aspirations import services as aspirations
from jembatan.core import services as core_services
from jembatan.core import tenancy
from jembatan.core.models import AuditLog
from jembatan.regions.models import District, Province, Regency, Village
from jembatan.syndication import services as syndication
from tests.factories import make_agency, make_aspiration, make_category, make_item, make_kim, make_staff, signed_in

HOSTS = {"19.71": "pangkalpinang.test", "19.04": "bangka-tengah.test"}

PUBLIC_PATHS = [
    "/", "/kim/", "/cakupan/", "/aspirasi/", "/aspirasi/kinerja/", "/aspirasi/peta.geojson", "/berita/",
    "/feeds/berita.rss", "/feeds/berita.atom", "/feeds/berita.json", "/sitemap.xml", "/sitemap-kim.xml",
    "/sitemap-berita.xml", "/sitemap-kelurahan.xml", "/kelurahan/", "/cari/?q=isolasi", "/api/v1/kims",
    "/api/v1/aspirations", "/api/v1/news", "/api/v1/coverage", "/api/v1/aspirations/categories",
    "/api/v1/aspirations/figures", "/open311/v2/services.json", "/open311/v2/requests.json",
    "/api/v1/calendar/days-off?year=2026",
]  # fmt: skip
STAFF_PATHS = [
    "/staf/", "/staf/aspirasi/", "/staf/kim/", "/staf/berita/", "/staf/umpan/", "/staf/umpan/antrean/",
    "/staf/audit/", "/staf/audit/?unduh=csv", "/staf/kalender/", "/staf/opd/", "/staf/kategori/",
    "/staf/pengguna/", "/staf/pimpinan/", "/staf/jangkauan/", "/staf/unduhan/", "/staf/unduhan/kim.csv",
    "/staf/unduhan/laporan.csv",
]  # fmt: skip


def _regency_b():
    province = Province.objects.get(code="19")
    regency, _ = Regency.objects.get_or_create(code="19.04", defaults={"province": province, "name": "BANGKA TENGAH"})
    district, _ = District.objects.get_or_create(code="19.04.01", defaults={"regency": regency, "name": "Koba"})
    Village.objects.get_or_create(code="19.04.01.1001", defaults={"district": district, "name": "Simpang Perlang"})
    return regency


def _world(code: str, village: str, word: str) -> dict:
    """One regency's data, made on its own site; returns the words and addresses only it may show."""
    with tenancy.activate(code):
        admin = make_staff(Role.ADMIN, regency=code)
        agency = make_agency(regency=code, short_name=f"Dinas{word}")
        category = make_category(code=f"kategori-{word.lower()}", agency=agency, regency=code)
        kim = make_kim(status="aktif", admin=admin, village_code=village, name=f"KIM {word} Isolasi")
        report = make_aspiration(
            status="didisposisikan", admin=admin, category=category, village_code=village,
            title=f"Laporan {word} isolasi jalan berlubang",
        )  # fmt: skip
        item = make_item(regency_code=code, title=f"Berita {word} isolasi posyandu")
        syndication.feed_create(actor=admin, regency_code=code, title=f"Umpan {word}", url=f"https://{word}.test/rss")
        core_services.calendar_override_add(
            actor=admin, date=datetime.date(2026, 12, 21), kind="libur", reason=f"Hari jadi {word}"
        )
    return {
        "admin": admin, "kim": kim, "report": report, "item": item,
        "words": [f"KIM {word} Isolasi", f"Laporan {word} isolasi", f"Berita {word} isolasi", f"Dinas{word}",
                  f"Umpan {word}", f"Hari jadi {word}", kim.slug, report.code, item.slug],
        "addresses": [f"/kim/{kim.slug}/", f"/aspirasi/{report.code}/", f"/berita/{item.slug}/",
                      f"/api/v1/kims/{kim.slug}", f"/api/v1/aspirations/{report.code}", f"/api/v1/news/{item.slug}",
                      f"/open311/v2/requests/{report.code}.json", f"/staf/aspirasi/{report.code}/",
                      f"/staf/kim/{kim.slug}/", f"/staf/berita/{item.pk}/"],
    }  # fmt: skip


@pytest.fixture
def two_regencies(db, regions, settings):
    settings.JEMBATAN_REGENCY = "19.71"
    settings.PUBLIC_BASE_URL = f"http://{HOSTS['19.71']}"
    settings.JEMBATAN_SITES = [f"19.04=http://{HOSTS['19.04']}"]
    settings.ALLOWED_HOSTS = [*HOSTS.values(), "testserver"]
    _regency_b()
    a = _world("19.71", "19.71.07.1003", "Pangkal")
    b = _world("19.04", "19.04.01.1001", "Koba")
    with tenancy.activate("19.04"):  # the report on the second site is public too
        aspirations.aspiration_answer(
            actor=None, aspiration=b["report"], answer="Sudah diperbaiki oleh petugas kemarin sore."
        )
    return {"19.71": a, "19.04": b}


def _get(client, host: str, path: str):
    return client.get(path, HTTP_HOST=host)


@pytest.mark.parametrize(("site", "other"), [("19.71", "19.04"), ("19.04", "19.71")])
def test_no_public_read_of_one_site_shows_the_other(client, two_regencies, site, other):
    host = HOSTS[site]
    mine, theirs = two_regencies[site], two_regencies[other]
    seen_mine = set()
    for path in PUBLIC_PATHS:
        response = _get(client, host, path)
        assert response.status_code == 200, (site, path, response.status_code)
        body = b"".join(response.streaming_content) if response.streaming else response.content
        text = body.decode()
        leaked = [word for word in theirs["words"] if word in text]
        assert leaked == [], (site, path, leaked)
        assert HOSTS[other] not in text, (site, path)
        seen_mine |= {word for word in mine["words"] if word in text}
    # The test can see: each site's own things do appear in its own reads.
    assert {f"KIM {w} Isolasi" for w in ["Pangkal", "Koba"]} & seen_mine
    assert mine["report"].code in seen_mine and mine["item"].slug in seen_mine
    for path in theirs["addresses"][:7]:
        assert _get(client, host, path).status_code == 404, (site, path)
    for path in mine["addresses"][:7]:
        assert _get(client, host, path).status_code == 200, (site, path)


@pytest.mark.parametrize(("site", "other"), [("19.71", "19.04"), ("19.04", "19.71")])
def test_no_staff_queue_or_export_of_one_site_shows_the_other(client, two_regencies, site, other):
    host = HOSTS[site]
    mine, theirs = two_regencies[site], two_regencies[other]
    signed_in(client, mine["admin"])
    for path in STAFF_PATHS:
        response = _get(client, host, path)
        assert response.status_code == 200, (site, path, response.status_code)
        body = b"".join(response.streaming_content) if response.streaming else response.content
        leaked = [word for word in theirs["words"] if word in body.decode()]
        assert leaked == [], (site, path, leaked)
    for path in theirs["addresses"][7:]:
        assert _get(client, host, path).status_code == 404, (site, path)
    for path in mine["addresses"][7:]:
        assert _get(client, host, path).status_code == 200, (site, path)
    # The administrator of this site opens nothing on the other one: an empty queue at most.
    queue = _get(client, HOSTS[other], "/staf/aspirasi/")
    assert queue.status_code in (200, 403, 404)
    assert not [word for word in mine["words"] + theirs["words"] if word in queue.content.decode()]
    assert _get(client, HOSTS[other], f"/staf/aspirasi/{theirs['report'].code}/").status_code in (403, 404)
    assert _get(client, HOSTS[other], "/staf/audit/").status_code in (403, 404)


def test_each_site_has_its_own_calendar_and_audit_rows(two_regencies):
    from jembatan.core.workdays import WorkingCalendar

    day = datetime.date(2026, 12, 21)
    assert not WorkingCalendar.load("19.71").is_working_day(day)
    assert not WorkingCalendar.load("19.04").is_working_day(day)
    with tenancy.activate("19.04"):
        core_services.calendar_override_add(
            actor=None, date=datetime.date(2026, 12, 22), kind="libur", reason="Banjir di Koba"
        )
    assert WorkingCalendar.load("19.71").is_working_day(datetime.date(2026, 12, 22))
    assert not WorkingCalendar.load("19.04").is_working_day(datetime.date(2026, 12, 22))
    report = two_regencies["19.71"]["report"]
    assert AuditLog.objects.filter(object_id=str(report.pk), regency_code="19.04").count() == 0
    assert AuditLog.objects.filter(regency_code="19.04", verb="aspiration.submitted").count() == 1
    assert timezone.localdate(report.received_at)  # a real report, not a stub


def test_a_province_role_reads_every_regency_of_the_province_and_a_regency_role_only_its_own(client, two_regencies):
    from jembatan.accounts import services as account_services
    from tests.factories import make_user

    reader = make_user()
    account_services.role_grant(actor=None, user=reader, role=Role.PIMPINAN, province=Province.objects.get(code="19"))
    from django_otp.plugins.otp_totp.models import TOTPDevice

    TOTPDevice.objects.create(user=reader, name="uji", confirmed=True)
    signed_in(client, reader)
    pages = {site: _get(client, host, "/staf/pimpinan/") for site, host in HOSTS.items()}
    assert {site: page.status_code for site, page in pages.items()} == {"19.71": 200, "19.04": 200}
    # Read across: both regencies side by side on either site, with the province's own export.
    for page in pages.values():
        assert 'id="t-provinsi"' in page.content.decode() and "Bangka Tengah" in page.content.decode()
    export = _get(client, HOSTS["19.71"], "/staf/pimpinan/?unduh=csv&tabel=provinsi").content.decode("utf-8-sig")
    assert "Bangka Tengah" in export and "Pangkal" in export

    local = make_staff(Role.PIMPINAN, regency="19.71")
    signed_in(client, local)
    own = _get(client, HOSTS["19.71"], "/staf/pimpinan/")
    assert own.status_code == 200 and 'id="t-provinsi"' not in own.content.decode()
    assert _get(client, HOSTS["19.04"], "/staf/pimpinan/").status_code == 404
    assert _get(client, HOSTS["19.71"], "/staf/pimpinan/?unduh=csv&tabel=provinsi").status_code == 404


@pytest.mark.parametrize(("site", "other"), [("19.71", "19.04"), ("19.04", "19.71")])
def test_search_finds_only_the_sites_own_documents(client, two_regencies, site, other):
    from jembatan.search.services import index_rebuild

    index_rebuild()
    text = _get(client, HOSTS[site], "/cari/?q=isolasi").content.decode()
    mine, theirs = two_regencies[site], two_regencies[other]
    assert f"/berita/{mine['item'].slug}/" in text and f"/aspirasi/{mine['report'].code}/" in text
    assert not [address for address in theirs["addresses"][:3] if address in text]


def test_each_site_names_its_own_office(client, two_regencies):
    assert "Dinas Komunikasi dan Informatika Bangka Tengah" in _get(client, HOSTS["19.04"], "/").content.decode()
    assert "Bangka Tengah" not in _get(client, HOSTS["19.71"], "/").content.decode()
    atom = _get(client, HOSTS["19.04"], "/feeds/berita.atom").content.decode()
    assert "Bangka Tengah" in atom and "http://bangka-tengah.test/berita/" in atom
