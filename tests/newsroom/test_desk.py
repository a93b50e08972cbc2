"""The editorial desk and community news, through the views."""

import pytest

from jembatan.accounts.roles import Role
from jembatan.newsroom.models import Item
from tests.factories import form_posting_to, make_item, make_kim, make_staff, signed_in

pytestmark = pytest.mark.django_db


FORM = {
    "kind": "pengumuman",
    "title": "Pendaftaran vaksin anak dibuka",
    "summary": "Orang tua bisa mendaftarkan anak untuk vaksin di puskesmas terdekat mulai Senin.",
    "body": "Bawa kartu keluarga.\n\nPendaftaran **gratis**.",
    "sources": "Dinas Kesehatan, surat edaran 12/2026",
}


def test_write_review_send_back_fix_and_publish(client, regions):
    author, reviewer = make_staff(Role.EDITOR), make_staff(Role.EDITOR)
    response = signed_in(client, author).post("/staf/berita/baru/", FORM)
    item = Item.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/staf/berita/{item.pk}/"
    assert client.post(f"/staf/berita/{item.pk}/aksi/submit/").status_code == 302
    page = client.get(f"/staf/berita/{item.pk}/").content.decode()
    assert "another editor must publish it" in page.lower() or "editor lain" in page.lower()

    signed_in(client, reviewer)
    client.post(f"/staf/berita/{item.pk}/aksi/send_back/", {"notes": "Sebutkan jam buka puskesmas."})
    item.refresh_from_db()
    assert item.status == "draf" and item.review_notes == "Sebutkan jam buka puskesmas."

    signed_in(client, author)
    edit = client.get(f"/staf/berita/{item.pk}/ubah/").content.decode()
    assert "Sebutkan jam buka puskesmas." in edit
    client.post(
        f"/staf/berita/{item.pk}/ubah/", {**FORM, "body": FORM["body"] + "\n\nPuskesmas buka pukul 08.00–14.00 WIB."}
    )
    client.post(f"/staf/berita/{item.pk}/aksi/submit/")

    signed_in(client, reviewer)
    incomplete = client.post(f"/staf/berita/{item.pk}/aksi/publish/", {"check_sources": "on", "check_facts": "on"})
    assert incomplete.status_code == 302
    item.refresh_from_db()
    assert item.status == "ditinjau"
    client.post(
        f"/staf/berita/{item.pk}/aksi/publish/",
        {"check_sources": "on", "check_facts": "on", "check_plain_language": "on"},
    )
    item.refresh_from_db()
    assert item.status == "terbit" and item.version == 2 and item.publisher == reviewer
    diff = client.get(f"/staf/berita/{item.pk}/revisi/2/").content.decode()
    assert "<ins>" in diff and "08.00" in diff


def test_unknown_action_and_bad_input_give_no_500(client, regions):
    editor = make_staff(Role.EDITOR)
    item = make_item(status="ditinjau")
    signed_in(client, editor)
    assert client.post(f"/staf/berita/{item.pk}/aksi/hapus/").status_code == 404
    response = client.post(f"/staf/berita/{item.pk}/aksi/send_back/", {"notes": ""})
    assert response.status_code == 200  # the form comes back bound, with its field error
    sent_back = form_posting_to(response.content.decode(), f"/staf/berita/{item.pk}/aksi/send_back/")
    assert 'class="errorlist' in sent_back and 'aria-invalid="true"' in sent_back
    item.refresh_from_db()
    assert item.status == "ditinjau"
    response = client.post("/staf/berita/baru/", {**FORM, "kind": "agenda", "publish_at": "bukan-tanggal"})
    assert response.status_code == 200
    assert not Item.objects.filter(kind="agenda").exists()


def test_readability_advice_is_returned_as_a_fragment(client, regions):
    signed_in(client, make_staff(Role.EDITOR))
    response = client.post(
        "/staf/berita/keterbacaan/",
        {"title": "", "summary": "", "body": "Dalam rangka implementasi program, jalan diperbaiki oleh OPD."},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "pelaksanaan" in html and "diperbaiki" in html


def test_a_kim_officer_writes_community_news_credited_to_the_kim(client, regions):
    admin = make_staff(Role.ADMIN)
    kim = make_kim(status="aktif", admin=admin)
    other = make_kim(status="aktif", admin=admin, village_code="19.71.01.1006")
    pengurus = make_staff(Role.PENGURUS_KIM, kim=kim, with_totp=False)
    signed_in(client, pengurus)
    client.post(
        "/kim/berita/baru/",
        {"title": "Kerja bakti di RT 03", "summary": "Warga membersihkan saluran air.", "sources": "Ketua RT 03",
         "submit_for_review": "1"},
    )  # fmt: skip
    item = Item.objects.get()
    assert item.kim == kim and item.status == "ditinjau" and item.village_id == kim.village_id
    theirs = make_item(kim=other, status="draf")
    assert client.get(f"/kim/berita/{theirs.pk}/ubah/").status_code == 404
    assert client.get("/staf/berita/").status_code in (302, 403, 404)


def test_settings_topics_and_jargon(client, regions):
    admin = make_staff(Role.ADMIN)
    signed_in(client, admin)
    client.post("/staf/berita/pengaturan/", {"form": "topic", "name": "Kesehatan"})
    client.post(
        "/staf/berita/pengaturan/", {"form": "jargon", "term": "revitalisasi pasar", "plain": "perbaikan pasar"}
    )
    client.post("/staf/berita/pengaturan/", {"form": "settings"})
    page = client.get("/staf/berita/pengaturan/").content.decode()
    assert "Kesehatan" in page and "revitalisasi pasar" in page
    from jembatan.newsroom.models import NewsroomSettings

    assert NewsroomSettings.objects.get(regency_id="19.71").two_person_rule is False
    editor = make_staff(Role.EDITOR)
    signed_in(client, editor)
    client.post("/staf/berita/pengaturan/", {"form": "settings", "two_person_rule": "on"})
    assert NewsroomSettings.objects.get(regency_id="19.71").two_person_rule is False  # only administrators


def test_a_draft_can_be_deleted_but_not_a_published_item(client, regions, django_capture_on_commit_callbacks):
    from django.core.files.storage import default_storage
    from django.core.files.uploadedfile import SimpleUploadedFile

    from jembatan.core.models import AuditLog
    from jembatan.newsroom.images import validate_news_image
    from tests.factories import photo_with_location

    editor = make_staff(Role.EDITOR)
    photo = validate_news_image(SimpleUploadedFile("f.jpg", photo_with_location(), content_type="image/jpeg"))
    draft = make_item(status="draf", image=photo, image_alt="Foto jalan")
    original = draft.image.name
    signed_in(client, editor)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/staf/berita/{draft.pk}/aksi/discard/")
    assert response.status_code == 302 and response["Location"] == "/staf/berita/"
    assert not Item.objects.filter(pk=draft.pk).exists() and not default_storage.exists(original)
    assert AuditLog.objects.filter(verb="newsroom.discarded", object_id=str(draft.pk)).exists()
    published = make_item()
    client.post(f"/staf/berita/{published.pk}/aksi/discard/")
    assert Item.objects.filter(pk=published.pk).exists()


def test_a_kim_officer_changes_only_drafts_and_keeps_what_the_editors_set(client, regions):
    from jembatan.newsroom import services

    admin = make_staff(Role.ADMIN)
    kim = make_kim(status="aktif", admin=admin)
    pengurus = make_staff(Role.PENGURUS_KIM, kim=kim, with_totp=False)
    editor = make_staff(Role.EDITOR)
    topic = services.topic_create(actor=admin, regency_code="19.71", name="Lingkungan")
    item = make_item(author=pengurus, kim=kim, status="ditinjau", title="Kerja bakti RT 03")
    services.item_update(
        actor=editor, item=item, data=item_data_for(item, kind="pengumuman", topics=[topic], title="Kerja bakti RT 03")
    )
    signed_in(client, pengurus)
    story = {"title": "Judul diganti diam-diam", "summary": "Ringkasan baru.", "sources": "Ketua RT"}
    client.post(f"/kim/berita/{item.pk}/ubah/", story)
    item.refresh_from_db()
    assert item.title == "Kerja bakti RT 03"  # in review: the officer cannot change it

    services.item_send_back(actor=editor, item=item, notes="Tambahkan jumlah warga yang hadir.")
    client.post(f"/kim/berita/{item.pk}/ubah/", {**story, "title": "Kerja bakti RT 03 diikuti 40 warga"})
    item.refresh_from_db()
    assert item.title == "Kerja bakti RT 03 diikuti 40 warga"
    assert item.kind == "pengumuman" and list(item.topics.all()) == [topic]  # the editor's choices stay


def item_data_for(item, **overrides):
    from tests.factories import item_data

    values = {"summary": item.summary, "body": item.body, "sources": item.sources, "village": item.village}
    values.update(overrides)
    return item_data(**values)


def test_publishing_is_offered_only_to_an_editor_who_may_publish(client, regions):
    from jembatan.newsroom import services as newsroom

    author = make_staff(Role.EDITOR)
    item = make_item(status="ditinjau", author=author)
    newsroom.settings_update(actor=None, regency_code="19.71", two_person_rule=True)

    def forms_on(user):
        page = signed_in(client, user).get(f"/staf/berita/{item.pk}/").content.decode()
        prefix = f'action="/staf/berita/{item.pk}/aksi/'
        return [chunk.split("/", 1)[0] for chunk in page.split(prefix)[1:]]

    assert forms_on(author) == ["send_back"]  # the two-person rule: someone else publishes
    assert forms_on(make_staff(Role.EDITOR)) == ["publish", "send_back"]
