"""Forwarding to the public body that holds the information: a region served by this installation
registers it at once with its own number and clock (the identity and scans go with it); a body outside
is named; either way the request ends here as forwarded and the requester is told."""

from __future__ import annotations

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from jembatan.accounts.roles import Role
from jembatan.core.errors import DomainError
from jembatan.information import services
from jembatan.information.models import InformationRequest, RequestStatus
from jembatan.regions.models import Regency
from tests.factories import MINIMAL_PDF, make_staff, signed_in
from tests.information.test_requests_and_clocks import NIK, _at, _data
from tests.notifications import fake_mail


@pytest.fixture
def two_sites(settings, tmp_path, db, regions):
    settings.MEDIA_ROOT = str(tmp_path)
    settings.EMAIL_BACKEND = "tests.notifications.fake_mail.Backend"
    settings.JEMBATAN_SITES = ["19.01=https://bangka.example.id"]
    Regency.objects.get_or_create(code="19.01", defaults={"province_id": "19", "name": "KABUPATEN BANGKA"})
    fake_mail.SENT.clear()


def test_forwarded_to_a_region_served_here_it_gets_its_own_number_and_clock(client, two_sites,
                                                                             django_capture_on_commit_callbacks):  # fmt: skip
    make_staff(Role.PPID, regency="19.01", email="ppid@bangka.example.id")
    with _at(datetime.date(2026, 11, 2)):
        item, _created = services.information_request_submit(data=_data(ktp=SimpleUploadedFile("ktp.pdf", MINIMAL_PDF)))
    signed_in(client, make_staff(Role.PPID))
    page = client.get(f"/staf/informasi/{item.code}/").content.decode()
    assert "Kabupaten Bangka" in page or "KABUPATEN BANGKA" in page
    with _at(datetime.date(2026, 11, 9)), django_capture_on_commit_callbacks(execute=True):
        client.post(f"/staf/informasi/{item.code}/forward/",
                    {"forward-regency": "19.01", "forward-reason": "Data ada di Dinas Kesehatan Kabupaten Bangka."})  # fmt: skip
    item.refresh_from_db()
    there = item.forwarded_to
    assert item.status == RequestStatus.DITERUSKAN and there is not None and "Bangka" in item.forwarded_body.title()
    assert there.regency_id == "19.01" and there.code != item.code
    assert there.nik == NIK and there.name == "Rina Lestari" and there.files.get().read().startswith(b"%PDF")
    assert there.answer_due == datetime.date(2026, 11, 23)  # its own 10 working days from 9 November
    told = [m for m in fake_mail.SENT if m.to == ["rina@contoh.id"] and item.code in m.subject]
    assert there.code in told[-1].body and "https://bangka.example.id/informasi/permohonan/" in told[-1].body
    assert any(m.to == ["ppid@bangka.example.id"] and there.code in m.subject for m in fake_mail.SENT)
    public = client.get(f"/informasi/permohonan/{item.code}/").content.decode()
    assert f"https://bangka.example.id/informasi/permohonan/{there.code}/" in public and NIK not in public
    entry = client.get(f"/api/v1/information-requests/{item.code}").json()
    assert entry["forwarded_number"] == there.code and "Bangka" in entry["forwarded_to"].title()


def test_forwarded_to_a_body_outside_it_is_named(client, two_sites):
    ppid = make_staff(Role.PPID)
    item, _created = services.information_request_submit(data=_data())
    item = services.forward(actor=ppid, request=item, body="  Kantor Pertanahan  Kota Pangkalpinang ",
                            reason="Sertifikat tanah dikuasai BPN.")  # fmt: skip
    assert (item.status, item.forwarded_body, item.forwarded_to) == (
        RequestStatus.DITERUSKAN, "Kantor Pertanahan Kota Pangkalpinang", None,
    )  # fmt: skip
    assert InformationRequest.objects.count() == 1
    assert "Kantor Pertanahan" in client.get(f"/informasi/permohonan/{item.code}/").content.decode()


@pytest.mark.parametrize(
    ("target", "message"),
    [
        ({"reason": ""}, "Tuliskan mengapa"),
        ({"reason": "x"}, "Pilih daerah"),
        ({"reason": "x", "regency_code": "19.01", "body": "BPN"}, "Pilih daerah"),
        ({"reason": "x", "regency_code": "19.71"}, "tidak dilayani"),  # itself
        ({"reason": "x", "regency_code": "19.04"}, "tidak dilayani"),  # not served here
    ],
)
def test_forwarding_refusals_write_nothing(two_sites, target, message):
    ppid = make_staff(Role.PPID)
    item, _created = services.information_request_submit(data=_data())
    with pytest.raises(DomainError, match=message):
        services.forward(actor=ppid, request=item, **target)
    assert InformationRequest.objects.get().status == RequestStatus.DITERIMA
