"""The trust pages: default texts until administrators write their own, linked from every page and consent."""

from __future__ import annotations

import pytest

from jembatan.accounts.roles import Role
from jembatan.core.models import AuditLog
from tests.factories import make_staff, signed_in

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("path", "words"),
    [
        ("/privasi/", "UU No. 27 Tahun 2022"),
        ("/tentang/", "Komunitas Informasi Masyarakat"),
        ("/kontak/", "kode pelacakan"),
        ("/aksesibilitas/", "WCAG"),
    ],
)
def test_each_trust_page_has_a_default_text(client, path, words):
    response = client.get(path)
    assert response.status_code == 200
    assert words in response.content.decode()


def test_the_footer_and_the_consent_boxes_link_to_them(client):
    home = client.get("/").content.decode()
    for path in ("/privasi/", "/tentang/", "/kontak/", "/aksesibilitas/"):
        assert f'href="{path}"' in home
    for form in ("/aspirasi/kirim/", "/kim/daftar/"):
        page = client.get(form).content.decode()
        consent = page.split('name="consent"')[1][:1500]
        assert 'href="/privasi/"' in consent, form


def test_an_administrator_writes_the_privacy_page(client):
    admin = make_staff(Role.ADMIN)
    signed_in(client, admin)
    assert "teks bawaan" in client.get("/staf/halaman/").content.decode()
    edit = client.get("/staf/halaman/privasi/").content.decode()
    assert "UU No. 27 Tahun 2022" in edit
    client.post(
        "/staf/halaman/privasi/",
        {"title": "Kebijakan privasi", "body": "## Pejabat pelindungan data\n\nIbu Rina, dpo@pangkalpinangkota.go.id"},
    )
    page = client.__class__().get("/privasi/").content.decode()
    assert "<h2>Pejabat pelindungan data</h2>" in page and "dpo@pangkalpinangkota.go.id" in page
    assert AuditLog.objects.filter(verb="page.saved").exists()


def test_page_text_is_sanitised_and_other_roles_cannot_edit(client):
    admin = make_staff(Role.ADMIN)
    signed_in(client, admin)
    client.post(
        "/staf/halaman/kontak/", {"title": "Kontak", "body": "<script>alert(1)</script> [x](javascript:alert(1))"}
    )
    page = client.__class__().get("/kontak/").content.decode()
    assert "<script>alert(1)" not in page and "&lt;script&gt;alert(1)" in page  # shown as text, never run
    assert 'href="javascript:' not in page
    editor = client.__class__()
    signed_in(editor, make_staff(Role.EDITOR))
    assert editor.get("/staf/halaman/kontak/").status_code == 403
