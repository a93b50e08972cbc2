"""An administrator changes a message template, previews it, sends themself the example, and finds the
message in the outbox with its history. Every page is checked with axe-core; phone width too."""

from __future__ import annotations

import pytest
from django.core import mail

from jembatan.notifications.models import Message, TemplateVersion
from tests.e2e.test_staff_journeys import DESKTOP, PHONE, _follow, _sign_in_staff
from tests.factories import make_staff

pytestmark = [pytest.mark.e2e, pytest.mark.filterwarnings("ignore:No directory at:UserWarning")]


def test_admin_edits_a_template_and_reads_the_outbox(site, new_page, audit):
    admin = make_staff("admin", email="admin.pesan@kominfo.contoh.go.id", full_name="Admin Pesan")
    page = new_page(**DESKTOP)
    _sign_in_staff(page, site, audit, admin, label="admin")
    audit.check(page, "workspace")

    _follow(page, "nav.subnav a[href='/staf/pesan/templat/']")
    audit.check(page, "templates")
    _follow(page, "a[href='/staf/pesan/templat/notifications.test/email/id/']")
    audit.check(page, "template")
    page.fill("#id_subject", "Uji dari ((site))")
    page.fill("#id_body", "Salam ((name)), ini uji coba Diskominfo.")
    with page.expect_navigation():
        page.locator("button[name='action'][value='preview']").click()
    assert "Salam Siti, ini uji coba Diskominfo." in page.locator(".preview").inner_text()
    audit.check(page, "template preview")
    assert not TemplateVersion.objects.exists()
    with page.expect_navigation():
        page.locator("button[name='action'][value='save']").click()
    assert TemplateVersion.objects.get().version == 1
    audit.check(page, "template saved")
    with page.expect_navigation():
        page.locator("button[name='action'][value='test']").click()
    audit.check(page, "test sent")
    assert [m.to for m in mail.outbox] == [[admin.email]]
    assert mail.outbox[0].body == "Salam Siti, ini uji coba Diskominfo."

    page.goto(f"{site}/staf/pesan/")
    audit.check(page, "outbox")
    message = Message.objects.get()
    assert page.locator("#outbox-table tbody tr").count() == 1
    _follow(page, f"a[href='/staf/pesan/{message.pk}/']")
    audit.check(page, "message")
    assert page.locator(".badge-message-delivered").count() == 1

    phone = page
    phone.set_viewport_size(PHONE)
    for path in ("/staf/pesan/", f"/staf/pesan/{message.pk}/", "/staf/pesan/templat/",
                 "/staf/pesan/templat/notifications.test/email/id/"):  # fmt: skip
        phone.goto(site + path)
        audit.check(phone, f"phone {path}")
