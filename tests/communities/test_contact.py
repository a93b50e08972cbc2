"""Citizens reach a KIM: a public contact the KIM chooses (with the ketua's consent), and a message form
relayed to the pengurus without showing their addresses."""

from __future__ import annotations

import pytest

from jembatan.accounts.roles import Role
from jembatan.core.cache import bump_public_cache
from tests.factories import PASSWORD, make_kim, make_staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def kim():
    admin = make_staff(Role.ADMIN)
    return make_kim(status="aktif", admin=admin)


def _as_pengurus(client, kim):
    pengurus = kim.applicant
    client.post("/akun/masuk/", {"email": pengurus.email, "password": PASSWORD})
    return pengurus


def test_the_pengurus_publish_a_whatsapp_contact_only_with_the_ketuas_consent(client, kim):
    _as_pengurus(client, kim)
    url = f"/staf/kim/{kim.slug}/kontak/"
    refused = client.post(url, {"contact": "0812-3456-7890"})
    assert refused.status_code == 200 and "ketua harus menyetujui" in refused.content.decode().lower()
    bad = client.post(url, {"contact": "https://evil.example/chat", "ketua_consents": "on"})
    assert "chat.whatsapp.com" in bad.content.decode()
    client.post(url, {"contact": "0812-3456-7890", "ketua_consents": "on"})
    kim.refresh_from_db()
    assert kim.public_contact == "+6281234567890" and kim.public_contact_consent_at
    anonymous = client.__class__()
    page = anonymous.get(f"/kim/{kim.slug}/").content.decode()
    assert 'href="https://wa.me/6281234567890"' in page

    client.post(url, {"contact": "https://chat.whatsapp.com/AbCdEfGhIjKlMnOp", "ketua_consents": "on"})
    bump_public_cache()
    assert 'href="https://chat.whatsapp.com/AbCdEfGhIjKlMnOp"' in anonymous.get(f"/kim/{kim.slug}/").content.decode()


def test_a_citizens_message_reaches_the_pengurus_by_email_and_hides_their_addresses(
    client, kim, mailoutbox, django_capture_on_commit_callbacks
):
    pengurus_email = kim.applicant.email
    profile = client.get(f"/kim/{kim.slug}/").content.decode()
    assert f'href="/kim/{kim.slug}/hubungi/"' in profile
    assert pengurus_email not in profile
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/kim/{kim.slug}/hubungi/",
            {"name": "Rina", "reply_to": "rina@contoh.id", "message": "Kapan pertemuan berikutnya?"},
        )
    body = response.content.decode()
    assert response.status_code == 200 and "Pesan terkirim" in body
    assert pengurus_email not in body
    assert [m.to for m in mailoutbox] == [[pengurus_email]]
    assert "Kapan pertemuan berikutnya?" in mailoutbox[0].body and "rina@contoh.id" in mailoutbox[0].body


def test_the_message_form_is_rate_limited_and_ignores_bots(client, kim, mailoutbox, django_capture_on_commit_callbacks):
    data = {"name": "Rina", "reply_to": "rina@contoh.id", "message": "Halo."}
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/kim/{kim.slug}/hubungi/", {**data, "website": "spam"})
    assert mailoutbox == []
    with django_capture_on_commit_callbacks(execute=True):
        answers = [client.post(f"/kim/{kim.slug}/hubungi/", data) for _ in range(6)]
    assert len(mailoutbox) == 5
    assert "Terlalu banyak pesan" in answers[-1].content.decode()


def test_a_kim_that_is_not_public_cannot_be_written_to(client):
    admin = make_staff(Role.ADMIN)
    application = make_kim(status="diajukan", admin=admin)
    assert client.get(f"/kim/{application.slug}/hubungi/").status_code == 404
