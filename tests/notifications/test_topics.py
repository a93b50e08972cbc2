"""Topics: people subscribe to an area on every topic or on some, a broadcast about a topic reaches those
who chose it and those who chose every topic, and an emergency announcement reaches everyone in the area."""

from __future__ import annotations

import re

import pytest

from jembatan.accounts.roles import Role
from jembatan.core.errors import DomainError
from jembatan.core.registry import subscription_topics
from jembatan.newsroom.models import Topic
from jembatan.notifications import broadcasts, inbound, subscriptions
from jembatan.notifications.api import recipient_hash
from jembatan.notifications.models import Broadcast, Message, Subscription
from jembatan.regions.models import Regency, Village
from tests.factories import make_staff, signed_in
from tests.notifications import fake_mail
from tests.notifications.test_webhooks_and_chat import _inbound, _replies, _wa, channels_on  # noqa: F401

BINTANG = "19.71.04.1002"


@pytest.fixture
def topics(db):
    Topic.objects.create(regency_id="19.71", name="Kesehatan", slug="kesehatan")
    Topic.objects.create(regency_id="19.71", name="Pendidikan", slug="pendidikan")
    Regency.objects.get_or_create(code="19.01", defaults={"province_id": "19", "name": "KABUPATEN BANGKA"})
    Topic.objects.create(regency_id="19.01", name="Pariwisata", slug="pariwisata")  # another regency's


def _subscribe(address: str, topic: str = "") -> Subscription:
    village = Village.objects.get(code=BINTANG)
    return subscriptions.subscribe(channel="email", address=address, village=village, topic=topic, source="web")


def _reached(**kwargs) -> list[str]:
    found = broadcasts.audience(regency_code="19.71", channels_=["email"], village_code=BINTANG, **kwargs)
    return sorted(found.values_list("address", flat=True).distinct())


def test_the_registry_lists_the_newsrooms_topics_of_the_regency(topics):
    assert subscription_topics("19.71") == [("kesehatan", "Kesehatan"), ("pendidikan", "Pendidikan")]
    assert subscription_topics("19.01") == [("pariwisata", "Pariwisata")]


def test_a_broadcast_reaches_its_topics_subscribers_and_those_of_every_topic(topics):
    _subscribe("semua@contoh.id")
    _subscribe("sehat@contoh.id", "kesehatan")
    _subscribe("sekolah@contoh.id", "pendidikan")
    assert _reached(topics=["kesehatan"]) == ["sehat@contoh.id", "semua@contoh.id"]
    assert _reached(topics=["kesehatan", "pendidikan"]) == ["sehat@contoh.id", "sekolah@contoh.id", "semua@contoh.id"]
    assert _reached() == ["semua@contoh.id"]  # about no topic: those who chose every topic
    everyone = ["sehat@contoh.id", "sekolah@contoh.id", "semua@contoh.id"]
    assert _reached(emergency=True) == everyone  # an emergency reaches everyone in the area

    broadcast = broadcasts.broadcast_start(
        actor=None, regency_code="19.71", title="Posyandu", summary="Imunisasi Sabtu.", link="https://kim.example.go.id/",
        channels_=["email"], village_code=BINTANG, topics=["kesehatan", "kesehatan"],
    )  # fmt: skip
    assert (broadcast.topics, broadcast.recipients) == (["kesehatan"], 2)
    assert broadcasts.fan_out(broadcast.pk) == 2
    assert sorted(m.recipient for m in Message.objects.filter(broadcast=broadcast)) == [
        "sehat@contoh.id", "semua@contoh.id",
    ]  # fmt: skip


def test_an_unknown_topic_is_refused_and_nothing_is_written(topics):
    with pytest.raises(DomainError, match="pariwisata"):
        broadcasts.broadcast_start(
            actor=None, regency_code="19.71", title="Wisata", summary="Pantai.", link="https://kim.example.go.id/",
            channels_=["email"], topics=["pariwisata"],  # a topic of another regency
        )  # fmt: skip
    assert not Broadcast.objects.exists()


def test_some_topics_replace_every_topic_for_the_same_area_and_back(topics):
    every = _subscribe("warga@contoh.id")
    health = _subscribe("warga@contoh.id", "kesehatan")
    school = _subscribe("warga@contoh.id", "pendidikan")
    active = Subscription.objects.filter(ended_at__isnull=True)
    assert set(active.values_list("pk", flat=True)) == {health.pk, school.pk}
    every = _subscribe("warga@contoh.id")
    assert list(active.values_list("pk", flat=True)) == [every.pk]
    assert Subscription.objects.count() == 4  # ended, never deleted


def test_langganan_by_chat_takes_a_topic_after_the_kelurahan(client, topics, channels_on):  # noqa: F811
    _wa(client, _inbound("LANGGANAN Bintang"))
    _wa(client, _inbound("langganan  bintang   KESEHATAN"))
    inbound.handle_pending()
    hashed = recipient_hash("whatsapp", "+6281234567890")
    [active] = Subscription.objects.filter(address_hash=hashed, ended_at__isnull=True)
    assert (active.village_code, active.topic) == (BINTANG, "kesehatan")
    every, health = _replies()
    assert "Kelurahan Bintang" in every and "Kesehatan, Pendidikan" in every and "Pariwisata" not in every
    assert "Kesehatan" in health and "Kelurahan Bintang" in health


def test_the_web_form_offers_the_topics(client, topics, settings):
    settings.EMAIL_BACKEND = "tests.notifications.fake_mail.Backend"
    fake_mail.SENT.clear()
    page = client.get("/langganan/").content.decode()
    assert "Semua topik" in page and "Kesehatan" in page and "Pariwisata" not in page
    bad = client.post("/langganan/", {"channel": "email", "address": "warga@contoh.id", "village": BINTANG,
                                      "topic": "pariwisata", "consent": "on"})  # fmt: skip
    assert bad.status_code == 200 and "bukan salah satu" in bad.content.decode() and not Subscription.objects.exists()
    client.post("/langganan/", {"channel": "email", "address": "warga@contoh.id", "village": BINTANG,
                                "topic": "kesehatan", "consent": "on"})  # fmt: skip
    assert Subscription.objects.get().topic == "kesehatan"


def test_an_editor_broadcasts_a_published_item_with_its_topics(client, topics, django_capture_on_commit_callbacks):
    _subscribe("semua@contoh.id")
    _subscribe("sehat@contoh.id", "kesehatan")
    _subscribe("sekolah@contoh.id", "pendidikan")
    signed_in(client, make_staff(Role.EDITOR))
    page = client.get("/staf/pesan/siaran/baru/?judul=Posyandu&topik=kesehatan&topik=tidak-ada").content.decode()
    assert re.search(r'value="kesehatan"[^>]*checked', page) and not re.search(r'value="pendidikan"[^>]*checked', page)
    form = {"title": "Posyandu", "summary": "Imunisasi Sabtu.", "link": "https://kim.example.go.id/b/",
            "district": "", "village": BINTANG, "channels": ["email"], "topics": ["kesehatan"]}  # fmt: skip
    checked = client.post("/staf/pesan/siaran/baru/", {**form, "action": "check"}).content.decode()
    assert "2 penerima" in checked
    client.post("/staf/pesan/siaran/baru/", {**form, "action": "send"})
    broadcast = Broadcast.objects.get()
    assert broadcast.topics == ["kesehatan"]
    assert "Kesehatan" in client.get(f"/staf/pesan/siaran/{broadcast.pk}/").content.decode()
