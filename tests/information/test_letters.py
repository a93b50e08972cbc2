"""The usual letters (clarification, extension, written notice, refusal) as PDF, in Indonesian, filled from
the request, offered only for what happened, to the PPID and to the requester by their private link."""

from __future__ import annotations

import io
from urllib.parse import urlparse

from pypdf import PdfReader

from jembatan.accounts.roles import Role
from jembatan.information import services
from tests.factories import make_staff, signed_in
from tests.information.test_requests_and_clocks import _data


def _text(response) -> str:
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    return " ".join(" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(response.content)).pages)


def test_each_letter_is_offered_once_it_applies_and_says_what_happened(client, db, regions):
    ppid = make_staff(Role.PPID)
    item, _created = services.information_request_submit(data=_data())
    signed_in(client, ppid)
    base = f"/staf/informasi/{item.code}/surat"
    assert client.get(f"{base}/klarifikasi.pdf").status_code == 404  # nothing asked yet
    item = services.clarification_ask(actor=ppid, request=item, question="Tahun anggaran yang mana?")
    clarification = _text(client.get(f"{base}/klarifikasi.pdf"))
    assert "Tahun anggaran yang mana?" in clarification and item.code in clarification
    assert "Rina Lestari" in clarification and "dihentikan sementara" in clarification
    item = services.clarification_give(actor=None, request=item, answer="Tahun 2026.")
    item = services.extend(actor=ppid, request=item, reason="Dokumen tersebar di tiga bidang.")
    extension = _text(client.get(f"{base}/perpanjangan.pdf"))
    assert "Dokumen tersebar di tiga bidang." in extension and "7 hari kerja" in extension
    assert client.get(f"{base}/penolakan.pdf").status_code == 404
    item = services.answer(actor=ppid, request=item, decision="sebagian", answer_text="Sebagian kami berikan.",
                           exemption_ground="Pasal 17 huruf b", consequence_test="Membuka rahasia pribadi.",
                           fee=15000)  # fmt: skip
    refusal = _text(client.get(f"{base}/penolakan.pdf"))
    assert "sebagian" in refusal and "Pasal 17 huruf b" in refusal and "Membuka rahasia pribadi." in refusal
    notice = _text(client.get(f"{base}/pemberitahuan.pdf"))
    assert "Sebagian kami berikan." in notice and "Rp 15.000" in notice and "keberatan" in notice
    assert client.get(f"{base}/lain.pdf").status_code == 404

    client.logout()
    private = urlparse(services.private_link(item)).path
    page = client.get(private).content.decode()
    assert f"{private}surat/pemberitahuan.pdf" in page and f"{private}surat/klarifikasi.pdf" in page
    assert "Sebagian kami berikan." in _text(client.get(f"{private}surat/pemberitahuan.pdf"))
    other, _created = services.information_request_submit(data=_data(information="Lain."))
    wrong = f"{urlparse(services.private_link(other)).path}surat/pemberitahuan.pdf"
    assert client.get(wrong).status_code == 404  # not answered: no such letter
