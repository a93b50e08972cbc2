"""Anonymous and secret reports leak nowhere: every public response is searched for the reporter's name,
email and phone, the raw text, and anything of the secret report."""

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from jembatan.aspirations import services
from jembatan.aspirations.models import Aspiration
from tests.factories import make_category, make_staff

NAME = "Zulkarnain Bocorwati"
EMAIL = "zulkarnain.bocorwati@rahasia-uji.id"
PHONE = "0819-7654-3210"
RAW_DESCRIPTION = (
    f"Saya {NAME} ({PHONE}, {EMAIL}) melaporkan lampu jalan di Gang Mawar padam sejak tiga minggu, "
    "anak-anak pulang mengaji dalam gelap."
)
SECRET_TITLE = "Pungutan XQJRAHASIA di kantor kelurahan"
SECRET_DESCRIPTION = "Petugas XQJRAHASIA meminta uang untuk surat pengantar."
SECRET_ANSWER = "Petugas XQJJAWABAN sudah diperiksa inspektorat."
NEEDLES = [
    "zulkarnain", "bocorwati", "rahasia-uji.id", "81976543210", "0819-7654-3210", "0819 7654 3210",
    RAW_DESCRIPTION.lower(), "xqjrahasia", "xqjjawaban",
]  # fmt: skip


def _feed_routes() -> list[str]:
    """Public feeds, if the project has any (routes without parameters whose name says feed, rss or atom)."""
    found = []

    def walk(patterns, prefix=""):
        for entry in patterns:
            if isinstance(entry, URLResolver):
                walk(entry.url_patterns, prefix + str(entry.pattern))
            elif isinstance(entry, URLPattern):
                route = prefix + str(entry.pattern)
                if re.search(r"feed|rss|atom", route) and "<" not in route and "(?P" not in route:
                    found.append("/" + route)

    walk(get_resolver().url_patterns)
    return found


@pytest.fixture
def reports(client, db, django_capture_on_commit_callbacks):
    """An anonymous report sent through the API and a secret one filed through Open311, both answered."""
    admin = make_staff("admin")
    category = make_category()
    with django_capture_on_commit_callbacks(execute=True):
        anonymous = client.post(
            "/api/v1/aspirations",
            data={
                "kind": "pengaduan", "title": f"Lampu jalan padam kata {NAME}", "description": RAW_DESCRIPTION,
                "category": "jalan", "village": "19.71.01.1004", "privacy": "anonim",
                "place": f"Depan rumah {NAME}", "latitude": -2.13, "longitude": 106.11, "reporter_name": NAME,
                "reporter_email": EMAIL, "reporter_phone": PHONE, "consent": True,
            },
            content_type="application/json",
            headers={"Idempotency-Key": "kunci-bocor-1"},
        )  # fmt: skip
        secret = client.post(
            "/open311/v2/requests.json",
            {
                "service_code": "jalan", "description": f"{SECRET_TITLE}. {SECRET_DESCRIPTION}",
                "first_name": "Zulkarnain", "last_name": "Bocorwati", "email": EMAIL, "phone": PHONE,
                "address_string": f"Rumah {NAME}", "attribute[kelurahan]": "19.71.01.1004",
                "attribute[persetujuan]": "ya", "attribute[privasi]": "rahasia",
            },
        )  # fmt: skip
    assert anonymous.status_code == 201, anonymous.content
    assert secret.status_code == 201, secret.content
    result = {}
    for code, answer in ((anonymous.json()["code"], "Lampu sudah diganti petugas."), (secret.json()[0]["service_request_id"], SECRET_ANSWER)):  # fmt: skip
        with django_capture_on_commit_callbacks(execute=True):
            aspiration = Aspiration.objects.get(code=code)
            aspiration = services.aspiration_verify(actor=admin, aspiration=aspiration)
            aspiration = services.aspiration_dispose(actor=admin, aspiration=aspiration, agency=category.agency)
            aspiration = services.aspiration_answer(actor=admin, aspiration=aspiration, answer=answer)
        result["anonim" if aspiration.privacy == "anonim" else "rahasia"] = aspiration
    assert result["rahasia"].privacy == "rahasia"
    return result


def _public_urls(anonymous: str, secret: str) -> list[str]:
    codes = f"{anonymous},{secret}"
    urls = [
        "/", "/aspirasi/", "/aspirasi/?q=lampu", "/aspirasi/?q=Pungutan", "/aspirasi/kinerja/",
        f"/aspirasi/{anonymous}/", f"/aspirasi/{secret}/", f"/aspirasi/lacak/{anonymous}/", f"/aspirasi/lacak/{secret}/",
        "/api/v1/aspirations", "/api/v1/aspirations?q=lampu", "/api/v1/aspirations?q=Pungutan",
        f"/api/v1/aspirations/{anonymous}", f"/api/v1/aspirations/{secret}", "/api/v1/aspirations/categories",
        "/api/v1/aspirations/figures",
    ]  # fmt: skip
    for fmt in ("json", "xml"):
        urls += [
            f"/open311/v2/discovery.{fmt}", f"/open311/v2/services.{fmt}", f"/open311/v2/services/jalan.{fmt}",
            f"/open311/v2/requests.{fmt}", f"/open311/v2/requests.{fmt}?service_request_id={codes}",
            f"/open311/v2/requests.{fmt}?status=open", f"/open311/v2/requests/{anonymous}.{fmt}",
            f"/open311/v2/requests/{secret}.{fmt}",
        ]  # fmt: skip
    return urls + _feed_routes()


def test_no_public_response_carries_personal_data_or_the_secret_report(client, reports):
    anonymous, secret = reports["anonim"], reports["rahasia"]
    urls = _public_urls(anonymous.code, secret.code)
    statuses = {}
    for url in urls:
        response = client.get(url)
        statuses[url] = response.status_code
        assert response.status_code in (200, 404), f"{url}: {response.status_code}"
        body = response.content.decode("utf-8").lower()
        leaked = [needle for needle in NEEDLES if needle in body]
        assert not leaked, f"{url} shows {leaked}"
    # The checks above looked at real content: the anonymous report is public everywhere, the secret one nowhere.
    assert statuses[f"/api/v1/aspirations/{anonymous.code}"] == 200
    assert statuses[f"/open311/v2/requests/{anonymous.code}.json"] == 200
    assert statuses[f"/aspirasi/{anonymous.code}/"] == 200
    assert statuses[f"/api/v1/aspirations/{secret.code}"] == 404
    assert statuses[f"/open311/v2/requests/{secret.code}.xml"] == 404
    assert statuses[f"/aspirasi/{secret.code}/"] == 404
    assert anonymous.code in client.get("/api/v1/aspirations").content.decode()
    assert anonymous.code in client.get("/aspirasi/").content.decode()
    assert anonymous.code in client.get("/open311/v2/requests.xml").content.decode()
    listed = client.get(f"/open311/v2/requests.json?service_request_id={anonymous.code},{secret.code}").json()
    assert [r["service_request_id"] for r in listed] == [anonymous.code]
    detail = client.get(f"/api/v1/aspirations/{anonymous.code}").json()
    assert "lampu jalan di Gang Mawar padam" in detail["description"]  # the redacted text is what is shown
    assert detail["answer"] == "Lampu sudah diganti petugas."


def test_the_reporter_still_sees_everything_through_the_secret(client, reports):
    """The counterpart: the same data is there for the holder of the private link (so the search above is real)."""
    anonymous = reports["anonim"]
    secret = services.aspiration_secret(anonymous)
    view = client.get(f"/api/v1/aspirations/{anonymous.code}/private", headers={"X-Tracking-Secret": secret})
    assert view.status_code == 200
    assert view.json()["description"] == RAW_DESCRIPTION
    page = client.get(f"/aspirasi/lacak/{anonymous.code}/{secret}/")
    assert NAME.split()[1] in page.content.decode()
