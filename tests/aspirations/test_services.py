"""Aspiration transitions, deadlines, idempotency, duplicates, privacy."""

import datetime

import pytest
import time_machine
from django.core import mail

from jembatan.aspirations import services
from jembatan.aspirations.models import Aspiration, AspirationStatus
from jembatan.core import services as core_services
from jembatan.core.errors import DomainError, TransitionNotAllowed
from jembatan.core.models import AuditLog
from jembatan.notifications import subscriptions
from tests.factories import make_agency, make_aspiration, make_staff, submission

ALL = list(AspirationStatus.values)


def _run(action, aspiration, admin):
    if action == "verify":
        return services.aspiration_verify(actor=admin, aspiration=aspiration)
    if action == "dispose":
        return services.aspiration_dispose(actor=admin, aspiration=aspiration, agency=aspiration.category.agency)
    if action == "answer":
        return services.aspiration_answer(
            actor=admin, aspiration=aspiration, answer="Jawaban resmi yang cukup panjang."
        )
    if action == "accept":
        return services.aspiration_accept(aspiration=aspiration, rating=4)
    if action == "auto_close":
        return services._transition(aspiration=aspiration, action="auto_close", actor=None)
    if action == "reject_answer":
        return services.aspiration_reject_answer(aspiration=aspiration, reason="Lubang masih ada.")
    if action == "return_to_admin":
        return services.aspiration_return_to_admin(actor=admin, aspiration=aspiration, reason="Bukan urusan kami.")
    if action == "reject":
        return services.aspiration_reject(actor=admin, aspiration=aspiration, reason="Tidak jelas.")
    if action == "not_competent":
        return services.aspiration_not_competent(actor=admin, aspiration=aspiration, explanation="Wewenang provinsi.")
    if action == "duplicate":
        original, _c = services.aspiration_submit(data=submission(title="Laporan asli"))
        return services.aspiration_mark_duplicate(actor=admin, aspiration=aspiration, original=original)
    raise AssertionError(action)


CASES = [(a, s, s in sources) for a, (sources, _t, _m) in services.TRANSITIONS.items() for s in ALL]


@pytest.mark.parametrize(("action", "status", "allowed"), CASES, ids=[f"{a}-from-{s}" for a, s, _ in CASES])
def test_transition_is_allowed_only_from_its_source_states(db, action, status, allowed):
    admin = make_staff("admin")
    aspiration = make_aspiration(status=status, admin=admin)
    target = services.TRANSITIONS[action][1]
    if allowed:
        result = _run(action, aspiration, admin)
        assert result.status == target
        assert AuditLog.objects.filter(object_id=str(aspiration.pk), verb=f"aspiration.{action}").exists()
        assert result.events.last().status == target
    else:
        with pytest.raises(TransitionNotAllowed):
            _run(action, aspiration, admin)
        aspiration.refresh_from_db()
        assert aspiration.status == status


def test_every_status_is_reachable():
    targets = {t for _s, t, _m in services.TRANSITIONS.values()}
    assert targets | {AspirationStatus.BARU} == set(ALL)


def test_same_idempotency_key_stores_one_report(db):
    first, created = services.aspiration_submit(data=submission(), idempotency_key="kunci-1")
    again, created_again = services.aspiration_submit(data=submission(), idempotency_key="kunci-1")
    assert created and not created_again
    assert first.pk == again.pk
    assert services.aspiration_secret(first) == services.aspiration_secret(again)
    assert Aspiration.objects.count() == 1
    with pytest.raises(DomainError):
        services.aspiration_submit(data=submission(title="Judul lain sama sekali"), idempotency_key="kunci-1")


def test_tracking_code_and_secret(db):
    aspiration, _c = services.aspiration_submit(data=submission())
    year = aspiration.received_at.year
    assert aspiration.code == f"ASP-{year}-{aspiration.pk:06d}"
    secret = services.aspiration_secret(aspiration)
    assert len(secret) >= 43  # 256 bits in base64url
    assert services.aspiration_check_secret(aspiration, secret)
    assert not services.aspiration_check_secret(aspiration, secret[:-1] + ("A" if secret[-1] != "A" else "B"))
    assert not services.aspiration_check_secret(aspiration, "")


@time_machine.travel(datetime.datetime(2026, 3, 16, 9, 0, tzinfo=datetime.UTC), tick=False)
def test_deadlines_follow_the_working_day_calendar(db):
    admin = make_staff("admin")
    aspiration = make_aspiration(admin=admin)
    # Received Monday 16 March 2026: 17 counts, 18–24 are Nyepi, Idul Fitri and cuti bersama, 25 and 26 count.
    assert aspiration.verify_due == datetime.date(2026, 3, 26)


def test_deadlines_are_recomputed_when_the_calendar_changes(db, django_capture_on_commit_callbacks):
    with time_machine.travel(datetime.datetime(2026, 11, 27, 9, 0, tzinfo=datetime.UTC), tick=False):
        aspiration = make_aspiration()
        assert aspiration.verify_due == datetime.date(2026, 12, 2)
        with django_capture_on_commit_callbacks(execute=True):
            core_services.calendar_override_add(
                actor=None, date=datetime.date(2026, 12, 1), kind="libur", reason="Banjir"
            )
    aspiration.refresh_from_db()
    assert aspiration.verify_due == datetime.date(2026, 12, 3)
    assert AuditLog.objects.filter(verb="aspiration.deadlines_recomputed", object_id=str(aspiration.pk)).exists()


def test_answer_can_be_rejected_once_then_rated(db):
    admin = make_staff("admin")
    aspiration = make_aspiration(status="ditindaklanjuti", admin=admin)
    services.aspiration_reject_answer(aspiration=aspiration, reason="Masih rusak.")
    aspiration.refresh_from_db()
    assert aspiration.status == "didisposisikan"
    services.aspiration_answer(actor=admin, aspiration=aspiration, answer="Sudah diperbaiki ulang, mohon dicek.")
    with pytest.raises(DomainError):
        services.aspiration_reject_answer(aspiration=aspiration, reason="Lagi.")
    services.aspiration_accept(aspiration=aspiration)
    services.aspiration_rate(aspiration=aspiration, rating=3)
    aspiration.refresh_from_db()
    assert (aspiration.status, aspiration.rating) == ("selesai", 3)
    with pytest.raises(DomainError):
        services.aspiration_rate(aspiration=aspiration, rating=9)


def test_answered_reports_close_automatically_after_10_working_days(db):
    admin = make_staff("admin")
    with time_machine.travel(datetime.datetime(2026, 11, 2, 9, 0, tzinfo=datetime.UTC), tick=False):
        aspiration = make_aspiration(status="ditindaklanjuti", admin=admin)
    assert aspiration.close_due == datetime.date(2026, 11, 16)
    assert services.aspiration_auto_close_due(today=datetime.date(2026, 11, 16)) == 0
    assert services.aspiration_auto_close_due(today=datetime.date(2026, 11, 17)) == 1
    aspiration.refresh_from_db()
    assert aspiration.status == "selesai"


def test_overdue_reports_are_escalated_once_a_day(db, django_capture_on_commit_callbacks):
    admin = make_staff("admin", email="admin-eskalasi@contoh.id")
    agency = make_agency(short_name="ESK")
    agency.email = "kepala@esk.contoh.id"
    agency.save()
    with time_machine.travel(datetime.datetime(2026, 11, 2, 9, 0, tzinfo=datetime.UTC), tick=False):
        aspiration = make_aspiration(admin=admin)
        aspiration = services.aspiration_verify(actor=admin, aspiration=aspiration)
        services.aspiration_dispose(actor=admin, aspiration=aspiration, agency=agency)
    mail.outbox.clear()
    with (
        time_machine.travel(datetime.datetime(2026, 11, 20, 9, 0, tzinfo=datetime.UTC), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        assert services.aspiration_escalate_overdue() == 1
        assert services.aspiration_escalate_overdue() == 0
    assert sorted(m.to[0] for m in mail.outbox) == ["admin-eskalasi@contoh.id", "kepala@esk.contoh.id"]


def test_duplicates_carry_their_followers_over(db):
    admin = make_staff("admin")
    original = make_aspiration(status="terverifikasi", admin=admin)
    copy = make_aspiration(admin=admin, reporter_email="pelapor2@contoh.id")
    services.aspiration_mark_duplicate(actor=admin, aspiration=copy, original=original)
    follows = subscriptions.followers(services.follow_subject(original))
    assert [(f.channel, f.address) for f in follows] == [("email", "pelapor2@contoh.id")]
    with pytest.raises(DomainError):
        services.aspiration_mark_duplicate(actor=admin, aspiration=make_aspiration(admin=admin), original=copy)


def test_personal_data_in_free_text_is_masked_in_the_public_text(db):
    aspiration, _c = services.aspiration_submit(
        data=submission(
            title="Siti Rahmawati melapor jalan rusak",
            description="Hubungi saya di 0813-7777-8888 atau siti.rahmawati@contoh.id, NIK 1971010101010001.",
        )
    )
    assert "Siti" not in aspiration.public_title
    for secret in ["0813-7777-8888", "siti.rahmawati@contoh.id", "1971010101010001"]:
        assert secret not in aspiration.public_description
    assert "0813-7777-8888" in aspiration.description  # staff still see the original


def test_staff_can_make_a_report_secret_but_not_public_again(db):
    admin = make_staff("admin")
    aspiration = make_aspiration(admin=admin)
    services.aspiration_make_secret(actor=admin, aspiration=aspiration)
    aspiration.refresh_from_db()
    assert aspiration.privacy == "rahasia"
    assert not hasattr(services, "aspiration_make_public")  # only the reporter may, through the private link
    services.aspiration_reporter_set_privacy(aspiration=aspiration, privacy="anonim")
    aspiration.refresh_from_db()
    assert aspiration.privacy == "anonim"


def test_routing_checks_the_agency(db):
    admin = make_staff("admin")
    aspiration = make_aspiration(status="terverifikasi", admin=admin)
    inactive = make_agency(short_name="MATI")
    inactive.is_active = False
    inactive.save()
    with pytest.raises(DomainError):
        services.aspiration_dispose(actor=admin, aspiration=aspiration, agency=inactive)
    with pytest.raises(DomainError):
        services.aspiration_dispose(actor=admin, aspiration=aspiration, agency=None)


def test_followers_never_receive_the_reporters_private_link(db, django_capture_on_commit_callbacks):
    admin = make_staff("admin")
    aspiration = make_aspiration(admin=admin, reporter_email="pelapor@contoh.id")
    follower = services.aspiration_follow(aspiration=aspiration, email="tetangga@contoh.id")
    services.aspiration_follow_confirm(token=follower.token)  # only confirmed followers get updates
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.aspiration_verify(actor=admin, aspiration=aspiration)
    secret = services.aspiration_secret(aspiration)
    by_recipient = {m.to[0]: m.body for m in mail.outbox}
    assert secret in by_recipient["pelapor@contoh.id"]
    assert secret not in by_recipient["tetangga@contoh.id"]
    assert f"/aspirasi/lacak/{aspiration.code}/" in by_recipient["tetangga@contoh.id"]


def test_agency_figures_count_on_time_answers_and_the_median(db):
    from jembatan.aspirations.selectors import _median_from_histogram, agency_figures

    admin = make_staff("admin")
    agency = make_agency(short_name="FIG")
    for _ in range(3):
        aspiration = make_aspiration(status="terverifikasi", admin=admin)
        aspiration = services.aspiration_dispose(actor=admin, aspiration=aspiration, agency=agency)
        services.aspiration_answer(actor=admin, aspiration=aspiration, answer="Sudah ditangani petugas.")
    figures = {f.short_name: f for f in agency_figures(regency_code="19.71")}
    assert figures["FIG"].received == 3
    assert figures["FIG"].answered_on_time == 3
    assert figures["FIG"].median_working_days == 0
    assert _median_from_histogram({1: 1, 3: 1, 10: 2}) == 6.5
    assert _median_from_histogram({2: 3}) == 2
    assert _median_from_histogram({}) is None


def test_a_secret_with_unusual_characters_is_simply_wrong(client, db):
    aspiration = make_aspiration()
    assert not services.aspiration_check_secret(aspiration, "rahasia-é-ü")
    assert client.get(f"/aspirasi/lacak/{aspiration.code}/rahasia-%C3%A9/").status_code == 404


def test_staff_texts_are_masked_on_every_public_channel(client, db):
    admin = make_staff("admin")
    aspiration = make_aspiration(status="didisposisikan", admin=admin)
    services.aspiration_answer(
        actor=admin, aspiration=aspiration, answer="Ibu Siti Rahmawati, kami hubungi di 0813-7777-8888 besok."
    )
    pages = [
        f"/aspirasi/{aspiration.code}/",
        f"/aspirasi/lacak/{aspiration.code}/",
        f"/api/v1/aspirations/{aspiration.code}",
        "/open311/v2/requests.json",
        f"/open311/v2/requests/{aspiration.code}.xml",
    ]
    for url in pages:
        body = client.get(url).content.decode()
        assert "Siti Rahmawati" not in body and "0813-7777-8888" not in body, url


def test_a_sideways_phone_photo_is_stored_upright(db):
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    from jembatan.core.uploads import validate_image_or_pdf_attachment

    image = Image.new("RGB", (40, 20), "white")
    exif = Image.Exif()
    exif[0x0112] = 6  # orientation: rotate 90°
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", exif=exif)
    stored = validate_image_or_pdf_attachment(SimpleUploadedFile("f.jpg", buffer.getvalue(), content_type="image/jpeg"))
    with Image.open(stored) as result:
        assert result.size == (20, 40)
        assert not result.getexif()


def test_emails_to_citizens_are_in_indonesian_with_readable_dates(db, django_capture_on_commit_callbacks):
    from django.utils import translation

    with (
        time_machine.travel(datetime.datetime(2026, 11, 27, 9, 0, tzinfo=datetime.UTC), tick=False),
        translation.override("en"),  # the actor's interface language does not decide the email's
        django_capture_on_commit_callbacks(execute=True),
    ):
        make_aspiration(reporter_email="warga-email@contoh.id")
    body = mail.outbox[-1].body
    assert "Rabu, 2 Desember 2026" in body
    assert "Terima kasih" in body


def test_the_reporters_rejection_reason_is_not_published(client, db):
    admin = make_staff("admin")
    aspiration = make_aspiration(status="ditindaklanjuti", admin=admin)
    services.aspiration_reject_answer(
        aspiration=aspiration, reason="Tetangga saya Pak Harun di rumah no 7 masih kebanjiran."
    )
    for url in [f"/aspirasi/{aspiration.code}/", f"/api/v1/aspirations/{aspiration.code}", "/open311/v2/requests.json"]:
        assert "Harun" not in client.get(url).content.decode(), url


def test_a_secret_report_emails_no_follower(db, django_capture_on_commit_callbacks):
    admin = make_staff("admin")
    aspiration = make_aspiration(status="terverifikasi", admin=admin, reporter_email="pemilik@contoh.id")
    services.aspiration_follow(aspiration=aspiration, email="pengikut@contoh.id")
    services.aspiration_make_secret(actor=admin, aspiration=aspiration)
    mail.outbox.clear()
    aspiration.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        services.aspiration_dispose(actor=admin, aspiration=aspiration, agency=aspiration.category.agency)
    assert [m.to[0] for m in mail.outbox] == ["pemilik@contoh.id"]
    other = make_aspiration(admin=admin)
    with pytest.raises(DomainError):
        services.aspiration_mark_duplicate(actor=admin, aspiration=other, original=aspiration)


def test_an_officer_cannot_answer_a_report_routed_elsewhere_meanwhile(db):
    admin = make_staff("admin")
    aspiration = make_aspiration(status="didisposisikan", admin=admin)
    first_agency = aspiration.agency_id
    services.aspiration_return_to_admin(
        actor=admin, aspiration=aspiration, reason="Bukan kami.", agency_id=first_agency
    )
    aspiration.refresh_from_db()
    services.aspiration_dispose(actor=admin, aspiration=aspiration, agency=make_agency(short_name="LAIN"))
    with pytest.raises(TransitionNotAllowed):
        services.aspiration_answer(
            actor=admin, aspiration=aspiration, answer="Jawaban dari dinas yang salah.", agency_id=first_agency
        )


@pytest.mark.parametrize(
    "text",
    [
        "(0812) 3456-7890", "+62 (0)812-3456-7890", "0812/3456/7890", "０８１２３４５６７８９０", "(0717) 421234",
        "3171 0123 4567 8901", "31.71.01.234567.8901", "budi.santoso at gmail dot com", "budi[at]gmail.com",
    ],
)  # fmt: skip
def test_free_text_masking_catches_common_ways_of_writing_personal_data(text):
    from jembatan.core.privacy import redact_text

    masked = redact_text(f"Hubungi {text} segera.")
    assert "disamarkan" in masked
    assert masked.startswith("Hubungi ") and masked.endswith(" segera.")


def test_names_are_masked_as_whole_words_only():
    from jembatan.core.privacy import redact_text

    assert (
        redact_text("Pak Dirman tinggal di Jl. Sudirman", names=["Dirman"])
        == "Pak [nama disamarkan] tinggal di Jl. Sudirman"
    )
    assert "Santoso" not in redact_text("Santoso,  Budi datang", names=["Budi Santoso"])


def test_staff_correct_the_public_texts_after_verification(client, db):
    admin = make_staff("admin")
    aspiration = make_aspiration(status="didisposisikan", admin=admin)
    services.aspiration_edit_public_texts(
        actor=admin,
        aspiration=aspiration,
        public_title="Lampu jalan padam",
        public_description="Lampu padam di gang masjid.",
    )
    assert "Lampu padam di gang masjid." in client.get(f"/aspirasi/{aspiration.code}/").content.decode()
    assert AuditLog.objects.filter(verb="aspiration.public_texts_edited", object_id=str(aspiration.pk)).exists()
    unverified = make_aspiration(admin=admin)
    with pytest.raises(TransitionNotAllowed):
        services.aspiration_edit_public_texts(
            actor=admin, aspiration=unverified, public_title="X", public_description="Y"
        )


def test_agency_officers_hear_of_new_reports_and_returned_answers(db, django_capture_on_commit_callbacks):
    admin = make_staff("admin")
    agency = make_agency(short_name="KABAR")
    officer = make_staff("petugas_opd", agency=agency, email="petugas-kabar@contoh.id")
    aspiration = make_aspiration(status="terverifikasi", admin=admin)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        aspiration = services.aspiration_dispose(actor=admin, aspiration=aspiration, agency=agency)
    assert any(m.to == [officer.email] for m in mail.outbox)
