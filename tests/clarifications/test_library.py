"""The clarification library: written, reviewed by a second editor and published; ClaimReview JSON-LD on
each page, the text to share on WhatsApp, the feeds; drafts never public; bad input refused."""

from __future__ import annotations

import datetime
import json
import re

import pytest
from django.utils import timezone

from jembatan.accounts.roles import Role
from jembatan.clarifications import services
from jembatan.clarifications.models import Claim, Verdict
from jembatan.core.errors import DomainError
from tests.factories import make_staff, signed_in


def _data(**overrides) -> services.ClaimData:
    values = {
        "title": "Bantuan tunai lewat tautan WhatsApp", "circulated_text": "Daftar bantuan Rp2,5 juta, isi OTP.",
        "seen_where": "Grup WhatsApp warga", "first_seen": timezone.localdate() - datetime.timedelta(days=2),
        "verdict": Verdict.objects.get(code="hoaks"), "explanation": "Pemerintah tidak pernah meminta OTP.",
        "sources": [{"url": "https://example.go.id/siaran", "title": "Siaran pers", "archived_url": ""}],
    }  # fmt: skip
    return services.ClaimData(**{**values, **overrides})


def test_a_second_editor_publishes_and_the_page_carries_claim_review(client, db):
    writer, reviewer = make_staff(Role.EDITOR), make_staff(Role.EDITOR)
    claim = services.claim_save(actor=writer, regency_code="19.71", data=_data())
    assert client.get(f"/cek-fakta/{claim.slug}/").status_code == 404  # a draft is not public
    claim = services.claim_submit(actor=writer, claim=claim)
    with pytest.raises(DomainError, match="orang kedua"):
        services.claim_publish(actor=writer, claim=claim)
    claim = services.claim_publish(actor=reviewer, claim=claim)
    assert (claim.status, claim.reviewed_by) == ("terbit", reviewer)
    page = client.get(f"/cek-fakta/{claim.slug}/").content.decode()
    ld = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S).group(1))
    assert ld["@type"] == "ClaimReview" and ld["reviewRating"]["alternateName"] == "HOAKS"
    assert ld["reviewRating"]["ratingValue"] == 1 and ld["itemReviewed"]["@type"] == "Claim"
    assert "https://wa.me/?text=%5BHOAKS%5D" in page and "[HOAKS] Bantuan tunai" in page
    assert claim.title in client.get("/cek-fakta/?putusan=hoaks").content.decode()
    assert claim.title not in client.get("/cek-fakta/?putusan=benar").content.decode()
    atom = client.get("/feeds/cek-fakta.atom").content.decode()
    assert "[HOAKS] Bantuan tunai" in atom and "<feed" in atom
    assert "[HOAKS]" in client.get("/feeds/cek-fakta.rss").content.decode()
    feed = client.get("/feeds/cek-fakta.json").json()
    assert feed["items"][0]["title"].startswith("[HOAKS]")


def test_bad_input_is_refused_and_nothing_is_written(db):
    writer = make_staff(Role.EDITOR)
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    for overrides, message in (({"sources": []}, "sumber"), ({"first_seen": tomorrow}, "melewati hari ini"),
                               ({"sources": [{"url": "javascript:alert(1)"}]}, "alamat web"),
                               ({"explanation": " "}, "penjelasan")):  # fmt: skip
        with pytest.raises(DomainError, match=message):
            services.claim_save(actor=writer, regency_code="19.71", data=_data(**overrides))
    assert not Claim.objects.exists()


def test_editors_write_on_the_desk_and_others_may_not(client, db):
    writer = make_staff(Role.EDITOR)
    signed_in(client, writer)
    assert 'id="q-clarifications"' in client.get("/staf/").content.decode()
    form = {"title": "Air PDAM tercemar", "circulated_text": "Air PDAM tercemar, jangan diminum.",
            "seen_where": "Facebook", "first_seen": timezone.localdate().isoformat(),
            "verdict": Verdict.objects.get(code="hoaks").pk, "explanation": "Hasil uji memenuhi baku mutu.",
            "sources": "https://pdam.example.go.id/uji | Hasil uji | https://web.archive.org/x"}  # fmt: skip
    response = client.post("/staf/cek-fakta/baru/", form)
    claim = Claim.objects.get()
    assert response.headers["Location"] == f"/staf/cek-fakta/{claim.pk}/"
    assert claim.sources == [{"url": "https://pdam.example.go.id/uji", "title": "Hasil uji",
                              "archived_url": "https://web.archive.org/x"}]  # fmt: skip
    client.post(f"/staf/cek-fakta/{claim.pk}/ajukan/")
    client.post(f"/staf/cek-fakta/{claim.pk}/terbitkan/")  # the writer: refused
    assert Claim.objects.get().status == "ditinjau"
    signed_in(client, make_staff(Role.PPID))
    assert client.get("/staf/cek-fakta/").status_code == 403


def test_the_demo_library_holds_at_least_ten_published_claims(client, db):
    from jembatan.clarifications.demo import seed_clarifications

    make_staff(Role.EDITOR, email="editor@demo.jembatan.id")
    make_staff(Role.ADMIN, email="admin@demo.jembatan.id")
    assert seed_clarifications("19.71") >= 10 and seed_clarifications("19.71") == 0
    assert client.get("/cek-fakta/").content.decode().count('data-testid="claim"') >= 10
