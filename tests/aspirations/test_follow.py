"""Following a report: confirmed from one's own mailbox first, and stopped in one step from any update."""

from __future__ import annotations

import re

import pytest

from jembatan.aspirations import services
from jembatan.notifications.models import Subscription
from tests.factories import make_aspiration, make_staff

pytestmark = pytest.mark.django_db


def _follows(aspiration):
    return Subscription.objects.filter(subject=f"aspirasi:{aspiration.code}", ended_at__isnull=True)


def _link(body: str, kind: str) -> str:
    return re.search(rf"https?://\S+/aspirasi/ikuti/[\w-]+/{kind}/", body).group(0).split("://", 1)[1].split("/", 1)[1]


def test_following_needs_a_confirmation_and_every_update_can_stop_it(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    admin = make_staff("admin")
    aspiration = make_aspiration(status="terverifikasi", admin=admin, reporter_email="pelapor@contoh.id")
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/aspirasi/{aspiration.code}/ikuti/", {"email": "tetangga@contoh.id", "consent": "on"})
    assert [m.to for m in mailoutbox] == [["tetangga@contoh.id"]]
    confirm = "/" + _link(mailoutbox[0].body, "konfirmasi")

    # Not confirmed yet: an update reaches the reporter only.
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        aspiration = services.aspiration_dispose(actor=admin, aspiration=aspiration, agency=aspiration.category.agency)
    assert [m.to for m in mailoutbox] == [["pelapor@contoh.id"]]

    assert client.get(confirm).status_code == 200
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.aspiration_answer(actor=admin, aspiration=aspiration, answer="Sudah diperbaiki petugas.")
    to_follower = [m for m in mailoutbox if m.to == ["tetangga@contoh.id"]]
    assert len(to_follower) == 1
    stop = "/" + _link(to_follower[0].body, "berhenti")
    assert client.get(stop).status_code == 200  # the page with its one button
    assert _follows(aspiration).count() == 1  # opening the link alone stops nothing
    assert client.post(stop).status_code == 200
    assert _follows(aspiration).count() == 0
    assert Subscription.objects.get().ended_at is not None  # ended, never deleted: the ledger keeps it
    assert client.post(stop).status_code == 404


def test_asking_again_does_not_flood_a_mailbox(client, mailoutbox, django_capture_on_commit_callbacks):
    admin = make_staff("admin")
    aspiration = make_aspiration(status="terverifikasi", admin=admin)
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(3):
            client.post(f"/aspirasi/{aspiration.code}/ikuti/", {"email": "korban@contoh.id", "consent": "on"})
    assert len(mailoutbox) == 1  # one confirmation link an hour, however often someone asks
    follower = _follows(aspiration).get(confirmed_at__isnull=True)
    services.aspiration_follow_confirm(token=follower.token)
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/aspirasi/{aspiration.code}/ikuti/", {"email": "korban@contoh.id", "consent": "on"})
    assert mailoutbox == []  # already confirmed: nothing is sent again


def test_send_my_link_again_goes_only_to_the_reporter_and_answers_the_same(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    aspiration = make_aspiration(reporter_email="pelapor@contoh.id", reporter_phone="0812-3456-7890")
    url = f"/aspirasi/lacak/{aspiration.code}/kirim-ulang/"
    assert f'action="{url}"' in client.get(f"/aspirasi/lacak/{aspiration.code}/").content.decode()
    answers = []
    for contact in ("orang.lain@contoh.id", "PELAPOR@contoh.id", "0812 3456 7890"):
        mailoutbox.clear()
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(url, {"kontak": contact}, follow=True)
        answers.append(
            response.content.decode().split('role="status"')[-1][:300]
            if 'role="status"' in response.content.decode()
            else ""
        )
        if contact.startswith("orang"):
            assert mailoutbox == []
        else:
            assert [m.to for m in mailoutbox] == [["pelapor@contoh.id"]]
            assert services.aspiration_secret(aspiration) in mailoutbox[0].body
    assert answers[0] == answers[1] == answers[2]  # the page never says whether it matched


def test_send_my_link_again_is_rate_limited(client, mailoutbox):
    aspiration = make_aspiration(reporter_email="pelapor@contoh.id")
    url = f"/aspirasi/lacak/{aspiration.code}/kirim-ulang/"
    for _ in range(5):
        client.post(url, {"kontak": "tebak@contoh.id"})
    response = client.post(url, {"kontak": "pelapor@contoh.id"}, follow=True)
    assert "Terlalu banyak permintaan" in response.content.decode()


def test_the_agency_reports_progress_without_starting_the_close_clock_and_every_answer_stays(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    from jembatan.aspirations.models import Aspiration, Event
    from jembatan.core.models import AuditLog

    admin = make_staff("admin")
    aspiration = make_aspiration(status="didisposisikan", admin=admin, reporter_email="pelapor@contoh.id")
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.aspiration_progress_update(
            actor=admin, aspiration=aspiration, note="Perbaikan dijadwalkan 14 Desember oleh tim jalan."
        )
    aspiration.refresh_from_db()
    assert aspiration.status == "didisposisikan" and aspiration.close_due is None  # no close clock yet
    assert [m.to for m in mailoutbox] == [["pelapor@contoh.id"]]
    assert "Perbaikan dijadwalkan 14 Desember" in mailoutbox[0].body
    assert AuditLog.objects.filter(verb="aspiration.progress_reported").exists()

    with django_capture_on_commit_callbacks(execute=True):
        aspiration = services.aspiration_answer(actor=admin, aspiration=aspiration, answer="Jalan sudah diaspal ulang.")
        aspiration = services.aspiration_reject_answer(aspiration=aspiration, reason="Masih ada lubang di ujung jalan.")
        aspiration = services.aspiration_answer(
            actor=admin, aspiration=aspiration, answer="Lubang di ujung jalan sudah ditutup."
        )
    notes = list(
        Event.objects.filter(aspiration=aspiration).order_by("created_at", "id").values_list("note", flat=True)
    )
    for text in (
        "Perbaikan dijadwalkan 14 Desember",
        "Jalan sudah diaspal ulang.",
        "Lubang di ujung jalan sudah ditutup.",
    ):
        assert any(text in note for note in notes), text
    assert Aspiration.objects.get(pk=aspiration.pk).close_due is not None  # the final answer starts it


def test_progress_is_refused_outside_the_agency_stage():
    from jembatan.core.errors import TransitionNotAllowed

    admin = make_staff("admin")
    aspiration = make_aspiration(admin=admin)
    with pytest.raises(TransitionNotAllowed):
        services.aspiration_progress_update(actor=admin, aspiration=aspiration, note="Sedang dikerjakan petugas.")
