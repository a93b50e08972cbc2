"""NUL bytes in the path, query string or a form body are refused with 400 before any view runs.

PostgreSQL cannot store or compare text containing NUL: without this, such requests were 500s.
"""

import pytest
from django.test import RequestFactory

from jembatan.core import middleware

REFUSAL = "Permintaan tidak valid."


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/kims?q=%00",
        "/api/v1/kims?q=a%00b",
        "/api/v1/kims?%00=1",
        "/api/v1/kims/a%00b",
        "/api/v1/regions/regencies/1%00",
        "/kim/?q=%00",
        "/kim/a%00b/",
        "/aspirasi/?q=%00",
    ],
)
def test_nul_in_the_url_is_a_400(client, db, url):
    response = client.get(url)
    assert response.status_code == 400
    assert response.content.decode() == REFUSAL
    assert response.headers["Content-Type"].startswith("text/plain")


def test_nul_in_a_form_body_is_a_400(client, db):
    response = client.post(
        "/akun/masuk/", "email=warga%00@contoh.id&password=x", content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 400
    assert response.content.decode() == REFUSAL
    raw = client.post("/akun/masuk/", b"email=warga\x00@contoh.id", content_type="application/x-www-form-urlencoded")
    assert raw.status_code == 400


def test_ordinary_requests_pass(client, db):
    assert client.get("/api/v1/kims?q=%2500").status_code == 200
    assert client.get("/api/v1/regions/regencies/19.71").status_code == 200
    assert client.post("/akun/masuk/", {"email": "warga@contoh.id", "password": "x"}).status_code == 200


def test_multipart_bodies_are_not_read_into_memory():
    """File uploads legitimately hold NUL bytes, and are streamed to disk by Django's upload handlers."""
    request = RequestFactory().post("/", {"berkas": _file(b"\x00\x01binary\x00")})
    seen = []

    def view(request):
        seen.append(hasattr(request, "_body"))
        return request.FILES["berkas"].read()

    response = middleware.RejectNulBytesMiddleware(view)(request)
    assert seen == [False]
    assert response == b"\x00\x01binary\x00"


def _file(content: bytes):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("berkas.bin", content, content_type="application/octet-stream")
