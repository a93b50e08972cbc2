"""Learning materials: a guide, a linked video, a slide deck or a poster, checked like every upload; an image
never without its text alternative; linked from the events that use them; drafts stay private."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from jembatan.accounts.roles import Role
from jembatan.literacy.models import Material
from tests.factories import MINIMAL_PDF, make_staff, signed_in
from tests.literacy.test_events import _event, mail  # noqa: F401


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)


def _png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (60, 40), (10, 120, 90)).save(buffer, format="PNG")
    return buffer.getvalue()


def test_staff_publish_a_poster_only_with_its_text_alternative_and_events_link_it(client, db):
    event = _event()
    signed_in(client, make_staff(Role.EDITOR))
    form = {"title": "Poster: kenali hoaks", "topic": "cek-fakta", "kind": "poster", "summary": "Lima ciri hoaks.",
            "events": [str(event.pk)], "published": "on"}  # fmt: skip
    refused = client.post("/staf/materi/baru/", {**form, "file": SimpleUploadedFile("poster.png", _png())})
    assert (
        refused.status_code == 200 and "alternatif teks" in refused.content.decode() and not Material.objects.exists()
    )
    not_image = client.post("/staf/materi/baru/", {**form, "alt_text": "x",
                                                  "file": SimpleUploadedFile("p.png", b"<script>")})  # fmt: skip
    assert not_image.status_code == 200 and not Material.objects.exists()
    client.post("/staf/materi/baru/", {**form, "alt_text": "Poster hijau berisi lima ciri pesan hoaks.",
                                       "file": SimpleUploadedFile("poster.png", _png())})  # fmt: skip
    poster = Material.objects.get()
    assert poster.file_is_image and list(poster.events.all()) == [event]
    client.logout()
    page = client.get(f"/materi/{poster.slug}/").content.decode()
    assert 'alt="Poster hijau berisi lima ciri pesan hoaks."' in page and event.title in page
    assert client.get(f"/materi/{poster.slug}/berkas/")["X-Content-Type-Options"] == "nosniff"
    assert poster.title in client.get(f"/kegiatan/{event.slug}/").content.decode()
    assert "Poster: kenali hoaks" in client.get("/materi/").content.decode()


def test_a_guide_needs_its_text_a_video_its_link_and_a_draft_stays_private(client, db):
    editor = make_staff(Role.EDITOR)
    signed_in(client, editor)
    base = {"topic": "keamanan-digital", "summary": "Ringkas."}
    assert client.post("/staf/materi/baru/", {**base, "title": "Panduan OTP", "kind": "panduan"}).status_code == 200
    assert client.post("/staf/materi/baru/", {**base, "title": "Video OTP", "kind": "video"}).status_code == 200
    client.post("/staf/materi/baru/", {**base, "title": "Slide OTP", "kind": "slide",
                                       "file": SimpleUploadedFile("s.pdf", MINIMAL_PDF)})  # fmt: skip
    slide = Material.objects.get()
    assert not slide.published and not slide.file_is_image
    client.logout()
    assert client.get(f"/materi/{slide.slug}/").status_code == 404
    assert client.get("/staf/materi/").status_code == 302  # staff only
