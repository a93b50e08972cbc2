"""A citizen subscribes to their kelurahan on WhatsApp (through the stand-in provider's inbound webhook),
an editor broadcasts a published item, the citizen's chat receives it, the delivery receipt reaches the
outbox page, and BERHENTI stops the next broadcast. Every staff page is checked with axe-core."""

from __future__ import annotations

import time

import pytest

from jembatan.notifications import outbox
from jembatan.notifications.models import Broadcast, Message, Subscription
from tests.e2e.test_staff_journeys import DESKTOP, PHONE, _follow, _sign_in_staff
from tests.factories import make_item, make_staff
from tools.fake_provider import FakeProvider

pytestmark = [pytest.mark.e2e, pytest.mark.filterwarnings("ignore:No directory at:UserWarning")]

CITIZEN = "+6281234567890"


def _until(condition, what: str, seconds: float = 15.0):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError(f"waited {seconds} s for {what}")


@pytest.fixture
def provider(site, settings):
    # Receipts are posted by the test itself, once the sending is over: SQLite's in-memory test database
    # is one connection shared by the live server's threads and this one, which must not write at once.
    fake = FakeProvider(callback=site, app_secret="rahasia", receipts=False).start()
    settings.WHATSAPP_BASE_URL, settings.WHATSAPP_TOKEN, settings.WHATSAPP_PHONE_NUMBER_ID = (
        fake.url + "/v21.0",
        "t",
        "1",
    )
    settings.WHATSAPP_APP_SECRET, settings.WHATSAPP_VERIFY_TOKEN = "rahasia", "v"
    settings.NOTIFICATIONS_QUIET_HOURS = (0, 0)  # the journey runs at any hour
    yield fake
    fake.stop()


def _chat(fake) -> list[str]:
    return [sent["text"] for sent in fake.sent if sent["to"] == CITIZEN.lstrip("+")]


def test_subscribe_on_whatsapp_broadcast_receive_and_stop(site, new_page, audit, provider):
    # 1. The citizen writes to the regency's WhatsApp number.
    assert provider.whatsapp_inbound(CITIZEN, "LANGGANAN Bintang", name="Bu Rina") == 200
    _until(lambda: Subscription.objects.filter(village_code="19.71.04.1002", ended_at__isnull=True).exists(),
           "the subscription")  # fmt: skip
    assert "Kelurahan Bintang" in _until(lambda: _chat(provider), "the confirmation in the chat")[-1]

    # 2. An administrator of the desk broadcasts a published item to the whole city.
    editor = make_staff("admin", email="redaksi.siaran@kominfo.contoh.go.id", full_name="Redaksi Siaran")
    item = make_item(publisher=editor, title="Vaksinasi gratis di Kelurahan Bintang",
                     summary="Sabtu pukul 08.00 di kantor kelurahan.")  # fmt: skip
    page = new_page(**DESKTOP)
    _sign_in_staff(page, site, audit, editor, label="editor")
    page.goto(f"{site}/staf/berita/{item.pk}/")
    audit.check(page, "item")
    _follow(page, "[data-testid='broadcast-item']")
    audit.check(page, "broadcast form")
    assert page.input_value("#id_title") == item.title
    with page.expect_navigation():
        page.locator("button[name='action'][value='check']").click()
    assert "1 penerima" in page.locator("[data-testid='estimate']").inner_text()
    audit.check(page, "broadcast estimate")
    with page.expect_navigation():
        page.locator("button[name='action'][value='send']").click()
    audit.check(page, "broadcast started")
    broadcast = Broadcast.objects.get()
    assert Message.objects.filter(broadcast=broadcast).count() == 1

    # 3. The worker sends it; the citizen's chat receives it; the receipt comes back.
    outbox.dispatch_once()
    assert item.title in _until(lambda: [t for t in _chat(provider) if item.title in t], "the news in the chat")[0]
    for sent in list(provider.sent):  # the provider reports each message delivered
        assert provider.whatsapp_status("wamid." + sent["id"], sent["to"], "delivered") == 200
    _until(lambda: Message.objects.filter(broadcast=broadcast, status="delivered").exists(), "the delivery receipt")
    page.reload()
    assert page.locator("[data-testid='broadcast-status']").inner_text() == "Selesai"
    audit.check(page, "broadcast finished")
    _until(lambda: Message.objects.filter(channel="whatsapp", status="delivered").count() >= 2, "both receipts")
    page.goto(f"{site}/staf/pesan/?channel=whatsapp&status=delivered")
    audit.check(page, "outbox delivered")
    assert page.locator("#outbox-table tbody tr").count() >= 2  # the confirmation and the news
    page.set_viewport_size(PHONE)
    page.goto(f"{site}/staf/pesan/siaran/{broadcast.pk}/")
    audit.check(page, "broadcast on a phone")

    # 4. BERHENTI: the next broadcast does not reach them.
    sent_before = len(_chat(provider))
    assert provider.whatsapp_inbound(CITIZEN, "BERHENTI") == 200
    _until(lambda: not Subscription.objects.filter(ended_at__isnull=True).exists(), "the stop")
    _until(lambda: len(_chat(provider)) == sent_before + 1, "the goodbye")
    page.set_viewport_size(DESKTOP)
    page.goto(f"{site}/staf/pesan/siaran/baru/?judul=Kerja+bakti&ringkasan=Minggu+pagi&tautan={site}/berita/")
    audit.check(page, "second broadcast form")
    page.locator("input[name='channels'][value='whatsapp']").check()
    with page.expect_navigation():
        page.locator("button[name='action'][value='check']").click()
    assert "0 penerima" in page.locator("[data-testid='estimate']").inner_text()
    audit.check(page, "nobody left")

    # 5. A citizen on a phone subscribes by email on the web; one confirmation, nothing else until confirmed.
    phone = new_page(**PHONE)
    phone.goto(f"{site}/")
    _follow(phone, "footer a[href='/langganan/']")
    audit.check(phone, "subscribe form")
    phone.locator("input[name='channel'][value='email']").check()
    phone.fill("#id_address", "warga.bintang@contoh.id")
    phone.select_option("#id_village", "19.71.04.1002")
    phone.locator("#id_consent").check()
    with phone.expect_navigation():
        phone.locator("main form button[type='submit']").click()
    assert phone.url == f"{site}/langganan/terkirim/"
    audit.check(phone, "subscribe sent")
