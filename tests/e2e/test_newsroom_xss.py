"""XSS payloads in every text field of a news item execute nothing in Chromium.

Payloads go into the title, summary, body (Markdown), sources, a photo's text alternative and caption,
the correction note and the reviewer's notes; the item is published and its pages are opened by a
resident (list, article, kelurahan home, search) and by an editor (desk, item page, revision
comparison). Nothing may run (no dialog, no script error, no CSP violation in the console: the
``audit`` fixture fails on those), and no active markup may reach the page: no injected script,
event-handler attribute, frame, or javascript: link.
"""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from jembatan.accounts.roles import Role
from jembatan.newsroom import services
from jembatan.newsroom.images import validate_news_image
from tests.e2e.test_aspiration_journey import DESKTOP, _sign_in_staff
from tests.factories import item_data, make_staff, photo_with_location

pytestmark = [pytest.mark.e2e, pytest.mark.filterwarnings("ignore:No directory at:UserWarning")]

PAYLOADS = [
    "<script>alert('xss')</script>",
    '"><img src=x onerror=alert(1)>',
    "<svg/onload=alert(1)>",
    "javascript:alert(1)",
    "<iframe src=javascript:alert(1)></iframe>",
    '<a href="javascript:alert(1)">klik</a>',
    "'-alert(1)-'",
    "{{ 7*7 }} {% debug %}",
]
BODY = "\n\n".join(
    [
        "Teks biasa dengan [tautan berbahaya](javascript:alert(1)) dan ![gambar](x onerror=alert(1)).",
        "<details open ontoggle=alert(1)>isi</details>",
        *PAYLOADS,
    ]
)
ACTIVE = (
    "main script:not([src^='/static/js/']), main [onerror], main [onload], main [ontoggle], main [onclick], main iframe, main object, "
    "main embed, main a[href^='javascript' i], main img[src='x']"
)


def test_payloads_in_every_field_execute_nothing(site, new_page, audit):
    author, reviewer = make_staff(Role.EDITOR), make_staff(Role.EDITOR)
    joined = " ".join(PAYLOADS)
    item = services.item_create(
        actor=author,
        regency_code="19.71",
        data=item_data(
            title=("Rapat " + PAYLOADS[1])[:150], summary=joined[:300], body=BODY, sources="\n".join(PAYLOADS)
        ),
    )
    services.item_submit(actor=author, item=item)
    services.item_send_back(actor=reviewer, item=item, notes=joined)
    services.item_update(
        actor=author,
        item=item,
        data=item_data(
            title=("Rapat " + PAYLOADS[0])[:150], summary=joined[:300], body=BODY + "\n\n" + PAYLOADS[2],
            sources="\n".join(PAYLOADS),
        ),
    )  # fmt: skip
    photo = SimpleUploadedFile("foto.jpg", photo_with_location((400, 300)), content_type="image/jpeg")
    services.item_image_add(
        actor=author, item=item, upload=validate_news_image(photo), alt=joined[:1000], caption=joined[:300]
    )
    services.item_submit(actor=author, item=item)
    item = services.item_publish(
        actor=reviewer, item=item, check_sources=True, check_facts=True, check_plain_language=True
    )
    services.item_add_correction(actor=reviewer, item=item, text=joined)
    services.items_sync_listing(items=[item.pk], force=True)

    dialogs = []
    resident = new_page(width=390, height=844)
    resident.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    for path, label in [
        ("/berita/", "list"),
        (f"/berita/{item.slug}/", "article"),
        ("/kelurahan/19.71.07.1003/", "kelurahan home"),
        ("/cari/?q=rapat", "search"),
        ("/", "home"),
    ]:
        resident.goto(f"{site}{path}")
        audit.check(resident, f"resident {label}")
        assert resident.locator(ACTIVE).count() == 0, path
    assert "Rapat" in resident.content()

    editor = new_page(**DESKTOP)
    editor.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    _sign_in_staff(editor, site, audit, reviewer, label="editor")
    audit.check(editor, "workspace")
    for path, label in [
        ("/staf/berita/", "desk"),
        (f"/staf/berita/{item.pk}/", "item"),
        (f"/staf/berita/{item.pk}/revisi/2/", "revision"),
    ]:
        editor.goto(f"{site}{path}")
        audit.check(editor, f"editor {label}")
        assert editor.locator(ACTIVE).count() == 0, path

    assert dialogs == []
    audit.assert_clean()
