"""\"Cek pesan ini\": the matcher on a labelled fixture (60 claims, 5 forwarded variants each: a typo or two, a
"Diteruskan" header with emoji, a shortened copy, chat slang, all at once; 100 unrelated everyday messages),
and the ways in: the web form, the API, the chat, and the message when a clarification is published."""

from __future__ import annotations

import datetime
import json
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import timezone

from jembatan.accounts.roles import Role
from jembatan.clarifications import matching, services
from jembatan.clarifications.models import CheckRequest, Verdict
from tests.factories import make_staff

FIXTURE = json.loads((Path(__file__).parents[1] / "fixtures" / "hoaks" / "fixture.json").read_text())


def quality(auto: float) -> tuple[float, float]:
    """Precision and recall of the answers given at once (score ≥ ``auto``) on the fixture."""
    index = matching.Index([(n, row["claim"]) for n, row in enumerate(FIXTURE["claims"])])
    answered = correct = 0
    variants = 0
    for n, row in enumerate(FIXTURE["claims"]):
        for variant in row["variants"]:
            variants += 1
            found = index.match(variant, limit=1)
            if found and found[0].score >= auto:
                answered += 1
                correct += found[0].claim_id == n
    for message in FIXTURE["unrelated"]:
        found = index.match(message, limit=1)
        answered += bool(found and found[0].score >= auto)
    return correct / max(answered, 1), correct / variants


def test_the_fixture_is_as_large_as_promised():
    assert len(FIXTURE["claims"]) >= 60 and len(FIXTURE["unrelated"]) >= 100
    assert all(3 <= len(row["variants"]) <= 5 for row in FIXTURE["claims"])


def test_at_the_auto_threshold_precision_and_recall_hold():
    precision, recall = quality(settings.FACTCHECK_AUTO_THRESHOLD)
    assert precision >= 0.95, precision
    assert recall >= 0.8, recall


def test_normalising_drops_what_forwarding_adds():
    message = "Diteruskan\n⚠️ BESOK listrik padaaam 3 hari, yg blm isi air segera!!! https://bit.ly/x 🙏"
    assert matching.normalise(message) == "besok listrik padam 3 hari yang belum isi air segera"


def _published(text: str, verdict: str = "hoaks"):
    writer, reviewer = make_staff(Role.EDITOR), make_staff(Role.EDITOR)
    claim = services.claim_save(actor=writer, regency_code="19.71", data=services.ClaimData(
        title=text[:60], circulated_text=text, seen_where="Grup WhatsApp", first_seen=timezone.localdate()
        - datetime.timedelta(days=1), verdict=Verdict.objects.get(code=verdict), explanation="Faktanya berbeda.",
        sources=[{"url": "https://example.go.id/", "title": "Sumber", "archived_url": ""}],
    ))  # fmt: skip
    return services.claim_publish(actor=reviewer, claim=services.claim_submit(actor=writer, claim=claim))


PDAM = FIXTURE["claims"][1]["claim"]


def test_the_web_form_answers_a_known_hoax_and_queues_a_new_one(client, db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        claim = _published(PDAM)
    known = client.post("/cek-fakta/cek/", {"text": FIXTURE["claims"][1]["variants"][4]}).content.decode()
    assert 'data-decision="answer"' in known and claim.title in known and not CheckRequest.objects.exists()
    unknown = client.post("/cek-fakta/cek/", {"text": "Besok ada pasar murah di alun-alun, semua gratis tanpa syarat.",
                                              "email": "warga@contoh.id", "consent": "on"}).content.decode()  # fmt: skip
    assert 'data-decision="unknown"' in unknown or 'data-decision="check"' in unknown
    request = CheckRequest.objects.get()
    assert (request.source, request.contact_channel, request.contact_address) == ("web", "email", "warga@contoh.id")
    huge = client.post("/cek-fakta/cek/", {"text": "hoaks " * 2_000_000})  # about 12 MB pasted
    assert huge.status_code == 413 and "terlalu panjang" in huge.content.decode()
    assert CheckRequest.objects.count() == 1


def test_the_api_answers_best_first(client, db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        claim = _published(PDAM)
    answer = client.post("/api/v1/fact-checks/match", {"text": FIXTURE["claims"][1]["variants"][1]},
                         content_type="application/json").json()  # fmt: skip
    assert answer["decision"] == "answer" and answer["matches"][0]["verdict"] == "HOAKS"
    assert answer["matches"][0]["url"].endswith(claim.get_absolute_url()) and answer["matches"][0]["score"] >= 0.75
    empty = client.post("/api/v1/fact-checks/match", {"text": "  "}, content_type="application/json")
    assert empty.status_code == 422
    schema = client.get("/api/v1/openapi.json").json()
    assert "/api/v1/fact-checks/match" in schema["paths"]


def test_who_asked_and_agreed_is_told_when_the_clarification_is_published(db, settings,
                                                                         django_capture_on_commit_callbacks):  # fmt: skip
    settings.EMAIL_BACKEND = "tests.notifications.fake_mail.Backend"
    from jembatan.notifications.models import Message

    result = services.check_message(text=FIXTURE["claims"][3]["variants"][2], regency_code="19.71", source="web",
                                    contact_channel="email", contact_address="warga@contoh.id", consent=True)  # fmt: skip
    services.check_message(text="Undangan arisan hari Minggu di rumah Bu Ani.", regency_code="19.71", source="web",
                           contact_channel="email", contact_address="lain@contoh.id", consent=True)  # fmt: skip
    assert result.decision == "unknown" and CheckRequest.objects.count() == 2
    with django_capture_on_commit_callbacks(execute=True):  # the task is queued with the publication
        claim = _published(FIXTURE["claims"][3]["claim"])
    told = Message.objects.filter(template_key="clarifications.published")
    assert [m.recipient for m in told] == ["warga@contoh.id"]  # only the one it answers
    assert CheckRequest.objects.get(pk=result.request.pk).answered_by == claim
    assert services.tell_those_waiting(claim.pk) == 0 and told.count() == 1  # run again: nobody told twice


@pytest.fixture
def whatsapp(settings):
    from tools.fake_provider import FakeProvider

    fake = FakeProvider(receipts=False).start()
    settings.WHATSAPP_BASE_URL, settings.WHATSAPP_TOKEN, settings.WHATSAPP_PHONE_NUMBER_ID = (
        fake.url + "/v21.0", "t", "1",
    )  # fmt: skip
    settings.WHATSAPP_APP_SECRET, settings.WHATSAPP_VERIFY_TOKEN = "rahasia-aplikasi", "v"
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    yield fake
    fake.stop()


def test_cek_by_whatsapp(client, db, whatsapp, django_capture_on_commit_callbacks):
    from tests.notifications.test_chat_reports import _say

    with django_capture_on_commit_callbacks(execute=True):
        claim = _published(PDAM)
    answer = _say(client, whatsapp, "CEK " + FIXTURE["claims"][1]["variants"][3])
    assert "[HOAKS]" in answer and claim.get_absolute_url() in answer
    assert "pesan berikutnya" in _say(client, whatsapp, "cek")
    waiting = _say(client, whatsapp, "Besok semua warga wajib lapor diri ke kantor camat membawa sertifikat tanah.")
    assert "sedang kami periksa" in waiting.lower()
    assert CheckRequest.objects.get().contact_channel == "whatsapp"


def test_the_index_follows_publications_without_reading_the_library_again(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        first = _published(FIXTURE["claims"][5]["claim"])
    index = matching.index_for("19.71")
    assert list(index.texts) == [first.pk]
    with django_capture_on_commit_callbacks(execute=True):
        second = _published(FIXTURE["claims"][6]["claim"])
    assert matching.index_for("19.71") is index and set(index.texts) == {first.pk, second.pk}
    assert matching.match(FIXTURE["claims"][6]["variants"][0], regency_code="19.71")[0].claim_id == second.pk


def _poster(seed: int, size=(640, 480), quality: int = 90) -> bytes:
    """A picture with structure (stripes and blocks), as a JPEG."""
    import io
    import random

    from PIL import Image, ImageDraw

    rng = random.Random(seed)
    image = Image.new("RGB", size, (250, 250, 250))
    draw = ImageDraw.Draw(image)
    for _ in range(25):
        x, y = rng.randrange(size[0]), rng.randrange(size[1])
        draw.rectangle([x, y, x + rng.randrange(40, 200), y + rng.randrange(20, 120)],
                       fill=(rng.randrange(256), rng.randrange(256), rng.randrange(256)))  # fmt: skip
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=quality)
    return buffer.getvalue()


def _resent(data: bytes) -> bytes:
    """What WhatsApp does to a picture: smaller, recompressed, a sliver cropped."""
    import io

    from PIL import Image

    with Image.open(io.BytesIO(data)) as image:
        smaller = image.crop((6, 4, image.width - 6, image.height - 4)).resize((400, 300))
        buffer = io.BytesIO()
        smaller.save(buffer, format="JPEG", quality=55)
    return buffer.getvalue()


def test_a_forwarded_picture_finds_its_clarification_and_another_does_not(client, db, settings, tmp_path,
                                                                          django_capture_on_commit_callbacks):  # fmt: skip
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = str(tmp_path)
    writer, reviewer = make_staff(Role.EDITOR), make_staff(Role.EDITOR)
    data = services.ClaimData(
        title="Foto banjir lama disebut banjir kemarin", circulated_text="Foto banjir besar di pasar kemarin sore.",
        seen_where="Grup WhatsApp", first_seen=timezone.localdate(), verdict=Verdict.objects.get(code="hoaks"),
        explanation="Foto itu dari tahun 2019.", sources=[{"url": "https://example.go.id/", "title": "S", "archived_url": ""}],
    )  # fmt: skip
    original = _poster(1)
    with pytest.raises(Exception, match="alternatif teks"):
        services.claim_save(actor=writer, regency_code="19.71", data=data,
                            image=SimpleUploadedFile("banjir.jpg", original))  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        claim = services.claim_save(actor=writer, regency_code="19.71", data=data, image_alt="Pasar tergenang air.",
                                    image=SimpleUploadedFile("banjir.jpg", original))  # fmt: skip
        claim = services.claim_publish(actor=reviewer, claim=services.claim_submit(actor=writer, claim=claim))
    assert len(claim.image_hash) == 16
    page = client.get(f"/cek-fakta/{claim.slug}/").content.decode()
    assert 'alt="Pasar tergenang air."' in page and client.get(f"/cek-fakta/{claim.slug}/gambar/").status_code == 200

    found = client.post("/cek-fakta/cek/", {"image": SimpleUploadedFile("wa.jpg", _resent(original))}).content.decode()
    assert 'data-decision="answer"' in found and claim.title in found
    other = client.post("/cek-fakta/cek/", {"image": SimpleUploadedFile("lain.jpg", _poster(2))}).content.decode()
    assert 'data-decision="answer"' not in other
    refused = client.post("/cek-fakta/cek/", {"image": SimpleUploadedFile("x.jpg", b"bukan gambar")})
    assert "gambar" in refused.content.decode().lower() and CheckRequest.objects.count() == 1  # only the other picture
