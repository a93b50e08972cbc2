"""The public REST API: its OpenAPI document, its shapes, and a property-based run over every operation."""

import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings

from jembatan.accounts.roles import Role
from tests.factories import make_kim, make_staff


def test_openapi_document_lists_the_public_operations(client, db):
    document = client.get("/api/v1/openapi.json").json()
    paths = set(document["paths"])
    assert {"/api/v1/coverage", "/api/v1/kims", "/api/v1/kims/{slug}", "/api/v1/regions/districts"} <= paths
    assert client.get("/api/v1/docs").status_code == 200


def test_coverage_has_7_kecamatan_and_42_kelurahan(client, db):
    data = client.get("/api/v1/coverage").json()
    assert data["regency"] == {"code": "19.71", "name": "Kota Pangkalpinang"}
    assert data["target_per_district"] == 1
    assert len(data["districts"]) == 7
    assert data["summary"]["villages_total"] == 42
    assert set(data["districts"][0]) >= {
        "code",
        "name",
        "active_kim",
        "villages_total",
        "villages_covered",
        "target_met",
    }


def test_kim_list_is_paginated_and_shows_public_fields_only(client, db):
    admin = make_staff(Role.ADMIN)
    kim = make_kim(status="aktif", admin=admin)
    make_kim(status="diajukan", admin=admin, village_code="19.71.01.1006")
    data = client.get("/api/v1/kims?limit=10").json()
    assert len(data["items"]) == 1 and data["next"] is None
    item = data["items"][0]
    assert item["slug"] == kim.slug
    assert set(item) == {
        "slug",
        "name",
        "status",
        "village_code",
        "village_name",
        "district_code",
        "district_name",
        "kimid_number",
    }
    detail = client.get(f"/api/v1/kims/{kim.slug}").json()
    assert "****" in detail["phone_masked"]
    assert all(set(p) == {"role", "full_name"} for p in detail["pengurus"])


def test_bad_parameters_get_a_4xx_not_a_5xx(client, db):
    assert client.get("/api/v1/regions/districts?regency=abc").status_code == 422
    assert client.get("/api/v1/kims?kecamatan=%00").status_code == 400  # RejectNulBytesMiddleware
    assert client.get("/api/v1/kims/tidak-ada").status_code == 404


def test_no_operation_answers_with_a_server_error(db):
    """Schemathesis generates requests for every operation of the OpenAPI document; none may 5xx."""
    admin = make_staff(Role.ADMIN)
    make_kim(status="aktif", admin=admin)
    # Like Django's test client: keep the test's database connection open between requests.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        _exercise_every_operation()
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def _exercise_every_operation():
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 8
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(max_examples=30, deadline=None, suppress_health_check=list(HealthCheck), database=None)
        def call(case):
            response = case.call()
            assert response.status_code < 500, f"{case.method} {case.formatted_path}: {response.status_code}"
            if response.status_code < 300:
                case.validate_response(response)

        call()
