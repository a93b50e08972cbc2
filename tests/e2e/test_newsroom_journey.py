"""A news item from the editor's draft to a resident's WhatsApp group, in a real browser.

An editor writes an item (the plain-language aid reacts while they type) and sends it for review; a
second editor sends it back with notes; the author fixes it and sends it again; the reviewer ticks
the verification checklist and publishes. The item then appears on /berita/, in the Atom feed and in
the search (found through an inflected word). A KIM officer opens the share kit, a resident opens
the KIM's link, the officer records a dissemination, and the reach shows on the editors' item page.

Every page is checked with axe-core by the ``audit`` fixture; elements are found by ids, names,
attributes and URLs, never by visible text.
"""

from __future__ import annotations

import re

import feedparser
import pytest
from django.utils import timezone
from playwright.sync_api import expect

from jembatan.accounts.roles import Role
from jembatan.dissemination.models import Dissemination, ShareLink
from jembatan.newsroom.models import Item
from tests.e2e.test_aspiration_journey import DESKTOP, PHONE, _follow, _sign_in_staff, _submit
from tests.factories import PASSWORD, make_kim, make_staff

pytestmark = [pytest.mark.e2e, pytest.mark.filterwarnings("ignore:No directory at:UserWarning")]

TITLE = "Dinas PUPR membangun jalan baru di Bukit Besar"
SUMMARY = (
    "Jalan sepanjang 800 meter di Kelurahan Bukit Besar dibangun mulai Senin. Pengendara bisa lewat Jalan Merdeka."
)
DRAFT_BODY = "Dalam rangka implementasi program, jalan diperbaiki oleh OPD terkait."
FIXED_BODY = (
    "Dinas Pekerjaan Umum (PU) membangun jalan baru sepanjang 800 meter.\n\n"
    "Pekerjaan berlangsung tiga minggu. Selama itu pengendara bisa lewat Jalan Merdeka."
)
SOURCES = "Dinas PUPR Kota Pangkalpinang, siaran pers 27 November 2026"
NOTES = "Tulis ulang dengan bahasa sederhana dan sebutkan jalur alternatif."


def _action(page, pk: int, action: str) -> None:
    _submit(page, f"form[action='/staf/berita/{pk}/aksi/{action}/']")


def test_editor_to_whatsapp_group_with_measured_reach(site, new_page, audit):
    author = make_staff(Role.EDITOR, email="penulis@kominfo.contoh.go.id", full_name="Penulis Berita")
    reviewer = make_staff(Role.EDITOR, email="peninjau@kominfo.contoh.go.id", full_name="Peninjau Berita")
    admin = make_staff(Role.ADMIN)
    kim = make_kim(status="aktif", admin=admin, village_code="19.71.07.1003")
    pengurus = make_staff(Role.PENGURUS_KIM, kim=kim, with_totp=False, email="ketua.kim@contoh.id")

    # 1. The author writes a draft; the plain-language aid flags jargon and passive verbs while they type.
    writer = new_page(**DESKTOP)
    _sign_in_staff(writer, site, audit, author, label="author")
    audit.check(writer, "author workspace")
    writer.goto(f"{site}/staf/berita/baru/")
    audit.check(writer, "new item")
    writer.select_option("#id_kind", "berita")
    writer.fill("#id_title", TITLE)
    writer.fill("#id_summary", SUMMARY)
    writer.locator("#id_body").press_sequentially(DRAFT_BODY, delay=2)
    expect(writer.locator("#readability")).to_contain_text("implementasi")  # fetched while typing
    assert "diperbaiki" in writer.locator("#readability").inner_text()
    writer.fill("#id_sources", SOURCES)
    _submit(writer, "#item-form")
    item = Item.objects.get(title=TITLE)
    assert writer.url == f"{site}/staf/berita/{item.pk}/"
    audit.check(writer, "draft item")
    _action(writer, item.pk, "submit")
    audit.check(writer, "sent for review")

    # 2. The reviewer sends it back with notes (the author cannot publish their own work).
    checker = new_page(**DESKTOP)
    _sign_in_staff(checker, site, audit, reviewer, label="reviewer")
    audit.check(checker, "reviewer workspace")
    checker.goto(f"{site}/staf/berita/?status=ditinjau")
    audit.check(checker, "review queue")
    _follow(checker, f"a[href='/staf/berita/{item.pk}/']")
    audit.check(checker, "item in review")
    checker.fill("#send-back-notes", NOTES)
    _action(checker, item.pk, "send_back")
    audit.check(checker, "sent back")
    item.refresh_from_db()
    assert item.status == "draf" and item.review_notes == NOTES

    # 3. The author reads the notes, fixes the text and sends it again.
    writer.goto(f"{site}/staf/berita/{item.pk}/ubah/")
    audit.check(writer, "edit with notes")
    assert NOTES in writer.locator("main").inner_text()
    writer.fill("#id_body", FIXED_BODY)
    _submit(writer, "#item-form")
    audit.check(writer, "fixed item")
    _action(writer, item.pk, "submit")
    audit.check(writer, "sent for review again")

    # 4. The reviewer ticks the checklist and publishes.
    checker.goto(f"{site}/staf/berita/{item.pk}/")
    audit.check(checker, "item back in review")
    for name in ("check_sources", "check_facts", "check_plain_language"):
        checker.check(f"input[name='{name}']")
    _action(checker, item.pk, "publish")
    audit.check(checker, "published")
    item.refresh_from_db()
    assert item.status == "terbit" and item.version == 2 and item.publisher == reviewer
    checker.goto(f"{site}/staf/berita/{item.pk}/revisi/2/")
    audit.check(checker, "compare versions")
    assert checker.locator("ins").count() > 0 and checker.locator("del").count() > 0

    # 5. A resident finds it on /berita/, in the Atom feed and through the search.
    resident = new_page(**PHONE)
    resident.goto(f"{site}/berita/")
    audit.check(resident, "news list")
    _follow(resident, f"main a[href='/berita/{item.slug}/']")
    audit.check(resident, "article")
    assert resident.locator("h1").inner_text() == TITLE
    feed = feedparser.parse(resident.request.get(f"{site}/feeds/berita.atom").body())
    assert not feed.bozo and [entry.title for entry in feed.entries] == [TITLE]
    assert feed.entries[0].link.endswith(f"/berita/{item.slug}/")
    resident.goto(f"{site}/kelurahan/19.71.07.1003/")
    audit.check(resident, "kelurahan home")
    assert resident.locator(f"main a[href='/berita/{item.slug}/']").count() == 1  # whole-city news shows there
    resident.goto(f"{site}/")
    audit.check(resident, "home remembers the kelurahan")
    expect(resident.locator("#my-village-link")).to_have_attribute("href", "/kelurahan/19.71.07.1003/")
    resident.goto(f"{site}/cari/?q=pembangunan+jalan")
    audit.check(resident, "search")
    assert resident.locator(f"main a[href='/berita/{item.slug}/']").count() == 1
    assert resident.locator("main mark").count() > 0

    # 6. The KIM officer opens the share kit; a resident opens the KIM's link; the officer records a meeting.
    officer = new_page(**PHONE)
    officer.goto(f"{site}/akun/masuk/")
    audit.check(officer, "officer sign in")
    officer.fill("#id_email", pengurus.email)
    officer.fill("#id_password", PASSWORD)
    _submit(officer)
    audit.check(officer, "officer signed in")
    officer.goto(f"{site}/kim/bagikan/{item.slug}/")
    audit.check(officer, "share kit")
    text = officer.locator("#share-text").input_value()
    link = re.search(r"https?://\S+/s/\w+", text).group(0)
    assert TITLE in text and len(text) <= 700
    assert ShareLink.objects.get(item=item, kim=kim).opens == 0
    resident.goto(link)
    audit.check(resident, "article through the KIM link")
    assert resident.url.endswith(f"/berita/{item.slug}/")
    assert ShareLink.objects.get(item=item, kim=kim).opens == 1
    officer.select_option("#id_channel", "meeting")
    officer.fill("#id_date", timezone.localdate().isoformat())
    officer.fill("#id_audience", "25")
    _submit(officer, "main form[enctype='multipart/form-data']")
    audit.check(officer, "dissemination recorded")
    assert Dissemination.objects.filter(item=item, kim=kim, audience=25).exists()

    # 7. The reach shows on the editors' item page.
    checker.goto(f"{site}/staf/berita/{item.pk}/")
    audit.check(checker, "item with reach")
    figures = [dd.inner_text().strip() for dd in checker.locator(".reach-figures dd").all()]
    assert figures[0] == "1" and figures[-1] == "25", figures

    audit.assert_clean()
