import datetime

import pytest
from django.utils import timezone

from jembatan.accounts.roles import Role
from jembatan.core.errors import DomainError, TransitionNotAllowed
from jembatan.core.models import AuditLog
from jembatan.newsroom import services
from jembatan.newsroom.models import Item, ItemStatus
from jembatan.regions.models import District, Village
from tests.factories import item_data, make_item, make_staff

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


ALL_STATUSES = [s.value for s in ItemStatus]
EXPECTED = {
    "submit": {"draf": "ditinjau"},
    "send_back": {"ditinjau": "draf"},
    "publish": {"ditinjau": "terbit"},
    "archive": {"terbit": "diarsipkan"},
}


def _do(action, item, actor):
    if action == "submit":
        return services.item_submit(actor=actor, item=item)
    if action == "send_back":
        return services.item_send_back(actor=actor, item=item, notes="Sumber kurang jelas.")
    if action == "publish":
        return services.item_publish(
            actor=actor, item=item, check_sources=True, check_facts=True, check_plain_language=True
        )
    return services.item_archive(actor=actor, item=item)


@pytest.mark.parametrize("action", list(EXPECTED))
@pytest.mark.parametrize("status", ALL_STATUSES)
def test_every_transition_from_every_status(regions, action, status):
    author = make_staff(Role.EDITOR)
    reviewer = make_staff(Role.EDITOR)
    item = make_item(author=author, publisher=reviewer, status=status)
    if status in EXPECTED[action]:
        moved = _do(action, item, reviewer)
        assert moved.status == EXPECTED[action][status]
        assert AuditLog.objects.filter(verb=f"newsroom.{action}", object_id=str(item.pk)).exists()
    else:
        with pytest.raises(TransitionNotAllowed):
            _do(action, item, reviewer)
        assert Item.objects.get(pk=item.pk).status == status


def test_publish_needs_the_whole_checklist_and_a_source(regions):
    item = make_item(status="ditinjau")
    reviewer = make_staff(Role.EDITOR)
    with pytest.raises(DomainError):
        services.item_publish(
            actor=reviewer, item=item, check_sources=True, check_facts=False, check_plain_language=True
        )
    no_source = make_item(status="ditinjau", sources="")
    with pytest.raises(DomainError, match="source"):
        services.item_publish(
            actor=reviewer, item=no_source, check_sources=True, check_facts=True, check_plain_language=True
        )
    assert Item.objects.get(pk=item.pk).status == "ditinjau"


def test_two_person_rule_is_an_instance_setting(regions):
    author = make_staff(Role.EDITOR)
    item = make_item(author=author, status="ditinjau")
    with pytest.raises(DomainError, match="author"):
        services.item_publish(actor=author, item=item, check_sources=True, check_facts=True, check_plain_language=True)
    services.settings_update(actor=author, regency_code="19.71", two_person_rule=False)
    published = services.item_publish(
        actor=author, item=item, check_sources=True, check_facts=True, check_plain_language=True
    )
    assert published.status == "terbit" and published.publisher == author


def test_send_back_keeps_notes_and_edits_keep_revisions(regions):
    author = make_staff(Role.EDITOR)
    item = make_item(author=author, status="ditinjau")
    with pytest.raises(DomainError):
        services.item_send_back(actor=make_staff(Role.EDITOR), item=item, notes="  ")
    item = services.item_send_back(actor=make_staff(Role.EDITOR), item=item, notes="Tambahkan sumber resmi.")
    assert item.review_notes == "Tambahkan sumber resmi."
    services.item_update(actor=author, item=item, data=item_data(title="Judul baru yang lebih jelas"))
    item.refresh_from_db()
    assert item.version == 2
    assert list(item.revisions.values_list("number", "title")) == [
        (2, "Judul baru yang lebih jelas"),
        (1, item.revisions.get(number=1).title),
    ]
    assert item.events.filter(action="send_back", note="Tambahkan sumber resmi.").exists()


def test_published_items_are_corrected_not_edited(regions):
    item = make_item()
    with pytest.raises(TransitionNotAllowed):
        services.item_update(actor=item.author, item=item, data=item_data())
    correction = services.item_add_correction(actor=item.author, item=item, text="Tanggal yang benar 2 Desember.")
    assert list(item.corrections.all()) == [correction]
    draft = make_item(status="draf")
    with pytest.raises(TransitionNotAllowed):
        services.item_add_correction(actor=draft.author, item=draft, text="x")


def test_markdown_is_rendered_and_sanitised(regions):
    item = make_item(body="## Jadwal\n\n<script>alert(1)</script> [tautan](javascript:alert(1)) **penting**")
    assert "<script>" not in item.body_html
    assert 'href="javascript' not in item.body_html
    assert "<strong>penting</strong>" in item.body_html


def test_scheduled_items_appear_when_their_time_comes(regions):
    later = timezone.now() + datetime.timedelta(hours=2)
    item = make_item(status="ditinjau")
    item = services.item_publish(
        actor=make_staff(Role.EDITOR),
        item=item,
        check_sources=True,
        check_facts=True,
        check_plain_language=True,
        publish_at=later,
    )
    assert item.status == "terbit" and not Item.objects.visible().filter(pk=item.pk).exists()
    assert services.items_sync_listing() == 0
    assert services.items_sync_listing(now=later + datetime.timedelta(minutes=1)) == 1
    assert Item.objects.get(pk=item.pk).listed


def test_expired_items_leave_the_lists(regions):
    item = make_item(expires_at=timezone.now() + datetime.timedelta(days=1))
    assert Item.objects.get(pk=item.pk).listed
    assert services.items_sync_listing(now=timezone.now() + datetime.timedelta(days=2)) == 1
    assert not Item.objects.get(pk=item.pk).listed


@pytest.mark.parametrize(
    "overrides, message",
    [
        ({"kind": "infografis"}, "infographic"),
        ({"kind": "agenda"}, "agenda"),
        ({"title": " "}, "title"),
    ],
)
def test_content_rules(regions, overrides, message):
    with pytest.raises(DomainError, match=message):
        services.item_create(actor=make_staff(Role.EDITOR), regency_code="19.71", data=item_data(**overrides))
    assert not Item.objects.exists()


def test_target_area_must_be_consistent(regions):
    village = Village.objects.get(code="19.71.01.1004")
    other = District.objects.exclude(pk=village.district_id).filter(regency_id="19.71").first()
    with pytest.raises(DomainError):
        services.item_create(
            actor=make_staff(Role.EDITOR), regency_code="19.71", data=item_data(village=village, district=other)
        )
    item = services.item_create(actor=make_staff(Role.EDITOR), regency_code="19.71", data=item_data(village=village))
    assert item.district_id == village.district_id


def test_the_author_is_emailed_when_sent_back_and_when_published(
    regions, mailoutbox, django_capture_on_commit_callbacks
):
    author = make_staff(Role.EDITOR, email="penulis@contoh.go.id")
    reviewer = make_staff(Role.EDITOR)
    item = make_item(author=author, status="ditinjau")
    with django_capture_on_commit_callbacks(execute=True):
        services.item_send_back(actor=reviewer, item=item, notes="Tambahkan jam buka.")
    with django_capture_on_commit_callbacks(execute=True):
        services.item_submit(actor=author, item=item)
        services.item_publish(
            actor=reviewer, item=item, check_sources=True, check_facts=True, check_plain_language=True
        )
    assert [m.to for m in mailoutbox] == [["penulis@contoh.go.id"], ["penulis@contoh.go.id"]]
    assert "Tambahkan jam buka." in mailoutbox[0].body and f"/staf/berita/{item.pk}/ubah/" in mailoutbox[0].body
    assert item.get_absolute_url() in mailoutbox[1].body


def test_community_news_is_announced_to_the_editors(regions, mailoutbox, django_capture_on_commit_callbacks):
    from tests.factories import make_kim

    admin = make_staff(Role.ADMIN, email="admin@kominfo.contoh.go.id")
    editor = make_staff(Role.EDITOR, email="redaksi@kominfo.contoh.go.id")
    kim = make_kim(status="aktif", admin=admin)
    pengurus = make_staff(Role.PENGURUS_KIM, kim=kim, with_totp=False)
    item = make_item(author=pengurus, kim=kim, status="draf")
    with django_capture_on_commit_callbacks(execute=True):
        services.item_submit(actor=pengurus, item=item)
    assert len(mailoutbox) == 2  # one message per editor: no editor sees the others' addresses
    assert {tuple(mail.to) for mail in mailoutbox} == {(admin.email,), (editor.email,)}
    assert all(f"/staf/berita/{item.pk}/" in mail.body and kim.name in mail.body for mail in mailoutbox)
