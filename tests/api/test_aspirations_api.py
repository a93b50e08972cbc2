"""Aspirations in the REST API: public list and detail, categories, figures, submitting with an
Idempotency-Key, validation (422), the rate limit (429) and the reporter's private view."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from jembatan.aspirations import services
from jembatan.aspirations.models import Aspiration
from tests.factories import make_aspiration, make_category, make_staff

URL = "/api/v1/aspirations"


def body(**overrides):
    values = {
        "kind": "pengaduan",
        "title": "Saluran air tersumbat di Jalan Melati",
        "description": "Air meluap ke jalan setiap hujan sejak minggu lalu.",
        "category": "jalan",
        "village": "19.71.01.1004",
        "privacy": "anonim",
        "place": "Jalan Melati dekat masjid",
        "latitude": -2.129,
        "longitude": 106.113,
        "event_date": "2026-01-05",
        "reporter_name": "Rina Pelapor",
        "reporter_email": "Rina.Pelapor@Contoh.id",
        "reporter_phone": "0812-3456-7890",
        "consent": True,
    }
    values.update(overrides)
    return values


def post(client, payload, key="kunci-uji-0001", **headers):
    if key is not None:
        headers["Idempotency-Key"] = key
    return client.post(URL, data=payload, content_type="application/json", headers=headers)


@pytest.fixture
def admin(db):
    return make_staff("admin")


@pytest.fixture
def category(db):
    return make_category()


def test_the_operations_are_in_the_openapi_document(client, db):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert {
        "/api/v1/aspirations",
        "/api/v1/aspirations/categories",
        "/api/v1/aspirations/figures",
        "/api/v1/aspirations/{code}",
        "/api/v1/aspirations/{code}/private",
    } <= set(paths)
    submit = paths["/api/v1/aspirations"]["post"]
    assert {"201", "200", "422", "429"} <= set(submit["responses"])
    assert "attachments" in submit["description"].lower()
    header = next(p for p in submit["parameters"] if p["in"] == "header")
    assert header["name"] == "Idempotency-Key"
    assert header["required"] is True


def test_the_list_shows_public_anonymous_reports_only(client, admin):
    shown = make_aspiration(status="didisposisikan", admin=admin, title="Lampu taman mati")
    make_aspiration(status="baru", title="Belum diverifikasi")
    make_aspiration(status="ditolak", admin=admin, title="Ditolak saja")
    make_aspiration(status="terverifikasi", admin=admin, privacy="rahasia", title="Laporan rahasia sekali")
    data = client.get(URL).json()
    assert len(data["items"]) == 1 and data["next"] is None
    item = data["items"][0]
    assert item["code"] == shown.code
    assert item["title"] == "Lampu taman mati"
    assert item["status"] == "didisposisikan"
    assert item["status_label"] == "Didisposisikan"
    assert item["category_code"] == "jalan"
    assert item["district_code"] == "19.71.01"
    assert set(item) == {
        "code", "kind", "title", "status", "status_label", "category_code", "category_name", "village_code",
        "village_name", "district_code", "district_name", "agency_name", "received_at",
    }  # fmt: skip


def test_the_list_filters_and_pages_in_constant_queries(client, admin):
    other = make_category(code="sampah")
    for i in range(3):
        make_aspiration(status="terverifikasi", admin=admin, title=f"Jalan berlubang {i}")
    make_aspiration(status="selesai", admin=admin, title="Sampah menumpuk", category=other)
    make_aspiration(status="terverifikasi", admin=admin, title="Jembatan retak", village_code="19.71.07.1003")

    def codes(params) -> list[str]:
        return [row["code"] for row in client.get(URL, params).json()["items"]]

    assert len(codes({"kategori": "sampah"})) == 1
    assert len(codes({"status": "selesai"})) == 1
    assert len(codes({"kecamatan": "19.71.07"})) == 1
    assert len(codes({"q": "berlubang"})) == 3
    everything = codes({"limit": 100})
    assert len(everything) == 5
    # Page by page with the next links, two at a time: every report once, in the same order.
    seen, url, pages = [], f"{URL}?limit=2", 0
    while url:
        page = client.get(url).json()
        seen += [row["code"] for row in page["items"]]
        url, pages = page["next"], pages + 1
        assert pages <= 3
    assert seen == everything and pages == 3
    with CaptureQueriesContext(connection) as queries:
        assert client.get(URL, {"limit": 100}).status_code == 200
    assert len(queries) <= 3
    assert client.get(URL, {"limit": 1000}).status_code == 422
    assert client.get(URL, {"status": "baru"}).status_code == 422
    assert client.get(URL, {"q": "a\x00b"}).status_code == 400  # NUL bytes are refused before any view


def test_detail_shows_the_public_texts_answer_and_public_timeline(client, admin):
    aspiration = make_aspiration(
        status="ditindaklanjuti", admin=admin, description="Hubungi saya di 0812-1111-2222 soal lampu padam.",
        place="Depan rumah Siti Rahmawati",
    )  # fmt: skip
    data = client.get(f"{URL}/{aspiration.code}").json()
    assert data["description"] == aspiration.public_description
    assert "0812-1111-2222" not in data["description"]
    assert "Siti" not in data["place"]
    assert data["answer"] == "Sudah diperbaiki oleh petugas kemarin."
    assert [e["status"] for e in data["events"]] == ["baru", "terverifikasi", "didisposisikan", "ditindaklanjuti"]
    assert not {"reporter_name", "reporter_email", "reporter_phone", "privacy"} & set(data)


@pytest.mark.parametrize("status", ["baru", "ditolak", "duplikat"])
def test_detail_of_a_report_that_is_not_public_is_404(client, admin, status):
    aspiration = make_aspiration(status=status, admin=admin)
    assert client.get(f"{URL}/{aspiration.code}").status_code == 404


def test_detail_of_a_secret_report_is_404(client, admin):
    aspiration = make_aspiration(status="ditindaklanjuti", admin=admin, privacy="rahasia")
    response = client.get(f"{URL}/{aspiration.code}")
    assert response.status_code == 404
    assert response.json() == {"detail": "Tidak ditemukan."}
    assert client.get(f"{URL}/ASP-2026-999999").status_code == 404
    assert client.get(f"{URL}/bukan-kode").status_code == 422


def test_categories_and_figures(client, admin):
    make_category(code="sampah")
    make_aspiration(status="ditindaklanjuti", admin=admin)
    categories = client.get(f"{URL}/categories").json()
    assert [c["code"] for c in categories] == ["jalan", "sampah"]
    assert set(categories[0]) == {"code", "name", "description"}
    figures = client.get(f"{URL}/figures").json()
    assert figures[0]["received"] == 1
    assert figures[0]["answered"] == 1
    assert figures[0]["answered_on_time"] == 1
    assert figures[0]["on_time_percent"] == 100


def test_submit_creates_a_report_and_a_retry_returns_it(client, category):
    first = post(client, body())
    assert first.status_code == 201, first.content
    data = first.json()
    assert set(data) == {"code", "status", "verify_due", "private_link", "tracking_url"}
    assert data["status"] == "baru"
    assert data["tracking_url"].endswith(f"/aspirasi/lacak/{data['code']}/")
    aspiration = Aspiration.objects.get(code=data["code"])
    secret = services.aspiration_secret(aspiration)
    assert len(secret) >= 22  # 128 bits in URL-safe base64
    assert data["private_link"].endswith(f"/aspirasi/lacak/{aspiration.code}/{secret}/")
    assert aspiration.reporter_email == "rina.pelapor@contoh.id"
    assert aspiration.reporter_phone == "+6281234567890"
    assert str(aspiration.latitude) == "-2.129000"
    assert aspiration.consent_text == services.CONSENT_TEXT
    assert aspiration.reporter is None

    assert first["Cache-Control"] == "no-store"
    again = post(client, body())
    assert again.status_code == 200
    assert again.json() == data
    assert Aspiration.objects.count() == 1


def test_submit_with_the_same_key_and_another_body_is_422(client, category):
    assert post(client, body()).status_code == 201
    response = post(client, body(title="Judul yang lain sama sekali"))
    assert response.status_code == 422
    [error] = response.json()["detail"]
    assert error["loc"] == ["header", "Idempotency-Key"]
    assert "kunci" in error["msg"].lower()
    assert Aspiration.objects.count() == 1


def test_the_same_client_key_on_the_web_form_and_the_api_never_meet(client, category):
    """API keys live in their own namespace: a web form's key cannot be replayed through the API."""
    from tests.factories import submission

    services.aspiration_submit(data=submission(), idempotency_key="kunci-uji-0001")
    assert post(client, body()).status_code == 201
    assert Aspiration.objects.count() == 2


@pytest.mark.parametrize(
    ("key", "field"),
    [(None, "Idempotency-Key"), ("pendek", "Idempotency-Key"), ("kunci dengan spasi", "Idempotency-Key")],
)
def test_the_idempotency_key_is_required_and_checked(client, category, key, field):
    response = post(client, body(), key=key)
    assert response.status_code == 422
    errors = response.json()["detail"]
    assert errors[0]["loc"] == ["header", field]
    assert "Idempotency-Key" in errors[0]["msg"]
    assert not Aspiration.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "field", "words"),
    [
        ({"consent": False}, "consent", "consent"),
        ({"category": "tidak-ada"}, "category", "pilihan"),
        ({"village": "19.01.01.2001"}, "village", "pilihan"),
        ({"reporter_phone": "12345"}, "reporter_phone", "nomor telepon"),
        ({"reporter_email": "bukan-email"}, "reporter_email", "email"),
        ({"event_date": "2999-01-01"}, "event_date", "melewati hari ini"),
        ({"title": ""}, "title", "tidak boleh kosong"),
        ({"description": "nol\x00bait"}, "description", "null"),
        ({"latitude": 50.0}, "latitude", "harus di indonesia"),
    ],
)
def test_validation_errors_are_422_with_indonesian_messages(client, category, overrides, field, words):
    response = post(client, body(**overrides))
    assert response.status_code == 422, response.content
    errors = response.json()["detail"]
    matching = [e for e in errors if e["loc"] == ["body", "payload", field]]
    assert matching, errors
    assert words in matching[0]["msg"].lower()
    assert not Aspiration.objects.exists()


def test_schema_errors_are_422_with_indonesian_messages(client, category):
    response = post(client, body(kind="keluhan", consent="mungkin", latitude="utara"))
    assert response.status_code == 422
    messages = {tuple(e["loc"]): e["msg"] for e in response.json()["detail"]}
    assert messages[("body", "payload", "kind")] == "Pilih salah satu: 'aspirasi', 'pengaduan'."
    assert messages[("body", "payload", "consent")] == "Isi true atau false."
    assert messages[("body", "payload", "latitude")] == "Masukkan sebuah bilangan."
    missing = post(client, {"kind": "aspirasi"}).json()["detail"]
    assert {"Bidang ini tidak boleh kosong."} == {e["msg"] for e in missing}
    broken = client.post(URL, data="{bukan json", content_type="application/json", headers={"Idempotency-Key": "x" * 8})
    assert broken.status_code == 400
    assert broken.json() == {"detail": "Isi permintaan bukan JSON yang sah."}


def test_latitude_alone_is_refused(client, category):
    response = post(client, body(longitude=None))
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "payload"]


def test_the_rate_limit_answers_429_in_indonesian_but_lets_retries_through(client, category, settings):
    settings.ASPIRATION_API_SUBMISSIONS_PER_HOUR = 2
    assert post(client, body(), key="kunci-uji-0001").status_code == 201
    assert post(client, body(title="Laporan kedua yang berbeda"), key="kunci-uji-0002").status_code == 201
    refused = post(client, body(title="Laporan ketiga yang berbeda"), key="kunci-uji-0003")
    assert refused.status_code == 429
    assert refused.json() == {
        "detail": "Terlalu banyak laporan dari koneksi ini dalam satu jam terakhir. Silakan coba lagi nanti."
    }
    assert refused["Retry-After"] == "3600"
    assert post(client, body(), key="kunci-uji-0001").status_code == 200  # a retry is not a new report
    assert Aspiration.objects.count() == 2


def test_the_private_view_needs_the_secret(client, admin, category):
    data = post(client, body(privacy="rahasia")).json()
    aspiration = Aspiration.objects.get(code=data["code"])
    aspiration = services.aspiration_verify(actor=admin, aspiration=aspiration)
    aspiration = services.aspiration_dispose(actor=admin, aspiration=aspiration, agency=category.agency)
    services.aspiration_answer(actor=admin, aspiration=aspiration, answer="Saluran sudah dibersihkan petugas.")
    secret = services.aspiration_secret(aspiration)
    by_header = client.get(f"{URL}/{aspiration.code}/private", headers={"X-Tracking-Secret": secret})
    assert by_header.status_code == 200
    assert by_header["Cache-Control"] == "no-store"
    view = by_header.json()
    assert view["title"] == "Saluran air tersumbat di Jalan Melati"
    assert view["description"] == "Air meluap ke jalan setiap hujan sejak minggu lalu."
    assert view["answer"] == "Saluran sudah dibersihkan petugas."
    assert view["privacy"] == "rahasia"
    assert view["public_url"] is None
    assert view["close_due"]
    assert [e["status"] for e in view["events"]][-1] == "ditindaklanjuti"
    by_query = client.get(f"{URL}/{aspiration.code}/private", {"secret": secret})
    assert by_query.json() == view
    wrong = secret[:-1] + ("B" if secret.endswith("A") else "A")
    assert client.get(f"{URL}/{aspiration.code}/private", {"secret": wrong}).status_code == 404
    assert client.get(f"{URL}/{aspiration.code}/private", {"secret": "é" * 43}).status_code == 404
    assert client.get(f"{URL}/{aspiration.code}/private").status_code == 404
    assert client.get(f"{URL}/{aspiration.code}").status_code == 404  # secret: not public
