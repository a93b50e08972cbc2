"""The aspiration pages over HTTP: submitting, tracking, the private link, staff queues and actions."""

from __future__ import annotations

import datetime
import re

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import ExifTags, Image

from jembatan.accounts.roles import Role
from jembatan.aspirations import services
from jembatan.aspirations.models import Aspiration, AspirationStatus, Attachment
from jembatan.core.models import AuditLog
from jembatan.notifications import subscriptions
from jembatan.notifications.models import Subscription
from jembatan.regions.models import Province, Regency
from tests.factories import (
    MINIMAL_PDF,
    PASSWORD,
    form_posting_to,
    make_agency,
    make_aspiration,
    make_category,
    make_kim,
    make_staff,
    photo_with_location,
    submission,
    totp_token,
)

S = AspirationStatus
VILLAGE = "19.71.01.1004"
NAME = "Siti Rahmawati"  # the reporter's name in tests.factories.submission
EMAIL = "siti.rahmawati@contoh.id"
PHONE_E164 = "+6281377778888"


@pytest.fixture
def category(db):
    return make_category(agency=make_agency(short_name="PUPR"))


@pytest.fixture
def admin(db):
    return make_staff(Role.ADMIN, email="admin@kominfo.contoh.go.id")


def _form(category, **overrides) -> dict:
    data = {
        "kind": "pengaduan",
        "title": "Saluran air tersumbat di Gang Mawar",
        "description": "Air meluap ke jalan setiap hujan sejak dua minggu lalu.",
        "category": str(category.pk),
        "village": VILLAGE,
        "privacy": "anonim",
        "reporter_name": "Budi Hartono",
        "reporter_email": "budi.hartono@contoh.id",
        "reporter_phone": "0812-3456-7890",
        "consent": "on",
        "idempotency_key": overrides.pop("idempotency_key", None) or f"kunci-{next(_keys)}",
        "website": "",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def _key_counter():
    n = 0
    while True:
        n += 1
        yield n


_keys = _key_counter()


def _photo(name: str = "foto.jpg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, photo_with_location(), content_type="image/jpeg")


def _signed_in(client, user):
    client.post("/akun/masuk/", {"email": user.email, "password": PASSWORD})
    if user.totpdevice_set.exists():
        client.post("/akun/2fa/", {"token": totp_token(user)})
    return client


def _private_url(aspiration) -> str:
    return f"/aspirasi/lacak/{aspiration.code}/{services.aspiration_secret(aspiration)}/"


def _messages(response) -> list[str]:
    return [str(m) for m in response.context["messages"]] if response.context else []


# --- Submitting -------------------------------------------------------------------------------


def test_submit_with_a_photo_stores_it_without_exif(client, category, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/aspirasi/kirim/", {**_form(category), "attachments": [_photo()]})
    assert response.status_code == 302, response.context["form"].errors
    assert response["Location"] == "/aspirasi/terkirim/"
    aspiration = Aspiration.objects.get()
    assert (aspiration.kind, aspiration.privacy, aspiration.status) == ("pengaduan", "anonim", S.BARU)
    assert aspiration.reporter_phone == "+6281234567890"
    assert aspiration.consent_text == services.CONSENT_TEXT and aspiration.consent_at is not None
    attachment = Attachment.objects.get(aspiration=aspiration)
    assert attachment.content_type == "image/jpeg"
    assert attachment.file.name.endswith(".jpg")
    assert "foto" not in attachment.file.name  # the name people gave is not kept
    with attachment.file.open("rb") as stored, Image.open(stored) as image:
        assert image.format == "JPEG"
        assert image.size == (64, 48)
        assert dict(image.getexif()) == {}
        assert not image.getexif().get_ifd(ExifTags.IFD.GPSInfo)

    page = client.get("/aspirasi/terkirim/")
    body = page.content.decode()
    assert f'data-testid="tracking-code">{aspiration.code}<' in body
    link = re.search(r'href="([^"]+)" data-testid="private-link"', body).group(1)
    assert link.endswith(_private_url(aspiration))
    assert [m.to for m in mail.outbox] == [["budi.hartono@contoh.id"]]
    assert link in mail.outbox[0].body


def test_pdf_attachment_is_accepted(client, category):
    pdf = SimpleUploadedFile("surat.pdf", MINIMAL_PDF, content_type="application/pdf")
    response = client.post("/aspirasi/kirim/", {**_form(category), "attachments": [pdf]})
    assert response.status_code == 302, response.context["form"].errors
    attachment = Attachment.objects.get()
    assert attachment.content_type == "application/pdf"
    with attachment.file.open("rb") as stored:
        assert stored.read().startswith(b"%PDF-")


def test_program_disguised_as_a_photo_is_refused_and_nothing_is_stored(client, category):
    program = SimpleUploadedFile("foto.jpg", b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 600, content_type="image/jpeg")
    response = client.post("/aspirasi/kirim/", {**_form(category), "attachments": [program]})
    assert response.status_code == 200
    errors = response.context["form"].errors["attachments"]
    assert len(errors) == 1 and errors[0].startswith("foto.jpg: ")
    assert "SK" not in errors[0] and "decree" not in errors[0]  # not the KIM decree's message
    assert 'role="alert"' in response.content.decode()
    assert not Aspiration.objects.exists()
    assert not Attachment.objects.exists()
    assert not mail.outbox


def test_six_files_are_refused(client, category):
    photos = [_photo(f"foto{i}.jpg") for i in range(6)]
    response = client.post("/aspirasi/kirim/", {**_form(category), "attachments": photos})
    assert response.status_code == 200
    assert response.context["form"].errors["attachments"]
    assert not Aspiration.objects.exists()
    five = [_photo(f"foto{i}.jpg") for i in range(5)]
    response = client.post("/aspirasi/kirim/", {**_form(category), "attachments": five})
    assert response.status_code == 302
    assert Attachment.objects.count() == 5


def test_consent_and_the_required_fields_are_checked(client, category):
    response = client.post("/aspirasi/kirim/", _form(category, consent=None, title="", village="99.99.99.9999"))
    assert response.status_code == 200
    assert set(response.context["form"].errors) >= {"consent", "title", "village"}
    assert not Aspiration.objects.exists()


def test_consent_is_named_briefly_in_the_error_summary(client, category):
    body = client.post("/aspirasi/kirim/", _form(category, consent=None)).content.decode()
    summary = re.search(r'<div class="error-summary".*?</div>', body, re.S).group(0)
    assert '<a href="#id_consent">Persetujuan penyimpanan laporan: ' in summary
    assert services.CONSENT_TEXT not in summary
    assert f'<label for="id_consent">{services.CONSENT_TEXT}</label>' in body  # the full text beside the box
    assert re.search(r'<input type="checkbox" name="consent"[^>]*aria-invalid="true"', body)


def test_honeypot_stores_nothing_and_shows_a_neutral_page(client, category):
    response = client.post("/aspirasi/kirim/", _form(category, website="http://spam.example"))
    assert response.status_code == 200
    body = response.content.decode()
    assert 'data-testid="tracking-code"' not in body
    assert "error-summary" not in body
    assert not Aspiration.objects.exists()
    assert not mail.outbox


def test_rate_limit_per_connection(client, category, settings):
    settings.ASPIRATION_FORM_SUBMISSIONS_PER_HOUR = 2
    for i in range(2):
        response = client.post("/aspirasi/kirim/", _form(category, title=f"Laporan nomor {i} tentang saluran"))
        assert response.status_code == 302
    response = client.post("/aspirasi/kirim/", _form(category, title="Laporan ketiga tentang saluran"))
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert Aspiration.objects.count() == 2
    # Another connection is not held back.
    response = client.post(
        "/aspirasi/kirim/", _form(category, title="Laporan dari rumah lain"), REMOTE_ADDR="198.51.100.7"
    )
    assert response.status_code == 302
    assert Aspiration.objects.count() == 3


def test_same_idempotency_key_twice_stores_one_report(client, category, django_capture_on_commit_callbacks):
    form = _form(category, idempotency_key="f0e1d2c3b4a5")
    with django_capture_on_commit_callbacks(execute=True):
        first = client.post("/aspirasi/kirim/", form)
        second = client.post("/aspirasi/kirim/", form)
    assert first.status_code == second.status_code == 302
    assert Aspiration.objects.count() == 1
    assert len(mail.outbox) == 1
    # The second answer leads to the same report's confirmation.
    page = client.get("/aspirasi/terkirim/")
    assert Aspiration.objects.get().code in page.content.decode()


def test_a_new_form_carries_a_fresh_idempotency_key(client, category):
    keys = {
        re.search(r'name="idempotency_key" value="([^"]+)"', client.get("/aspirasi/kirim/").content.decode()).group(1)
        for _ in range(2)
    }
    assert len(keys) == 2


def test_likely_duplicate_is_suggested_before_storing(client, category, admin):
    existing = make_aspiration(
        status="terverifikasi", admin=admin, category=category, title="Saluran air tersumbat di Gang Melati"
    )
    form = _form(category)
    response = client.post("/aspirasi/kirim/", form)
    assert response.status_code == 200
    body = response.content.decode()
    assert 'data-testid="duplicates"' in body
    assert f'href="/aspirasi/{existing.code}/"' in body
    assert Aspiration.objects.count() == 1
    # The reporter says it is a different problem: the second post stores it.
    assert 'name="confirm_new" value="on"' in body
    response = client.post("/aspirasi/kirim/", {**form, "confirm_new": "on"})
    assert response.status_code == 302
    assert Aspiration.objects.count() == 2


def test_secret_reports_are_never_suggested_as_duplicates(client, category, admin):
    existing = make_aspiration(status="terverifikasi", admin=admin, category=category, privacy="rahasia")
    response = client.post("/aspirasi/kirim/", _form(category, title=existing.title))
    assert response.status_code == 302


def test_pengurus_relays_a_citizens_report_through_the_kim(client, category, admin):
    kim = make_kim(status="aktif", admin=admin, village_code="19.71.01.1004")
    pengurus = make_staff(Role.PENGURUS_KIM, kim=kim, with_totp=False)
    _signed_in(client, pengurus)
    page = client.get("/aspirasi/kirim/")
    assert 'name="relayed_by_kim"' in page.content.decode()
    response = client.post("/aspirasi/kirim/", _form(category, relayed_by_kim=str(kim.pk)))
    assert response.status_code == 302
    aspiration = Aspiration.objects.get()
    assert (aspiration.relayed_by_kim, aspiration.relayed_by, aspiration.reporter) == (kim, pengurus, None)


# --- Tracking ---------------------------------------------------------------------------------


def test_track_form_leads_to_the_code(client, db):
    response = client.get("/aspirasi/lacak/", {"code": " asp-2026-000123 "})
    assert response.status_code == 302
    assert response["Location"] == "/aspirasi/lacak/ASP-2026-000123/"
    response = client.get("/aspirasi/lacak/", {"code": "bukan kode"})
    assert response.status_code == 200
    assert response.context["form"].errors["code"]


def test_code_alone_shows_only_the_public_view(client, category, admin):
    aspiration = make_aspiration(status="ditindaklanjuti", admin=admin, category=category)
    body = client.get(f"/aspirasi/lacak/{aspiration.code}/").content.decode()
    assert aspiration.public_title in body
    assert f'href="/aspirasi/{aspiration.code}/"' in body
    for private in (NAME, EMAIL, PHONE_E164, "s***@contoh.id", services.aspiration_secret(aspiration)):
        assert private not in body
    assert 'name="action"' not in body  # no accept or reject forms without the secret


@pytest.mark.parametrize("privacy", ["anonim", "rahasia"])
def test_code_alone_shows_nothing_of_a_secret_or_unverified_report(client, category, admin, privacy):
    status = "baru" if privacy == "anonim" else "ditindaklanjuti"
    aspiration = make_aspiration(status=status, admin=admin, category=category, privacy=privacy)
    body = client.get(f"/aspirasi/lacak/{aspiration.code}/").content.decode()
    for hidden in (aspiration.title, aspiration.public_title, aspiration.description[:30], NAME, "Sudah diperbaiki"):
        assert hidden not in body
    assert 'class="timeline"' not in body
    assert client.get(f"/aspirasi/{aspiration.code}/").status_code == 404
    # The reporter who has only the code sees the progress: status and dates, no content. (Codes are
    # sequential, so whether a code exists was never a secret; what the report says is.)
    progress = body.split('data-testid="progress"')[1].split("</dl>")[0]
    assert aspiration.get_status_display() in body
    assert aspiration.received_at.strftime("%Y") in progress
    unknown = client.get("/aspirasi/lacak/ASP-2026-999999/").content.decode()
    assert "Tidak ada laporan dengan kode ini" in unknown and 'data-testid="progress"' not in unknown


def test_wrong_secret_is_not_found(client, category, admin):
    aspiration = make_aspiration(status="ditindaklanjuti", admin=admin, category=category)
    secret = services.aspiration_secret(aspiration)
    other = make_aspiration(status="ditindaklanjuti", admin=admin, category=category, title="Laporan lain")
    for url in (
        f"/aspirasi/lacak/{aspiration.code}/{secret[:-1]}x/",
        f"/aspirasi/lacak/{aspiration.code}/{services.aspiration_secret(other)}/",  # another report's secret
        f"/aspirasi/lacak/ASP-2026-999999/{secret}/",
    ):
        assert client.get(url).status_code == 404
        assert client.post(url, {"action": "accept", "rating": "5"}).status_code == 404
    aspiration.refresh_from_db()
    assert aspiration.status == S.DITINDAKLANJUTI


def test_private_link_shows_everything_to_the_reporter(client, category, admin):
    from jembatan.core.uploads import validate_image_or_pdf_attachment

    data = submission(category=category)
    data.attachments = [validate_image_or_pdf_attachment(_photo())]
    aspiration, _created = services.aspiration_submit(data=data)
    response = client.get(_private_url(aspiration))
    assert response.status_code == 200
    body = response.content.decode()
    assert aspiration.title in body and aspiration.description in body
    attachment = aspiration.attachments.get()
    download = client.get(f"{_private_url(aspiration)}lampiran/{attachment.pk}/")
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith("attachment;")
    assert b"".join(download.streaming_content).startswith(b"\xff\xd8")
    assert client.get(f"/aspirasi/lacak/{aspiration.code}/salah/lampiran/{attachment.pk}/").status_code == 404


def test_reporter_accepts_the_answer_with_a_rating(client, category, admin):
    aspiration = make_aspiration(status="ditindaklanjuti", admin=admin, category=category)
    url = _private_url(aspiration)
    page = client.get(url).content.decode()
    assert "Sudah diperbaiki oleh petugas kemarin." in page
    response = client.post(url, {"action": "accept", "rating": "4"}, follow=True)
    assert response.redirect_chain[-1][0] == url
    assert _messages(response)
    aspiration.refresh_from_db()
    assert (aspiration.status, aspiration.rating) == (S.SELESAI, 4)
    assert 'value="accept"' not in response.content.decode()


def test_reporter_rates_after_accepting_without_a_rating(client, category, admin):
    aspiration = make_aspiration(status="ditindaklanjuti", admin=admin, category=category)
    url = _private_url(aspiration)
    client.post(url, {"action": "accept", "rating": ""})
    aspiration.refresh_from_db()
    assert (aspiration.status, aspiration.rating) == (S.SELESAI, None)
    assert 'value="rate"' in client.get(url).content.decode()
    bad = client.post(url, {"action": "rate", "rating": "9"}, follow=True)
    assert any("1" in m and "5" in m for m in _messages(bad))
    client.post(url, {"action": "rate", "rating": "2"})
    aspiration.refresh_from_db()
    assert aspiration.rating == 2
    assert 'value="rate"' not in client.get(url).content.decode()


def test_reporter_rejects_an_answer_only_once(client, category, admin):
    officer = make_staff(Role.PETUGAS_OPD, agency=category.agency)
    aspiration = make_aspiration(status="ditindaklanjuti", admin=admin, category=category)
    url = _private_url(aspiration)
    response = client.post(url, {"action": "reject_answer", "reason": ""}, follow=True)
    assert _messages(response)
    aspiration.refresh_from_db()
    assert aspiration.status == S.DITINDAKLANJUTI
    client.post(url, {"action": "reject_answer", "reason": "Lubangnya masih ada di sisi kiri."})
    aspiration.refresh_from_db()
    assert (aspiration.status, aspiration.answer_rejected_reason) == (
        S.DIDISPOSISIKAN,
        "Lubangnya masih ada di sisi kiri.",
    )
    services.aspiration_answer(actor=officer, aspiration=aspiration, answer="Sisi kiri sudah ditambal juga hari ini.")
    page = client.get(url).content.decode()
    assert 'value="reject_answer"' not in page  # the form is gone
    response = client.post(url, {"action": "reject_answer", "reason": "Masih belum."}, follow=True)
    assert _messages(response)
    aspiration.refresh_from_db()
    assert aspiration.status == S.DITINDAKLANJUTI


def test_reporter_changes_the_privacy(client, category, admin):
    aspiration = make_aspiration(status="terverifikasi", admin=admin, category=category)
    url = _private_url(aspiration)
    assert client.get(f"/aspirasi/{aspiration.code}/").status_code == 200
    client.post(url, {"action": "make_secret"})
    aspiration.refresh_from_db()
    assert aspiration.privacy == "rahasia"
    assert client.get(f"/aspirasi/{aspiration.code}/").status_code == 404
    assert aspiration.code not in client.get("/aspirasi/").content.decode()
    client.post(url, {"action": "make_public"})
    aspiration.refresh_from_db()
    assert aspiration.privacy == "anonim"
    assert client.get(f"/aspirasi/{aspiration.code}/").status_code == 200
    assert AuditLog.objects.filter(verb="aspiration.privacy_set_by_reporter").count() == 2


def test_private_page_links_to_the_published_version_once_public(client, category, admin):
    new = make_aspiration(category=category)
    assert f'href="/aspirasi/{new.code}/"' not in client.get(_private_url(new)).content.decode()
    verified = make_aspiration(status="terverifikasi", admin=admin, category=category, title="Sudah diverifikasi")
    assert f'href="/aspirasi/{verified.code}/"' in client.get(_private_url(verified)).content.decode()


def test_unknown_private_action_is_not_found(client, category, admin):
    aspiration = make_aspiration(status="ditindaklanjuti", admin=admin, category=category)
    assert client.post(_private_url(aspiration), {"action": "hapus"}).status_code == 404


# --- Public pages -----------------------------------------------------------------------------


def test_public_list_and_detail_show_answers_without_identity(client, category, admin):
    answered = make_aspiration(status="selesai", admin=admin, category=category)
    secret = make_aspiration(
        status="selesai", admin=admin, category=category, privacy="rahasia", title="Rahasia sekali"
    )
    new = make_aspiration(category=category, title="Belum diperiksa sama sekali")
    listing = client.get("/aspirasi/").content.decode()
    assert answered.code in listing
    assert secret.code not in listing and new.code not in listing
    detail = client.get(f"/aspirasi/{answered.code}/").content.decode()
    assert "Sudah diperbaiki oleh petugas kemarin." in detail
    for body in (listing, detail):
        for private in (NAME, "Siti", EMAIL, PHONE_E164, "77778888", "7777-8888", "7777 8888"):
            assert private not in body
    assert client.get(f"/aspirasi/{secret.code}/").status_code == 404
    assert client.get(f"/aspirasi/{new.code}/").status_code == 404


def test_public_page_says_which_kim_relayed_the_report(client, category, admin):
    kim = make_kim(status="aktif", admin=admin, village_code="19.71.01.1004", name="KIM Relai Warga")
    aspiration = make_aspiration(status="terverifikasi", admin=admin, category=category, relayed_by_kim=kim)
    body = client.get(f"/aspirasi/{aspiration.code}/").content.decode()
    assert f'href="/kim/{kim.slug}/">KIM Relai Warga</a>' in body


def test_personal_data_written_in_an_answer_is_masked_publicly(client, category, admin):
    officer = make_staff(Role.PETUGAS_OPD, agency=category.agency)
    aspiration = make_aspiration(status="didisposisikan", admin=admin, category=category)
    services.aspiration_answer(
        actor=officer,
        aspiration=aspiration,
        answer=f"Ibu {NAME}, kami sudah menghubungi Anda di 0813-7777-8888 dan {EMAIL}. Lampu sudah diganti.",
    )
    for url in (f"/aspirasi/{aspiration.code}/", f"/aspirasi/lacak/{aspiration.code}/"):
        body = client.get(url).content.decode()
        for private in (NAME, "0813-7777-8888", EMAIL):
            assert private not in body, url
    assert "Lampu sudah diganti." in client.get(f"/aspirasi/{aspiration.code}/").content.decode()
    # The reporter reads the answer as written.
    assert NAME in client.get(_private_url(aspiration)).content.decode()


def test_follow_form_on_the_public_page(client, category, admin):
    aspiration = make_aspiration(status="terverifikasi", admin=admin, category=category)
    url = f"/aspirasi/{aspiration.code}/ikuti/"
    response = client.post(url, {"email": "tetangga@contoh.id"}, follow=True)  # no consent
    assert _messages(response)
    assert not Subscription.objects.exists()
    response = client.post(url, {"email": "Tetangga@Contoh.id", "consent": "on"})
    assert response.status_code == 302 and response["Location"] == f"/aspirasi/{aspiration.code}/"
    client.post(url, {"email": "tetangga@contoh.id", "consent": "on"})
    [follow] = Subscription.objects.all()
    assert (follow.subject, follow.address, follow.confirmed_at) == (
        f"aspirasi:{aspiration.code}",
        "tetangga@contoh.id",
        None,
    )
    assert client.get(url).status_code == 405
    new = make_aspiration(category=category, title="Belum diperiksa")
    assert client.post(f"/aspirasi/{new.code}/ikuti/", {"email": "a@contoh.id", "consent": "on"}).status_code == 404


def test_agency_figures_page(client, category, admin):
    make_aspiration(status="selesai", admin=admin, category=category)
    make_aspiration(status="didisposisikan", admin=admin, category=category, title="Laporan kedua")
    response = client.get("/aspirasi/kinerja/")
    assert response.status_code == 200
    figures = {f.short_name: f for f in response.context["figures"]}
    pupr = figures["PUPR"]
    assert (pupr.received, pupr.answered, pupr.answered_on_time) == (2, 1, 1)
    assert category.agency.name in response.content.decode()


# --- Staff ------------------------------------------------------------------------------------


def _queue_codes(client, query: str = "") -> set[str]:
    body = client.get(f"/staf/aspirasi/{query}").content.decode()
    return set(re.findall(r'href="/staf/aspirasi/(ASP-\d{4}-\d{6})/"', body))


def test_agency_officer_sees_only_what_was_routed_to_the_agency(client, admin):
    mine = make_category(code="jalan", agency=make_agency(short_name="PUPR"))
    theirs = make_category(code="sampah", agency=make_agency(short_name="DLH"))
    officer = make_staff(Role.PETUGAS_OPD, agency=mine.agency)
    other_officer = make_staff(Role.PETUGAS_OPD, agency=theirs.agency)
    routed = make_aspiration(status="didisposisikan", admin=admin, category=mine)
    elsewhere = make_aspiration(status="didisposisikan", admin=admin, category=theirs, title="Sampah menumpuk")
    unrouted = make_aspiration(status="terverifikasi", admin=admin, category=mine, title="Belum diteruskan")

    _signed_in(client, officer)
    assert _queue_codes(client) == {routed.code}
    assert client.get(f"/staf/aspirasi/{routed.code}/").status_code == 200
    assert client.get(f"/staf/aspirasi/{unrouted.code}/").status_code == 404
    page = client.get(f"/staf/aspirasi/{routed.code}/").content.decode()
    assert NAME not in page and "s***@contoh.id" not in page  # the agency does not see the reporter
    assert "/aksi/answer/" in page and "/aksi/verify/" not in page

    other = client.__class__()
    _signed_in(other, other_officer)
    assert _queue_codes(other) == {elsewhere.code}
    assert other.get(f"/staf/aspirasi/{routed.code}/").status_code == 404
    response = other.post(f"/staf/aspirasi/{routed.code}/aksi/answer/", {"answer": "Jawaban dari dinas lain."})
    assert response.status_code == 404
    routed.refresh_from_db()
    assert (routed.status, routed.answer) == (S.DIDISPOSISIKAN, "")
    # An officer cannot act as an administrator either.
    assert client.post(f"/staf/aspirasi/{unrouted.code}/aksi/dispose/", {"agency": mine.agency.pk}).status_code == 404
    assert client.post(f"/staf/aspirasi/{routed.code}/aksi/make_secret/").status_code == 404


def test_pengurus_sees_what_the_kim_relayed(client, category, admin):
    kim = make_kim(status="aktif", admin=admin, village_code="19.71.01.1004")
    pengurus = make_staff(Role.PENGURUS_KIM, kim=kim, with_totp=False)
    relayed = make_aspiration(admin=admin, category=category, relayed_by_kim=kim, title="Disampaikan lewat KIM")
    make_aspiration(admin=admin, category=category, title="Dikirim sendiri oleh warga")
    _signed_in(client, pengurus)
    assert _queue_codes(client) == {relayed.code}
    page = client.get(f"/staf/aspirasi/{relayed.code}/")
    assert page.status_code == 200
    assert "/aksi/" not in page.content.decode()  # read-only
    assert client.post(f"/staf/aspirasi/{relayed.code}/aksi/verify/", {}).status_code == 403


def test_admin_of_another_regency_sees_nothing(client, category, admin):
    Regency.objects.create(code="19.01", province=Province.objects.get(code="19"), name="KABUPATEN BANGKA")
    outsider = make_staff(Role.ADMIN, regency="19.01")
    aspiration = make_aspiration(admin=admin, category=category)
    _signed_in(client, outsider)
    assert _queue_codes(client) == set()
    assert _queue_codes(client, "?status=baru") == set()
    assert client.get(f"/staf/aspirasi/{aspiration.code}/").status_code == 404
    assert client.post(f"/staf/aspirasi/{aspiration.code}/aksi/reject/", {"reason": "Tidak."}).status_code == 404
    aspiration.refresh_from_db()
    assert aspiration.status == S.BARU


def test_admin_verifies_with_a_new_category_and_redaction_then_routes(client, category, admin):
    other_category = make_category(code="lampu", agency=make_agency(short_name="PERKIM"))
    aspiration = make_aspiration(category=category, title=f"Saluran tersumbat, kata {NAME} di RT 02")
    assert NAME not in aspiration.public_title  # masked automatically at submission
    _signed_in(client, admin)
    page = client.get(f"/staf/aspirasi/{aspiration.code}/").content.decode()
    assert NAME in page  # the administrator sees the reporter
    response = client.post(
        f"/staf/aspirasi/{aspiration.code}/aksi/verify/",
        {
            "category": other_category.pk,
            "public_title": "Saluran tersumbat di gang masjid",
            "public_description": f"Air meluap. Hubungi {NAME} di 0813-7777-8888.",
        },
        follow=True,
    )
    assert _messages(response)
    aspiration.refresh_from_db()
    assert aspiration.status == S.TERVERIFIKASI
    assert aspiration.category == other_category
    assert aspiration.public_title == "Saluran tersumbat di gang masjid"
    assert NAME not in aspiration.public_description and "0813-7777-8888" not in aspiration.public_description
    # The routing table proposes the new category's agency.
    page = response.content.decode()
    assert re.search(rf'<option value="{other_category.agency.pk}" selected>', page)
    client.post(f"/staf/aspirasi/{aspiration.code}/aksi/dispose/", {"agency": other_category.agency.pk})
    aspiration.refresh_from_db()
    assert (aspiration.status, aspiration.agency) == (S.DIDISPOSISIKAN, other_category.agency)
    assert aspiration.answer_due is not None


def test_verify_with_a_category_of_another_regency_is_refused(client, category, admin):
    Regency.objects.create(code="19.01", province=Province.objects.get(code="19"), name="KABUPATEN BANGKA")
    foreign = make_category(code="jalan", regency="19.01", agency=make_agency(regency="19.01"))
    aspiration = make_aspiration(category=category)
    _signed_in(client, admin)
    response = client.post(
        f"/staf/aspirasi/{aspiration.code}/aksi/verify/",
        {"category": foreign.pk, "public_title": "Judul", "public_description": "Isi"},
        follow=True,
    )
    assert _messages(response)
    aspiration.refresh_from_db()
    assert (aspiration.status, aspiration.category) == (S.BARU, category)


def test_dispose_to_an_inactive_or_foreign_agency_is_refused(client, category, admin):
    inactive = make_agency(short_name="LAMA")
    inactive.is_active = False
    inactive.save()
    aspiration = make_aspiration(status="terverifikasi", admin=admin, category=category)
    _signed_in(client, admin)
    client.post(f"/staf/aspirasi/{aspiration.code}/aksi/dispose/", {"agency": inactive.pk})
    aspiration.refresh_from_db()
    assert aspiration.status == S.TERVERIFIKASI


def test_officer_answers_through_the_page(client, category, admin, django_capture_on_commit_callbacks):
    officer = make_staff(Role.PETUGAS_OPD, agency=category.agency)
    aspiration = make_aspiration(status="didisposisikan", admin=admin, category=category)
    _signed_in(client, officer)
    url = f"/staf/aspirasi/{aspiration.code}/aksi/answer/"
    response = client.post(url, {"answer": "Pendek"}, follow=True)
    assert _messages(response)
    aspiration.refresh_from_db()
    assert aspiration.status == S.DIDISPOSISIKAN
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"answer": "Saluran sudah dibersihkan oleh tim kami."}, follow=True)
    assert response.redirect_chain[-1][0] == f"/staf/aspirasi/{aspiration.code}/"
    aspiration.refresh_from_db()
    assert (aspiration.status, aspiration.answered_by) == (S.DITINDAKLANJUTI, officer)
    assert aspiration.close_due is not None
    assert EMAIL in {m.to[0] for m in mail.outbox}


def test_officer_returns_a_report_to_diskominfo(client, category, admin):
    officer = make_staff(Role.PETUGAS_OPD, agency=category.agency)
    aspiration = make_aspiration(status="didisposisikan", admin=admin, category=category)
    _signed_in(client, officer)
    client.post(f"/staf/aspirasi/{aspiration.code}/aksi/return_to_admin/", {"reason": "Ini wewenang DLH."})
    aspiration.refresh_from_db()
    assert (aspiration.status, aspiration.agency) == (S.TERVERIFIKASI, None)
    assert client.get(f"/staf/aspirasi/{aspiration.code}/").status_code == 404  # no longer the agency's


@pytest.mark.parametrize(
    ("action", "status", "field"), [("reject", S.DITOLAK, "reason"), ("not_competent", S.BUKAN_WEWENANG, "reason")]
)
def test_admin_rejects_or_closes_with_a_reason(
    client, category, admin, action, status, field, django_capture_on_commit_callbacks
):
    aspiration = make_aspiration(category=category)
    _signed_in(client, admin)
    url = f"/staf/aspirasi/{aspiration.code}/aksi/{action}/"
    response = client.post(url, {field: "  "}, follow=True)
    assert _messages(response)
    aspiration.refresh_from_db()
    assert aspiration.status == S.BARU
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {field: "Ini wewenang Pemerintah Provinsi."})
    aspiration.refresh_from_db()
    assert (aspiration.status, aspiration.closing_note) == (status, "Ini wewenang Pemerintah Provinsi.")
    assert aspiration.closed_at is not None
    assert any(aspiration.code in m.subject for m in mail.outbox if m.to == [EMAIL])


def test_admin_merges_a_duplicate_and_its_followers_follow_the_original(client, category, admin):
    original = make_aspiration(status="terverifikasi", admin=admin, category=category)
    duplicate = make_aspiration(category=category, reporter_email="kedua@contoh.id", title="Sama juga")
    follow = services.aspiration_follow(aspiration=duplicate, email="tetangga@contoh.id")
    services.aspiration_follow_confirm(token=follow.token)
    _signed_in(client, admin)
    url = f"/staf/aspirasi/{duplicate.code}/aksi/duplicate/"
    response = client.post(url, {"original": duplicate.code}, follow=True)  # not itself
    assert _messages(response)
    response = client.post(url, {"original": "ASP-2026-999999"}, follow=True)
    assert _messages(response)
    duplicate.refresh_from_db()
    assert duplicate.status == S.BARU
    client.post(url, {"original": original.code.lower()})
    duplicate.refresh_from_db()
    assert (duplicate.status, duplicate.duplicate_of) == (S.DUPLIKAT, original)
    followers = {f.address for f in subscriptions.followers(services.follow_subject(original))}
    assert followers == {"kedua@contoh.id", "tetangga@contoh.id"}  # its reporter hears as the reporter


def test_admin_makes_a_report_secret_and_cannot_undo_it(client, category, admin):
    aspiration = make_aspiration(status="terverifikasi", admin=admin, category=category)
    _signed_in(client, admin)
    client.post(f"/staf/aspirasi/{aspiration.code}/aksi/make_secret/")
    aspiration.refresh_from_db()
    assert aspiration.privacy == "rahasia"
    page = client.get(f"/staf/aspirasi/{aspiration.code}/").content.decode()
    assert "/aksi/make_secret/" not in page and "make_public" not in page
    assert client.post(f"/staf/aspirasi/{aspiration.code}/aksi/make_public/").status_code == 404
    aspiration.refresh_from_db()
    assert aspiration.privacy == "rahasia"


def test_refused_transition_is_explained(client, category, admin):
    aspiration = make_aspiration(status="selesai", admin=admin, category=category)
    _signed_in(client, admin)
    response = client.post(
        f"/staf/aspirasi/{aspiration.code}/aksi/reject/", {"reason": "Terlambat ditolak."}, follow=True
    )
    assert _messages(response)
    aspiration.refresh_from_db()
    assert aspiration.status == S.SELESAI


def test_staff_attachment_download(client, category, admin):
    from jembatan.core.uploads import validate_image_or_pdf_attachment

    data = submission(category=category)
    data.attachments = [validate_image_or_pdf_attachment(_photo())]
    aspiration, _created = services.aspiration_submit(data=data)
    attachment = aspiration.attachments.get()
    _signed_in(client, admin)
    response = client.get(f"/staf/aspirasi/{aspiration.code}/lampiran/{attachment.pk}/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"\xff\xd8")


def test_overdue_filter(client, category, admin):
    late = make_aspiration(category=category, title="Laporan yang terlambat diperiksa")
    on_time = make_aspiration(category=category, title="Laporan yang masih dalam tenggat")
    answered = make_aspiration(status="ditindaklanjuti", admin=admin, category=category, title="Sudah dijawab")
    past = datetime.date(2026, 1, 5)
    Aspiration.objects.filter(pk__in=[late.pk, answered.pk]).update(verify_due=past, answer_due=past)
    _signed_in(client, admin)
    assert _queue_codes(client, "?terlambat=1") == {late.code}
    # By default the queue shows what needs action: an answered report waits for the reporter.
    assert _queue_codes(client) == {late.code, on_time.code}
    assert _queue_codes(client, "?status=semua") >= {late.code, on_time.code, answered.code}
    assert _queue_codes(client, "?status=ditindaklanjuti") == {answered.code}
    body = client.get("/staf/aspirasi/?status=bukan-status").content.decode()
    assert late.code in body  # an unknown status shows everything


def test_staff_queue_needs_a_staff_role(client, category):
    from tests.factories import make_user

    aspiration = make_aspiration(category=category)
    assert client.get("/staf/aspirasi/").status_code in (302, 403)
    citizen = make_user()
    _signed_in(client, citizen)
    assert client.get("/staf/aspirasi/").status_code == 403
    assert client.get(f"/staf/aspirasi/{aspiration.code}/").status_code == 403


def test_following_is_rate_limited_per_connection(client, category, admin, monkeypatch):
    from jembatan.aspirations import views

    monkeypatch.setattr(views, "FOLLOWS_PER_HOUR", 2)
    aspiration = make_aspiration(status="terverifikasi", admin=admin, category=category)
    url = f"/aspirasi/{aspiration.code}/ikuti/"
    for n in range(3):
        client.post(url, {"email": f"pengikut{n}@contoh.id", "consent": "on"})
    assert (
        sum(f.address.startswith("pengikut") for f in Subscription.objects.filter(subject__endswith=aspiration.code))
        == 2
    )


def test_agency_figures_count_on_time_only_over_reports_that_are_due(client, category, admin):
    """An agency whose only report is still within its deadline is not '0 (0%) on time'."""
    import datetime

    import time_machine

    from jembatan.aspirations.selectors import agency_figures

    def pupr():
        return {f.short_name: f for f in agency_figures(regency_code="19.71")}["PUPR"]

    aspiration = make_aspiration(status="didisposisikan", admin=admin, category=category)
    assert (pupr().received, pupr().due, pupr().not_yet_due, pupr().on_time_percent) == (1, 0, 1, None)
    page = client.get("/aspirasi/kinerja/").content.decode()
    assert "belum jatuh tempo" in page
    assert "0%" not in page
    api = client.get("/api/v1/aspirations/figures").json()[0]
    assert (api["due"], api["not_yet_due"], api["on_time_percent"]) == (0, 1, None)

    # Past the deadline without an answer, the report is due and late.
    later = datetime.datetime.combine(aspiration.answer_due + datetime.timedelta(days=1), datetime.time(9))
    with time_machine.travel(later.replace(tzinfo=datetime.UTC), tick=False):
        assert (pupr().due, pupr().answered_on_time, pupr().on_time_percent) == (1, 0, 0)


def test_the_queue_opens_on_what_needs_action_nearest_deadline_first_and_filters(client, category, admin):
    other_category = make_category(code="sampah", agency=make_agency(short_name="DLH"))
    relaxed = make_aspiration(category=category, title="Lampu taman mati", village_code="19.71.04.1002")
    urgent = make_aspiration(category=other_category, title="Sampah menumpuk di pasar")
    closed = make_aspiration(status="selesai", admin=admin, category=category, title="Sudah selesai")
    Aspiration.objects.filter(pk=urgent.pk).update(verify_due=datetime.date(2026, 1, 5))
    Aspiration.objects.filter(pk=relaxed.pk).update(verify_due=datetime.date(2026, 1, 9))
    _signed_in(client, admin)
    body = client.get("/staf/aspirasi/").content.decode()
    codes = re.findall(r'href="/staf/aspirasi/(ASP-\d{4}-\d{6})/"', body)
    assert codes == [urgent.code, relaxed.code]  # nearest deadline first; the closed one is left out
    assert closed.code not in body
    assert "---------" not in body
    assert _queue_codes(client, f"?q={urgent.code}") == {urgent.code}
    assert _queue_codes(client, "?q=menumpuk") == {urgent.code}
    assert _queue_codes(client, "?kecamatan=19.71.04") == {relaxed.code}
    assert _queue_codes(client, f"?kategori={other_category.pk}") == {urgent.code}
    # The agency filter means the agency the report was routed to (a new report has none yet).
    assert _queue_codes(client, f"?instansi={category.agency.pk}&status=semua") == {closed.code}
    assert _queue_codes(client, "?kategori=99999&kecamatan=zz") == {urgent.code, relaxed.code}  # odd input ignored


def test_staff_see_photo_attachments_as_thumbnails_shown_inline(client, category, admin):
    from jembatan.core.uploads import validate_image_or_pdf_attachment

    data = submission(category=category)
    data.attachments = [validate_image_or_pdf_attachment(_photo())]
    aspiration, _created = services.aspiration_submit(data=data)
    attachment = aspiration.attachments.get()
    _signed_in(client, admin)
    page = client.get(f"/staf/aspirasi/{aspiration.code}/").content.decode()
    url = f"/staf/aspirasi/{aspiration.code}/lampiran/{attachment.pk}/"
    assert f'<img src="{url}?lihat=1"' in page
    inline = client.get(f"{url}?lihat=1")
    assert inline["Content-Disposition"].startswith("inline")
    assert inline["Content-Type"].startswith("image/")
    assert client.get(url)["Content-Disposition"].startswith("attachment")


def test_an_empty_answer_comes_back_bound_on_the_report_page_with_its_field_error(client, category):
    admin = make_staff(Role.ADMIN)
    aspiration = make_aspiration(status="didisposisikan", admin=admin)
    officer = make_staff(Role.PETUGAS_OPD, agency=aspiration.agency)
    _signed_in(client, officer)
    response = client.post(f"/staf/aspirasi/{aspiration.code}/aksi/answer/", {"answer": "   "})
    assert response.status_code == 200  # no redirect: the form is shown as it was sent
    page = response.content.decode()
    form = form_posting_to(page, f"/staf/aspirasi/{aspiration.code}/aksi/answer/")
    assert 'class="errorlist' in form and 'aria-invalid="true"' in form
    assert 'class="message message-error"' in page
    aspiration.refresh_from_db()
    assert aspiration.status == "didisposisikan"
