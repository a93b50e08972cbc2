"""Phone numbers are normalised to +62 and masked everywhere public."""

import pytest
from django.core.exceptions import ValidationError

from jembatan.core.privacy import mask_email, mask_name, mask_phone, normalize_phone
from tests.factories import make_kim, make_staff


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("0812-3456-7890", "+6281234567890"),
        ("081234567890", "+6281234567890"),
        ("6281234567890", "+6281234567890"),
        ("+62 812 3456 7890", "+6281234567890"),
        ("(0717) 421234", "+62717421234"),
    ],
)
def test_indonesian_numbers_are_normalised_to_e164(raw, expected):
    assert normalize_phone(raw) == expected


@pytest.mark.parametrize("raw", ["", "12", "+1 202 555 0100", "halo", "0" * 40, "<script>"])
def test_invalid_numbers_are_refused_with_a_message(raw):
    with pytest.raises(ValidationError):
        normalize_phone(raw)


def test_masks_keep_only_what_identifies_nobody():
    assert mask_phone("+6281234567890") == "+62 8**-****-*890"
    assert mask_phone("+62717421234") == "+62 7**-****-*234"
    assert mask_phone("") == ""
    assert mask_email("budi.santoso@contoh.id") == "b***@contoh.id"
    assert mask_name("Budi Santoso") == "B*** S***"


def test_public_pages_and_api_never_show_a_full_phone_number_or_email(client, db):
    admin = make_staff("admin")
    kim = make_kim(status="aktif", admin=admin, members=5)
    secrets = set()
    for member in kim.members.all():
        secrets.add(member.phone)  # +62812…
        secrets.add("0" + member.phone[3:])  # 0812…
        secrets.add(member.phone[1:])  # 62812…
    secrets.add(kim.phone)
    secrets.add(kim.applicant.email)
    pages = [
        "/",
        "/kim/",
        f"/kim/{kim.slug}/",
        "/cakupan/",
        "/api/v1/kims",
        f"/api/v1/kims/{kim.slug}",
        "/api/v1/coverage",
    ]
    for url in pages:
        body = client.get(url).content.decode()
        for secret in secrets:
            assert secret not in body, f"{secret} leaked on {url}"
    profile = client.get(f"/kim/{kim.slug}/").content.decode()
    assert mask_phone(kim.phone) in profile
    for member in kim.members.all():  # members' numbers are not published at all, not even masked
        assert mask_phone(member.phone) not in profile


def test_kims_not_yet_legalised_are_not_public(client, db):
    admin = make_staff("admin")
    pending = make_kim(status="diverifikasi", admin=admin, name="KIM Masih Diproses")
    assert client.get(f"/kim/{pending.slug}/").status_code == 404
    assert client.get(f"/api/v1/kims/{pending.slug}").status_code == 404
    assert "KIM Masih Diproses" not in client.get("/kim/").content.decode()
