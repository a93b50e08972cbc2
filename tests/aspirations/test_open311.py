"""Open311 GeoReport v2: discovery, services, filing and reading requests, in JSON and XML (parsed with the stdlib)."""

import datetime
import json
import xml.etree.ElementTree as ET  # noqa: S405 - parsing our own test responses

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from jembatan.aspirations import services
from jembatan.aspirations.models import Aspiration
from jembatan.core.cache import bump_public_cache
from tests.factories import make_aspiration, make_category, make_staff

BASE = "/open311/v2"
VILLAGE = "19.71.01.1004"


def get(client, path, fmt, **params):
    response = client.get(f"{BASE}/{path}.{fmt}", params)
    return response, parse(response, fmt)


def parse(response, fmt):
    if fmt == "json":
        assert response["Content-Type"].startswith("application/json")
        return json.loads(response.content)
    assert response["Content-Type"].startswith("text/xml")
    assert response.content.startswith(b"<?xml version='1.0' encoding='utf-8'?>")
    return ET.fromstring(response.content)  # noqa: S314 - our own response


def xml_items(root, item):
    return [{child.tag: child for child in element} for element in root.findall(item)]


def filing(**overrides):
    values = {
        "service_code": "jalan",
        "description": "Lubang besar di Jalan Depati Amir depan sekolah, sudah dua minggu belum ditutup dan membahayakan",
        "lat": "-2.12345678",
        "long": "106.113",
        "address_string": "Jl. Depati Amir",
        "email": "warga.open311@contoh.id",
        "phone": "0813 7777 1234",
        "first_name": "Dewi",
        "last_name": "Open",
        "jurisdiction_id": "pangkalpinang.go.id",
        "api_key": "diabaikan",
        "attribute[kelurahan]": VILLAGE,
        "attribute[persetujuan]": "ya",
    }
    values.update(overrides)
    return {key: value for key, value in values.items() if value is not None}


@pytest.fixture
def admin(db):
    return make_staff("admin")


@pytest.fixture
def category(db):
    return make_category()


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_discovery(client, db, fmt):
    response, data = get(client, "discovery", fmt)
    assert response.status_code == 200
    if fmt == "json":
        endpoint = data["endpoints"][0]
        assert endpoint["formats"] == ["text/xml", "application/json"]
    else:
        endpoint = {child.tag: child.text for child in data.find("endpoints/endpoint")}
        assert [f.text for f in data.findall("endpoints/endpoint/formats/format")] == ["text/xml", "application/json"]
    assert endpoint["specification"] == "http://wiki.open311.org/GeoReport_v2"
    assert endpoint["url"].endswith("/open311/v2")
    assert endpoint["type"] == "production"


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_services_are_the_categories(client, category, fmt):
    make_category(code="sampah")
    response, data = get(client, "services", fmt)
    assert response.status_code == 200
    if fmt == "xml":
        data = [{child.tag: child.text or "" for child in service} for service in data.findall("service")]
        assert data[0]["metadata"] == "true"
    else:
        assert data[0]["metadata"] is True
    assert [s["service_code"] for s in data] == ["jalan", "sampah"]
    service = data[0]
    assert service["service_name"] == category.name
    assert service["type"] == "realtime"
    assert service["group"] == category.agency.short_name
    assert "jalan" in service["keywords"]
    assert set(service) == {"service_code", "service_name", "description", "metadata", "type", "keywords", "group"}


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_service_definition_lists_the_kelurahan_and_consent(client, category, fmt):
    response, data = get(client, "services/jalan", fmt)
    assert response.status_code == 200
    if fmt == "json":
        attributes = {a["code"]: a for a in data["attributes"]}
        kelurahan = attributes["kelurahan"]
        keys = [v["key"] for v in kelurahan["values"]]
        assert kelurahan["required"] is True
        assert attributes["persetujuan"]["description"] == services.CONSENT_TEXT
        assert attributes["privasi"]["required"] is False
    else:
        assert data.findtext("service_code") == "jalan"
        kelurahan = next(a for a in data.findall("attributes/attribute") if a.findtext("code") == "kelurahan")
        keys = [v.findtext("key") for v in kelurahan.findall("values/value")]
        assert kelurahan.findtext("required") == "true"
        assert kelurahan.findtext("datatype") == "singlevaluelist"
    assert len(keys) == 42
    assert VILLAGE in keys
    missing, errors = get(client, "services/tidak-ada", fmt)
    assert missing.status_code == 404
    if fmt == "json":
        assert errors == [{"code": 404, "description": "Tidak ada layanan dengan kode tidak-ada."}]
    else:
        assert errors.tag == "errors"
        assert errors.findtext("error/code") == "404"


def _verify(admin, code):
    aspiration = Aspiration.objects.get(code=code)
    return services.aspiration_verify(actor=admin, aspiration=aspiration)


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_file_then_read_back_after_verification(client, admin, category, fmt):
    response = client.post(f"{BASE}/requests.{fmt}", filing())
    assert response.status_code == 201, response.content
    data = parse(response, fmt)
    if fmt == "json":
        [created] = data
        code = created["service_request_id"]
        notice = created["service_notice"]
        assert created["account_id"] is None
    else:
        code = data.findtext("request/service_request_id")
        notice = data.findtext("request/service_notice")
    assert code.startswith("ASP-")
    assert "diverifikasi" in notice
    stored = Aspiration.objects.get(code=code)
    assert stored.kind == "pengaduan"
    assert stored.title == "Lubang besar di Jalan Depati Amir depan sekolah, sudah dua minggu belum ditutup…"
    assert stored.reporter_name == "Dewi Open"
    assert stored.reporter_email == "warga.open311@contoh.id"
    assert stored.reporter_phone == "+6281377771234"
    assert stored.village_id == VILLAGE
    assert str(stored.latitude) == "-2.123457"
    assert stored.place == "Jl. Depati Amir"
    assert stored.privacy == "anonim"

    hidden, _errors = get(client, f"requests/{code}", fmt)
    assert hidden.status_code == 404  # not public before Diskominfo verifies it

    _verify(admin, code)
    detail, data = get(client, f"requests/{code}", fmt)
    assert detail.status_code == 200
    if fmt == "json":
        [request] = data
    else:
        [request] = [{k: v.text or "" for k, v in item.items()} for item in xml_items(data, "request")]
        request["lat"], request["long"] = float(request["lat"]), float(request["long"])
    assert request["service_request_id"] == code
    assert request["status"] == "open"
    assert request["status_notes"] == "Diverifikasi"
    assert request["service_code"] == "jalan"
    assert request["service_name"] == category.name
    assert request["address"] == "Jl. Depati Amir"
    assert request["lat"] == pytest.approx(-2.123)  # published rounded to about 100 m
    assert request["long"] == pytest.approx(106.113)
    assert request["requested_datetime"].endswith("+07:00")
    assert datetime.datetime.fromisoformat(request["updated_datetime"]) >= datetime.datetime.fromisoformat(
        request["requested_datetime"]
    )
    assert "media_url" not in request
    assert "Dewi" not in json.dumps(request)


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_list_filters_and_status_mapping(client, admin, category, fmt):
    other = make_category(code="sampah")
    routed = make_aspiration(status="didisposisikan", admin=admin, title="Jalan berlubang")
    closed = make_aspiration(status="selesai", admin=admin, title="Sampah menumpuk", category=other)
    make_aspiration(status="baru", title="Belum diverifikasi")
    make_aspiration(status="didisposisikan", admin=admin, title="Rahasia", privacy="rahasia")

    def codes(**params):
        response, data = get(client, "requests", fmt, **params)
        assert response.status_code == 200, response.content
        if fmt == "json":
            return {r["service_request_id"]: r for r in data}
        return {i["service_request_id"].text: {k: v.text for k, v in i.items()} for i in xml_items(data, "request")}

    everything = codes()
    assert set(everything) == {routed.code, closed.code}
    assert everything[routed.code]["status"] == "open"
    assert everything[routed.code]["status_notes"] == f"Didisposisikan: Diteruskan ke {routed.agency.name}."
    assert everything[routed.code]["agency_responsible"] == routed.agency.name
    assert everything[closed.code]["status"] == "closed"
    assert set(codes(status="open")) == {routed.code}
    assert set(codes(status="closed")) == {closed.code}
    assert set(codes(status="open,closed")) == {routed.code, closed.code}
    assert set(codes(service_code="sampah")) == {closed.code}
    assert set(codes(service_request_id=f"{closed.code},ASP-2026-999999")) == {closed.code}
    assert set(codes(start_date="2020-01-01T00:00:00+07:00", end_date="2021-01-01T00:00:00Z")) == set()
    assert set(codes(start_date="2020-01-01T00:00:00+07:00")) == {routed.code, closed.code}
    response, errors = get(client, "requests", fmt, status="pending")
    assert response.status_code == 400
    for bad in ("kemarin", "0001-01-01T00:00:00+07:00", "9999-12-31T23:59:59-12:00"):
        response, errors = get(client, "requests", fmt, start_date=bad)
        assert response.status_code == 400
    assert set(codes(start_date="2020-01-01 00:00:00", end_date="2999-01-01T00:00:00 07:00")) == {
        routed.code,
        closed.code,
    }


def test_list_queries_are_constant(client, admin, category):
    make_aspiration(status="didisposisikan", admin=admin)
    with CaptureQueriesContext(connection) as few:
        client.get(f"{BASE}/requests.json")
    for i in range(5):
        make_aspiration(status="ditindaklanjuti", admin=admin, title=f"Laporan {i}")
    bump_public_cache()  # the test's transaction never commits, so the services' bump does not run
    with CaptureQueriesContext(connection) as many:
        data = client.get(f"{BASE}/requests.json").json()
    assert len(data) == 6
    assert len(many) == len(few) <= 3


def test_missing_kelurahan_and_consent_are_explained(client, category):
    response = client.post(
        f"{BASE}/requests.json", filing(**{"attribute[kelurahan]": None, "attribute[persetujuan]": None})
    )
    assert response.status_code == 400
    errors = response.json()
    assert [e["code"] for e in errors] == [400, 400]
    assert errors[0]["description"].startswith("attribute[kelurahan] wajib diisi")
    assert "19.71.01.1004" in errors[0]["description"]
    assert errors[1]["description"].startswith("attribute[persetujuan] harus ya")
    xml = client.post(f"{BASE}/requests.xml", filing(**{"attribute[kelurahan]": None}))
    root = parse(xml, "xml")
    assert root.tag == "errors"
    assert root.findtext("error/code") == "400"
    assert "attribute[kelurahan]" in root.findtext("error/description")
    assert not Aspiration.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        ({"service_code": None}, "service_code wajib diisi"),
        ({"service_code": "tidak-ada"}, "Tidak ada layanan"),
        ({"attribute[kelurahan]": "19.01.01.2001"}, "attribute[kelurahan]:"),
        ({"phone": "12"}, "phone:"),
        ({"email": "bukan-email"}, "email:"),
        ({"lat": "utara"}, "lat:"),
        ({"long": None}, "garis lintang dan garis bujur"),
        ({"description": "nol\x00bait"}, "description:"),
        ({"attribute[privasi]": "publik"}, "attribute[privasi]:"),
    ],
)
def test_bad_filings_are_400_in_open311_format(client, category, overrides, expected):
    response = client.post(f"{BASE}/requests.json", filing(**overrides))
    assert response.status_code == 400
    assert any(expected in e["description"] for e in response.json()), response.json()
    assert not Aspiration.objects.exists()


def test_a_filing_without_description_uses_the_service_name(client, category):
    response = client.post(f"{BASE}/requests.json", filing(description=None, **{"attribute[privasi]": "rahasia"}))
    assert response.status_code == 201
    stored = Aspiration.objects.get()
    assert stored.title == category.name
    assert stored.privacy == "rahasia"


def test_idempotency_key_on_filing(client, category):
    headers = {"Idempotency-Key": "open311-kunci-1"}
    first = client.post(f"{BASE}/requests.json", filing(), headers=headers)
    again = client.post(f"{BASE}/requests.json", filing(), headers=headers)
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json()[0]["service_request_id"] == again.json()[0]["service_request_id"]
    other = client.post(f"{BASE}/requests.json", filing(description="Laporan lain sama sekali"), headers=headers)
    assert other.status_code == 400
    assert "kunci" in other.json()[0]["description"].lower()
    bad = client.post(f"{BASE}/requests.json", filing(), headers={"Idempotency-Key": "x"})
    assert bad.status_code == 400
    assert Aspiration.objects.count() == 1


def test_filing_is_rate_limited(client, category, settings):
    settings.ASPIRATION_API_SUBMISSIONS_PER_HOUR = 1
    assert client.post(f"{BASE}/requests.json", filing()).status_code == 201
    refused = client.post(f"{BASE}/requests.xml", filing(description="Laporan kedua yang lain"))
    assert refused.status_code == 429
    assert refused["Retry-After"] == "3600"
    assert parse(refused, "xml").findtext("error/code") == "429"


def test_filing_needs_no_csrf_token(category):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    assert client.post(f"{BASE}/requests.json", filing()).status_code == 201


def test_xml_carries_markup_and_control_characters_safely(client, admin, category):
    aspiration = make_aspiration(
        status="terverifikasi", admin=admin, description="Pipa <bocor> & \x01 air ]]> meluap", place="Gang <b>"
    )
    response = client.get(f"{BASE}/requests/{aspiration.code}.xml")
    root = parse(response, "xml")
    assert root.findtext("request/description") == "Pipa <bocor> &  air ]]> meluap"
    assert root.findtext("request/address") == "Gang <b>"


def test_other_methods_get_an_open311_error(client, db):
    response = client.put(f"{BASE}/requests.json")
    assert response.status_code == 405
    assert response.json()[0]["code"] == 405
