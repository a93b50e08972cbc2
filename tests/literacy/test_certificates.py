"""Certificates for those present: issued once the event has started, rendered and kept, carrying a QR code
to a verification page that says valid or, after an audited revocation, revoked; a forged token is
refused."""

from __future__ import annotations

import datetime
import io
import re

import pytest
import time_machine
from pypdf import PdfReader

from jembatan.accounts.roles import Role
from jembatan.core.errors import DomainError
from jembatan.core.models import AuditLog
from jembatan.literacy import certificates, services
from jembatan.literacy.models import Certificate
from tests.factories import make_staff, signed_in
from tests.literacy.test_events import _event, _register, mail  # noqa: F401


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)


def test_issue_download_verify_and_revoke(client, db, django_capture_on_commit_callbacks):
    event = _event(capacity=2)
    came, absent = _register(event, 1), _register(event, 2)
    services.check_in(actor=None, event=event, code=came.code)
    with pytest.raises(DomainError, match="setelah kegiatan dimulai"):
        certificates.certificates_issue(actor=None, event=event)
    editor = make_staff(Role.EDITOR)
    signed_in(client, editor)
    with time_machine.travel(event.starts_at + datetime.timedelta(hours=1)), \
            django_capture_on_commit_callbacks(execute=True):  # fmt: skip
        client.post(f"/staf/kegiatan/{event.pk}/sertifikat/")
        client.post(f"/staf/kegiatan/{event.pk}/sertifikat/")  # again: nobody gets a second one
    [certificate] = Certificate.objects.all()
    assert certificate.registration == came and certificate.file  # rendered in the background and kept
    assert "tidak ditandatangani" in certificate.signed_by.lower()

    client.logout()
    mine = client.get(f"/kegiatan/pendaftaran/{came.token}/").content.decode()
    assert f"/kegiatan/pendaftaran/{came.token}/sertifikat.pdf" in mine
    assert client.get(f"/kegiatan/pendaftaran/{absent.token}/sertifikat.pdf").status_code == 404
    pdf = client.get(f"/kegiatan/pendaftaran/{came.token}/sertifikat.pdf")
    text = " ".join(PdfReader(io.BytesIO(pdf.content)).pages[0].extract_text().split())
    assert "Warga 1" in text and event.title in text and f"/verifikasi/{certificate.token}/" in text

    valid = client.get(f"/verifikasi/{certificate.token}/").content.decode()
    assert "Sah" in re.search(r'data-testid="verdict">(.*?)</p>', valid, re.S).group(1) and "Warga 1" in valid
    forged = client.get("/verifikasi/bukan-token-asli/")
    assert forged.status_code == 404 and "jangan dipercaya" in forged.content.decode()

    signed_in(client, editor)
    client.post(
        f"/staf/kegiatan/{event.pk}/sertifikat/", {"action": "revoke", "certificate": certificate.pk, "reason": " "}
    )
    assert Certificate.objects.get().revoked_at is None  # a reason is needed
    client.post(f"/staf/kegiatan/{event.pk}/sertifikat/",
                {"action": "revoke", "certificate": certificate.pk, "reason": "Tidak hadir sampai selesai."})  # fmt: skip
    revoked = client.get(f"/verifikasi/{certificate.token}/").content.decode()
    assert "Dicabut" in revoked and "Tidak hadir sampai selesai." in revoked
    assert AuditLog.objects.filter(verb="literacy.certificate_revoked").count() == 1
