"""The staff pages of the outbox and the templates."""

from __future__ import annotations

import pytest

from jembatan.accounts.roles import Role
from jembatan.notifications import outbox
from jembatan.notifications.api import send_email
from jembatan.notifications.models import Message, TemplateVersion
from jembatan.notifications.statuses import MessageStatus as S
from tests.factories import make_staff, signed_in
from tests.notifications import fake_mail


@pytest.fixture
def admin_client(client, db, settings):
    settings.EMAIL_BACKEND = "tests.notifications.fake_mail.Backend"
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    fake_mail.SENT.clear()
    fake_mail.OUTCOMES.clear()
    admin = make_staff(Role.ADMIN, email="admin@kominfo.contoh.go.id")
    yield signed_in(client, admin)
    fake_mail.OUTCOMES.clear()


def _private_update() -> Message:
    return send_email(
        "aspirations.reporter_update", to="pelapor.rahasia@contoh.id",
        values={"subject": "Laporan diterima", "message": "Laporan Anda kami terima.",
                "link": "http://127.0.0.1:8000/aspirasi/ASP-2026-000001/rahasia-panjang/", "code": "ASP-2026-000001"},
    )  # fmt: skip


def test_the_outbox_lists_filters_and_masks(admin_client):
    message = _private_update()
    fake_mail.OUTCOMES["gagal@contoh.id"] = "permanent"
    send_email("notifications.test", to="gagal@contoh.id", values={"name": "A", "site": "J"})
    outbox.dispatch_once()
    page = admin_client.get("/staf/pesan/").content.decode()
    assert "p***@contoh.id" in page and "pelapor.rahasia" not in page
    assert "Laporan: kabar untuk pelapor" in page and "Gagal permanen" in page
    assert "Tujuh hari terakhir" in page and "Gagal permanen: 1" in page
    failed_only = admin_client.get("/staf/pesan/?status=permanent-failure").content.decode()
    assert "g***@contoh.id" in failed_only and "p***@contoh.id" not in failed_only
    detail = admin_client.get(f"/staf/pesan/{message.pk}/").content.decode()
    assert "Laporan Anda kami terima." in detail and "rahasia-panjang" not in detail
    assert "Terkirim" in detail  # the history


def test_a_failed_message_can_be_sent_again_and_an_unsent_one_stopped(admin_client):
    fake_mail.OUTCOMES["gagal@contoh.id"] = "permanent"
    failed = send_email("notifications.test", to="gagal@contoh.id", values={"name": "A", "site": "J"})
    outbox.dispatch_once()
    del fake_mail.OUTCOMES["gagal@contoh.id"]
    response = admin_client.post(f"/staf/pesan/{failed.pk}/kirim-ulang/")
    assert response.status_code == 302
    outbox.dispatch_once()
    failed.refresh_from_db()
    assert failed.status == S.DELIVERED and failed.attempts == 2
    # Sending again is only for failures; a message already delivered cannot be stopped either.
    admin_client.post(f"/staf/pesan/{failed.pk}/kirim-ulang/")
    admin_client.post(f"/staf/pesan/{failed.pk}/batalkan/")
    failed.refresh_from_db()
    assert failed.status == S.DELIVERED

    waiting = send_email("notifications.test", to="tunggu@contoh.id", values={"name": "A", "site": "J"})
    admin_client.post(f"/staf/pesan/{waiting.pk}/batalkan/")
    assert outbox.dispatch_once() == 0
    waiting.refresh_from_db()
    assert waiting.status == S.CANCELLED
    assert [m.to for m in fake_mail.SENT] == [["gagal@contoh.id"]]


def test_another_regencys_message_is_not_found(admin_client):
    other = send_email("notifications.test", to="a@contoh.id", values={"name": "A", "site": "J"}, regency_code="19.04")
    assert admin_client.get(f"/staf/pesan/{other.pk}/").status_code == 404


def test_a_template_is_previewed_saved_tested_and_reset(admin_client):
    url = "/staf/pesan/templat/notifications.test/email/id/"
    page = admin_client.get(url).content.decode()
    assert "((name))" in page and "teks bawaan" in page
    preview = admin_client.post(url, {"action": "preview", "subject": "Coba ((site))", "body": "Salam ((name))!"})
    assert "Salam Siti!" in preview.content.decode()
    assert not TemplateVersion.objects.exists()
    wrong = admin_client.post(url, {"action": "save", "subject": "", "body": "Salam ((nama))"}).content.decode()
    assert "Isian tidak dikenal: ((nama))" in wrong and not TemplateVersion.objects.exists()
    saved = admin_client.post(url, {"action": "save", "subject": "Coba ((site))", "body": "Salam ((name))!"})
    assert saved.status_code == 302
    assert TemplateVersion.objects.get().version == 1
    with_test = admin_client.post(url, {"action": "test"})
    assert with_test.status_code == 302
    outbox.dispatch_once()
    [test_mail] = fake_mail.SENT
    assert test_mail.to == ["admin@kominfo.contoh.go.id"] and test_mail.body == "Salam Siti!"
    admin_client.post(url, {"action": "reset"})
    assert TemplateVersion.objects.order_by("-version").first().built_in
    listing = admin_client.get("/staf/pesan/templat/").content.decode()
    assert "Pesan uji coba" in listing and "(diubah)" in listing


def test_unknown_template_channel_or_language_is_not_found(admin_client):
    assert admin_client.get("/staf/pesan/templat/tidak.ada/email/id/").status_code == 404
    assert admin_client.get("/staf/pesan/templat/notifications.test/merpati/id/").status_code == 404
    assert admin_client.get("/staf/pesan/templat/notifications.test/email/fr/").status_code == 404


def test_an_editor_cannot_open_the_outbox(client, db):
    editor = make_staff(Role.EDITOR)
    assert signed_in(client, editor).get("/staf/pesan/").status_code == 403
