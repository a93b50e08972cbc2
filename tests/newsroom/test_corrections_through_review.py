"""Correcting the text of a published item: proposed with a note, reviewed by another editor, kept as a
revision, and shown to readers as a dated note with a link to the comparison."""

from __future__ import annotations

import pytest

from jembatan.accounts.roles import Role
from jembatan.newsroom import services
from jembatan.newsroom.models import Correction, CorrectionStatus
from tests.factories import make_item, make_staff, signed_in

pytestmark = [pytest.mark.django_db]

WRONG = "Kerja bakti dimulai pukul 08.00 di Balai Kelurahan."
RIGHT = "Kerja bakti dimulai pukul 07.30 di Balai Kelurahan."
NOTE = "Jam mulai kerja bakti yang benar adalah 07.30, bukan 08.00."


def _propose(client, editor, item):
    return signed_in(client, editor).post(
        f"/staf/berita/{item.pk}/koreksi/",
        {"note": NOTE, "title": item.title, "summary": item.summary, "body": RIGHT, "sources": item.sources},
    )


def test_a_correction_waits_for_another_editor_then_changes_the_text_with_a_dated_linked_note(
    client, regions, django_capture_on_commit_callbacks
):
    author = make_staff(Role.EDITOR)
    item = make_item(author=author, body=WRONG)
    services.settings_update(actor=None, regency_code="19.71", two_person_rule=True)
    assert _propose(client, author, item).status_code == 302
    proposal = Correction.objects.get(item=item)
    assert proposal.status == CorrectionStatus.PROPOSED

    # Readers still see the published text, and no note yet.
    client.logout()
    page = client.get(item.get_absolute_url()).content.decode()
    assert "08.00" in page and NOTE not in page

    # The proposer cannot publish it; the page says so and offers no publish form.
    desk = signed_in(client, author).get(f"/staf/berita/{item.pk}/").content.decode()
    assert f"/koreksi/{proposal.pk}/terbitkan/" not in desk and "07.30" in desk
    client.post(f"/staf/berita/{item.pk}/koreksi/{proposal.pk}/terbitkan/")
    item.refresh_from_db()
    assert "08.00" in item.body

    reviewer = make_staff(Role.EDITOR)
    with django_capture_on_commit_callbacks(execute=True):  # the public cache is emptied after the commit
        response = signed_in(client, reviewer).post(f"/staf/berita/{item.pk}/koreksi/{proposal.pk}/terbitkan/")
    assert response.status_code == 302
    item.refresh_from_db()
    proposal.refresh_from_db()
    assert item.body == RIGHT and item.version == 2 and item.status == "terbit"
    assert proposal.status == CorrectionStatus.PUBLISHED and proposal.revision.number == 2
    assert proposal.revision.created_by == author and proposal.reviewed_by == reviewer

    client.logout()
    page = client.get(item.get_absolute_url()).content.decode()
    assert NOTE in page
    body = page.split('class="lead"')[1].split("Sumber")[0]  # the article text, after the note and summary
    assert "07.30" in body and "08.00" not in body
    link = f"/berita/{item.slug}/koreksi/{proposal.pk}/"
    assert link in page
    comparison = client.get(link).content.decode()
    assert "<del>" in comparison and "<ins>" in comparison and "08.00" in comparison and "07.30" in comparison
    api = client.get(f"/api/v1/news/{item.slug}").json()
    assert [c["text"] for c in api["corrections"]] == [NOTE]


def test_a_declined_correction_changes_nothing_and_one_waits_at_a_time(client, regions):
    item = make_item(body=WRONG)
    editor = make_staff(Role.EDITOR)
    _propose(client, editor, item)
    again = _propose(client, make_staff(Role.EDITOR), item)
    assert again.status_code == 200 and "menunggu tinjauan" in again.content.decode()
    proposal = Correction.objects.get(item=item)
    reviewer = make_staff(Role.EDITOR)
    signed_in(client, reviewer).post(
        f"/staf/berita/{item.pk}/koreksi/{proposal.pk}/tolak/", {"reason": "Jadwal dari kelurahan memang 08.00."}
    )
    proposal.refresh_from_db()
    item.refresh_from_db()
    assert proposal.status == CorrectionStatus.DECLINED and item.body == WRONG and item.version == 1
    assert client.get(f"/berita/{item.slug}/koreksi/{proposal.pk}/").status_code == 404


def test_a_correction_must_change_something_keep_sources_and_only_on_published_items(client, regions):
    editor = make_staff(Role.EDITOR)
    item = make_item(body=WRONG)
    same = signed_in(client, editor).post(
        f"/staf/berita/{item.pk}/koreksi/",
        {"note": NOTE, "title": item.title, "summary": item.summary, "body": WRONG, "sources": item.sources},
    )
    assert same.status_code == 200 and not Correction.objects.exists()
    no_sources = client.post(
        f"/staf/berita/{item.pk}/koreksi/",
        {"note": NOTE, "title": item.title, "summary": item.summary, "body": RIGHT, "sources": "  "},
    )
    assert no_sources.status_code == 200 and not Correction.objects.exists()
    draft = make_item(status="draf")
    assert client.get(f"/staf/berita/{draft.pk}/koreksi/").status_code == 404
