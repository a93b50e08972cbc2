"""No public response names one house: house numbers, blocks and RT/RW are masked in the place, the
description and the agency's answer, and so are emails and phone numbers written with spaces."""

from __future__ import annotations

import pytest

from jembatan.aspirations import services
from jembatan.aspirations.models import Aspiration
from jembatan.core.privacy import redact_place, redact_text
from tests.aspirations.test_public_leaks import _public_urls
from tests.factories import make_category, make_staff

PLACE = "Jalan Melati No. 47 RT 003/RW 005, dekat Masjid Al-Ikhlas"
DESCRIPTION = (
    "Selokan di depan rumah Jl. Mawar no.12A rt 3 rw 5 tersumbat. Hubungi saya di nama.belakang75 @ surel . co . id "
    "atau 0 8 1 2 7 7 6 6 5 5 4 4. NIK 31710123 - 45678901."
)
ANSWER = "Petugas sudah datang ke Blok C2 No. 9 RT 04 RW 02 dan membersihkan selokan pada 14/12/2026 pukul 08.00."
NEEDLES = [
    "no. 47", "no.12a", "rt 003", "rw 005", "003/rw", "rt 3 rw 5", "rt 04", "blok c2", "no. 9",
    "nama.belakang75", "surel . co", "0 8 1 2 7", "31710123", "45678901",
]  # fmt: skip


@pytest.fixture
def reports(client, db, django_capture_on_commit_callbacks):
    admin = make_staff("admin")
    category = make_category()
    with django_capture_on_commit_callbacks(execute=True):
        through_api = client.post(
            "/api/v1/aspirations",
            data={
                "kind": "pengaduan", "title": "Selokan tersumbat di Jalan Melati No. 47", "description": DESCRIPTION,
                "category": "jalan", "village": "19.71.01.1004", "privacy": "anonim", "place": PLACE,
                "reporter_email": "pelapor@contoh.id", "consent": True,
            },
            content_type="application/json",
            headers={"Idempotency-Key": "kunci-alamat-1"},
        )  # fmt: skip
        through_open311 = client.post(
            "/open311/v2/requests.json",
            {
                "service_code": "jalan", "description": DESCRIPTION, "email": "pelapor2@contoh.id",
                "address_string": PLACE, "attribute[kelurahan]": "19.71.01.1004", "attribute[persetujuan]": "ya",
            },
        )  # fmt: skip
    assert through_api.status_code == 201, through_api.content
    assert through_open311.status_code == 201, through_open311.content
    codes = [through_api.json()["code"], through_open311.json()[0]["service_request_id"]]
    for code in codes:
        with django_capture_on_commit_callbacks(execute=True):
            aspiration = Aspiration.objects.get(code=code)
            aspiration = services.aspiration_verify(actor=admin, aspiration=aspiration)
            aspiration = services.aspiration_dispose(actor=admin, aspiration=aspiration, agency=category.agency)
            services.aspiration_answer(actor=admin, aspiration=aspiration, answer=ANSWER)
    return codes


def test_no_public_response_names_a_house_or_a_spaced_contact(client, reports):
    first, second = reports
    for url in _public_urls(first, second):
        response = client.get(url)
        assert response.status_code in (200, 404), f"{url}: {response.status_code}"
        body = response.content.decode("utf-8").lower()
        leaked = [needle for needle in NEEDLES if needle in body]
        assert not leaked, f"{url} shows {leaked}"
    for code in reports:  # the public copies are real and still readable
        detail = client.get(f"/api/v1/aspirations/{code}").json()
        assert detail["place"] == "Jalan Melati, dekat Masjid Al-Ikhlas"
        assert "Jl. Mawar" in detail["description"] and "tersumbat" in detail["description"]
        assert "14/12/2026 pukul 08.00" in detail["answer"]
        open311 = client.get(f"/open311/v2/requests/{code}.json").json()[0]
        assert open311["address"] == "Jalan Melati, dekat Masjid Al-Ikhlas"


def test_staff_still_see_the_address_as_written(client, reports):
    aspiration = Aspiration.objects.get(code=reports[0])
    assert aspiration.place == PLACE
    assert aspiration.description == DESCRIPTION


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Jalan Melati No. 47 RT 003/RW 005", "Jalan Melati"),
        ("Jl. Merdeka No.5/7, depan SD 12", "Jl. Merdeka, depan SD 12"),
        ("Blok C2 No. 9, Perumahan Griya Asri", "Perumahan Griya Asri"),
        ("RT/RW 003/005 Kel. Bacang", "Kel. Bacang"),
        ("Gg. Kenanga Nomor 3 Rt.03 Rw.05", "Gg. Kenanga"),
        ("Simpang Lima, depan Kantor Pos", "Simpang Lima, depan Kantor Pos"),
    ],
)
def test_the_public_place_keeps_the_street_or_landmark_only(text, expected):
    assert redact_place(text) == expected


@pytest.mark.parametrize(
    ("text", "hidden"),
    [
        ("surat ke nama.belakang75 @ surel . co . id ya", "belakang75"),
        ("hp 0 8 1 2 3 4 5 6 7 8 9 0", "8 9 0"),
        ("wa +6 2 8 1 2 3 4 5 6 7 8 9 0", "7 8 9"),
        ("NIK 31710123 - 45678901", "45678901"),
        ("rumah di Jl. Mawar no.12A rt 3 rw 5", "12A"),
    ],
)
def test_spaced_contacts_and_house_numbers_are_masked_in_free_text(text, hidden):
    assert hidden not in redact_text(text)


@pytest.mark.parametrize(
    "text",
    [
        "Rapat pukul 08.00 tanggal 14/12/2026 di aula kelurahan",
        "Anggaran Rp 1.500.000 untuk 2 ruas jalan dan 3 titik lampu",
        "Jalan rusak sepanjang 300 meter sejak 2024",
    ],
)
def test_dates_times_and_amounts_stay_readable(text):
    assert redact_text(text) == text
