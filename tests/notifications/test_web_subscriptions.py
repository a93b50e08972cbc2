"""Subscribing on the web: one confirmation message and nothing else until it is confirmed, news with a
one-click way out (RFC 8058), and a clear refusal of a wrong address."""

from __future__ import annotations

import re

import pytest

from jembatan.notifications import broadcasts, outbox
from jembatan.notifications.models import Consent, Message, Subscription
from tests.notifications import fake_mail


@pytest.fixture
def mail(settings):
    settings.EMAIL_BACKEND = "tests.notifications.fake_mail.Backend"
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.NOTIFICATIONS_QUIET_HOURS = (0, 0)
    fake_mail.SENT.clear()
    yield fake_mail.SENT
    fake_mail.SENT.clear()


def _drain():
    while outbox.dispatch_once():
        pass


def _news() -> int:
    broadcast = broadcasts.broadcast_start(
        actor=None, regency_code="19.71", title="Kerja bakti Minggu", summary="Minggu pukul 07.00 di balai RW.",
        link="https://kim.example.go.id/berita/kerja-bakti/", channels_=["email"], village_code="19.71.04.1002",
    )  # fmt: skip
    return broadcasts.fan_out(broadcast.pk)


def test_subscribe_confirm_receive_and_stop_in_one_click(client, db, mail):
    page = client.get("/langganan/")
    assert page.status_code == 200 and "Kelurahan" in page.content.decode()
    response = client.post("/langganan/", {"channel": "email", "address": " Warga@Contoh.id ", "village": "19.71.04.1002",
                                           "district": "", "consent": "on"})  # fmt: skip
    assert response.headers["Location"] == "/langganan/terkirim/"
    _drain()
    [confirmation] = mail
    assert confirmation.to == ["Warga@Contoh.id"] and "Kelurahan Bintang" in confirmation.body
    link = re.search(r"/langganan/konfirmasi/\w+/", confirmation.body).group(0)
    # Until it is confirmed: no consent, no news.
    assert not Consent.objects.exists() and _news() == 0
    assert client.get(link).status_code == 200  # a mail scanner opening the link confirms nothing
    assert Subscription.objects.get().confirmed_at is None
    assert "Anda sudah berlangganan" in client.post(link).content.decode()
    assert Consent.objects.get().source == "web"

    assert _news() == 1
    _drain()
    news = mail[-1]
    stop_url = re.search(r"http://\S+/langganan/berhenti/\S+/", news.body).group(0)
    assert news.extra_headers["List-Unsubscribe"] == f"<{stop_url}>"
    assert news.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    path = stop_url.split("127.0.0.1:8000", 1)[-1]
    assert client.get(path).status_code == 200 and Subscription.objects.get().ended_at is None
    one_click = client.post(path, {"List-Unsubscribe": "One-Click"})
    assert one_click.status_code == 200 and one_click.content == b"ok"
    assert Subscription.objects.get().ended_at is not None and Consent.objects.get().withdrawn_source == "link"
    assert _news() == 0


def test_a_wrong_address_or_missing_consent_is_refused_in_indonesian(client, db, mail):
    wrong = client.post("/langganan/", {"channel": "email", "address": "bukan-email", "consent": "on"})
    assert "Masukkan alamat email yang benar" in wrong.content.decode()
    no_consent = client.post("/langganan/", {"channel": "email", "address": "warga@contoh.id"})
    assert no_consent.status_code == 200 and "tidak boleh kosong" in no_consent.content.decode()
    assert not Subscription.objects.exists() and not Message.objects.exists()


def test_a_forged_stop_link_changes_nothing(client, db, mail):
    assert client.post("/langganan/berhenti/palsu/").status_code == 404
    assert client.get("/langganan/konfirmasi/palsu/").status_code == 404


def test_a_stop_link_signed_by_an_earlier_version_still_works(client, db, mail):
    """Links in emails already sent were signed with compression; they must keep working."""
    from django.core import signing

    from jembatan.notifications import subscriptions
    from jembatan.notifications.api import recipient_hash

    subscriptions.subscribe(channel="email", address="lama@contoh.id", source="web")
    old = signing.dumps(["email", recipient_hash("email", "lama@contoh.id")], salt=subscriptions.UNSUBSCRIBE_SALT,
                        compress=True)  # fmt: skip
    assert client.post(f"/langganan/berhenti/{old}/").status_code == 200
    assert not Subscription.objects.filter(
        address_hash=recipient_hash("email", "lama@contoh.id"), ended_at=None
    ).exists()
