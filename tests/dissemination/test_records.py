"""Dissemination records: validation, KIM activity, deletion window, and who may record for which KIM."""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import ExifTags, Image

from jembatan.accounts.roles import Role
from jembatan.communities import services as communities
from jembatan.core.errors import DomainError
from jembatan.core.models import AuditLog
from jembatan.dissemination import services
from jembatan.dissemination.models import Dissemination
from jembatan.dissemination.services import DisseminationData
from tests.factories import make_item, make_kim, make_staff, photo_with_location
from tests.factories import signed_in as sign_in

TODAY = timezone.localdate

pytestmark = pytest.mark.usefixtures("english")


def _form(item=None, **overrides):
    values = {"channel": "whatsapp_group", "date": TODAY().isoformat(), "audience": "120", "note": "Grup RT 03"}
    values.update(overrides)
    return values


def _record_url(item, kim=None):
    url = f"/kim/diseminasi/baru/?berita={item.slug}"
    return url + (f"&kim={kim.pk}" if kim else "")


def test_a_pengurus_records_a_dissemination_which_is_audited_and_keeps_the_kim_active(
    pengurus_client, pengurus, kim, item
):
    kim.refresh_from_db()
    before = kim.last_activity_at
    response = pengurus_client.post(_record_url(item), _form())
    assert response.status_code == 302, response.content.decode()[:3000]
    record = Dissemination.objects.get()
    assert (record.kim, record.item, record.audience, record.channel) == (kim, item, 120, "whatsapp_group")
    assert record.recorded_by == pengurus
    assert AuditLog.objects.filter(verb="dissemination.recorded", object_id=str(record.pk)).exists()
    assert AuditLog.objects.filter(
        verb="kim.activity_recorded", object_id=str(kim.pk), after={"kind": "dissemination"}
    ).exists()
    kim.refresh_from_db()
    assert kim.last_activity_at > before


def test_a_dissemination_reactivates_a_lapsed_kim(kim, item, pengurus):
    communities.kim_lapse(kim=kim)
    kim.refresh_from_db()
    assert kim.status == "tidak_aktif"
    services.dissemination_record(
        actor=pengurus, kim=kim, item=item, data=DisseminationData(channel="meeting", date=TODAY(), audience=30)
    )
    kim.refresh_from_db()
    assert kim.status == "aktif"


def test_a_future_date_is_refused_with_a_clear_message(pengurus_client, item):
    tomorrow = (TODAY() + datetime.timedelta(days=1)).isoformat()
    response = pengurus_client.post(_record_url(item), _form(date=tomorrow))
    assert response.status_code == 200
    body = response.content.decode()
    assert 'href="#id_date"' in body
    assert "Tanggal tidak boleh melewati hari ini." in body
    assert not Dissemination.objects.exists()


def test_a_date_before_publication_is_refused(kim, item, pengurus):
    with pytest.raises(DomainError, match="before the news was published"):
        services.dissemination_record(
            actor=pengurus,
            kim=kim,
            item=item,
            data=DisseminationData(
                channel="radio", date=timezone.localdate(item.published_at) - datetime.timedelta(days=1), audience=5
            ),
        )
    assert not Dissemination.objects.exists()


@pytest.mark.parametrize("audience", ["0", "-3", "100001", "99999999999999999999", "banyak", ""])
def test_the_audience_must_be_between_1_and_100000(pengurus_client, item, audience):
    response = pengurus_client.post(_record_url(item), _form(audience=audience))
    assert response.status_code == 200
    assert "100.000" in response.content.decode() or "100,000" in response.content.decode()
    assert not Dissemination.objects.exists()


@pytest.mark.parametrize("audience", [1, 100_000])
def test_the_audience_bounds_themselves_are_accepted(kim, item, pengurus, audience):
    record = services.dissemination_record(
        actor=pengurus, kim=kim, item=item, data=DisseminationData(channel="other", date=TODAY(), audience=audience)
    )
    assert record.audience == audience


def test_the_service_refuses_bad_data_too(kim, item, pengurus):
    for data in (
        DisseminationData(channel="pigeon", date=TODAY(), audience=5),
        DisseminationData(channel="radio", date=TODAY(), audience=0),
        DisseminationData(channel="radio", date=TODAY() + datetime.timedelta(days=1), audience=5),
        DisseminationData(channel="radio", date=TODAY(), audience=5, note="x" * 501),
    ):
        with pytest.raises(DomainError):
            services.dissemination_record(actor=pengurus, kim=kim, item=item, data=data)
    assert not Dissemination.objects.exists()


def test_a_draft_item_cannot_be_recorded(kim, pengurus):
    draft = make_item(status="draf")
    with pytest.raises(DomainError):
        services.dissemination_record(
            actor=pengurus, kim=kim, item=draft, data=DisseminationData(channel="radio", date=TODAY(), audience=5)
        )


def test_the_photo_is_stored_without_its_location(pengurus_client, item):
    photo = SimpleUploadedFile("rapat.jpg", photo_with_location(), content_type="image/jpeg")
    response = pengurus_client.post(_record_url(item), {**_form(channel="meeting"), "photo": photo})
    assert response.status_code == 302, response.content.decode()[:3000]
    record = Dissemination.objects.get()
    with record.photo.open("rb") as stored:
        image = Image.open(io.BytesIO(stored.read()))
        exif = image.getexif()
    assert not exif.get_ifd(ExifTags.IFD.GPSInfo)
    assert ExifTags.Base.Make not in exif
    assert record.photo.name.startswith("diseminasi/")


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("laporan.pdf", b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF"),
        ("foto.jpg", b"MZ\x90\x00 this is an executable pretending to be a photo"),
        ("foto.png", b"\x89PNG\r\n\x1a\n broken"),
    ],
)
def test_a_file_that_is_not_an_image_is_refused(pengurus_client, item, name, content):
    upload = SimpleUploadedFile(name, content, content_type="image/jpeg")
    response = pengurus_client.post(_record_url(item), {**_form(), "photo": upload})
    assert response.status_code == 200
    assert 'class="error-summary"' in response.content.decode()
    assert not Dissemination.objects.exists()


def test_another_kims_pengurus_gets_404(client, kim, other_kim, item):
    outsider = make_staff(Role.PENGURUS_KIM, kim=other_kim, with_totp=False)
    sign_in(client, outsider)
    assert client.get(_record_url(item, kim)).status_code == 404
    assert client.post(_record_url(item, kim), _form()).status_code == 404
    assert client.get(f"/kim/bagikan/{item.slug}/?kim={kim.pk}").status_code == 404
    assert client.get(f"/kim/diseminasi/?kim={kim.pk}").status_code == 404
    assert client.get(f"/kim/bagikan/?kim={kim.pk}").status_code == 404
    assert not Dissemination.objects.filter(kim=kim).exists()


def test_a_pengurus_cannot_delete_another_kims_record(client, kim, other_kim, item, pengurus):
    record = services.dissemination_record(
        actor=pengurus, kim=kim, item=item, data=DisseminationData(channel="radio", date=TODAY(), audience=5)
    )
    outsider = make_staff(Role.PENGURUS_KIM, kim=other_kim, with_totp=False)
    sign_in(client, outsider)
    assert client.post(f"/kim/diseminasi/{record.pk}/hapus/").status_code == 404
    assert Dissemination.objects.filter(pk=record.pk).exists()


def test_the_recorder_deletes_their_own_record_within_24_hours(pengurus_client, kim, item, pengurus):
    record = services.dissemination_record(
        actor=pengurus, kim=kim, item=item, data=DisseminationData(channel="radio", date=TODAY(), audience=5)
    )
    listing = pengurus_client.get("/kim/diseminasi/").content.decode()
    assert f"/kim/diseminasi/{record.pk}/hapus/" in listing
    response = pengurus_client.post(f"/kim/diseminasi/{record.pk}/hapus/")
    assert response.status_code == 302
    assert not Dissemination.objects.exists()
    assert AuditLog.objects.filter(verb="dissemination.deleted", object_id=str(record.pk)).exists()


def test_after_24_hours_or_by_someone_else_a_record_stays(kim, item, pengurus):
    record = services.dissemination_record(
        actor=pengurus, kim=kim, item=item, data=DisseminationData(channel="radio", date=TODAY(), audience=5)
    )
    colleague = make_staff(Role.PENGURUS_KIM, kim=kim, with_totp=False)
    with pytest.raises(DomainError, match="person who recorded"):
        services.dissemination_delete(actor=colleague, record=record)
    with pytest.raises(DomainError, match="24 hours"):
        services.dissemination_delete(
            actor=pengurus, record=record, now=timezone.now() + datetime.timedelta(hours=24, minutes=1)
        )
    assert Dissemination.objects.filter(pk=record.pk).exists()


def test_a_pengurus_of_two_kims_chooses_the_kim(client, kim, other_kim, item):
    both = make_staff(Role.PENGURUS_KIM, kim=kim, with_totp=False)
    from jembatan.accounts import services as accounts

    accounts.role_grant(actor=None, user=both, role=Role.PENGURUS_KIM, kim=other_kim)
    sign_in(client, both)
    chooser = client.get(f"/kim/bagikan/{item.slug}/").content.decode()
    assert f"?kim={other_kim.pk}" in chooser and f"?kim={kim.pk}" in chooser
    response = client.post(_record_url(item, other_kim), _form())
    assert response.status_code == 302
    assert Dissemination.objects.get().kim == other_kim


def test_a_dissolved_kims_pengurus_cannot_record(client, admin, item):
    dissolved = make_kim(status="aktif", admin=admin, village_code="19.71.02.1001")
    former = make_staff(Role.PENGURUS_KIM, kim=dissolved, with_totp=False)
    communities.kim_dissolve(actor=admin, kim=dissolved, reason="Bubar.")
    sign_in(client, former)
    response = client.post(_record_url(item), _form())
    assert response.status_code in (403, 404)
    assert not Dissemination.objects.exists()


def test_recording_without_a_chosen_item_offers_the_published_news(pengurus_client, kim, item):
    page = pengurus_client.get("/kim/diseminasi/baru/").content.decode()
    assert item.title in page
    response = pengurus_client.post("/kim/diseminasi/baru/", {**_form(), "item": item.slug})
    assert response.status_code == 302
    response = pengurus_client.post("/kim/diseminasi/baru/", {**_form(), "item": "tidak-ada"})
    assert response.status_code == 200
    assert Dissemination.objects.count() == 1


def test_an_unknown_item_slug_is_not_found(pengurus_client):
    assert pengurus_client.get("/kim/diseminasi/baru/?berita=tidak-ada").status_code == 404


def test_diskominfo_staff_see_the_photo_and_nobody_else(client, pengurus_client, item, kim):
    photo = SimpleUploadedFile("rapat.jpg", photo_with_location(), content_type="image/jpeg")
    pengurus_client.post(_record_url(item), {**_form(channel="meeting"), "photo": photo})
    record = Dissemination.objects.get()
    url = f"/staf/jangkauan/catatan/{record.pk}/foto/"
    assert pengurus_client.get(url).status_code in (302, 403, 404)  # the KIM officer is not Diskominfo staff
    pengurus_client.logout()
    assert client.get(url).status_code == 302  # anonymous: to the sign-in page
    sign_in(client, make_staff(Role.EDITOR))
    page = client.get(f"/staf/jangkauan/berita/{item.pk}/catatan/").content.decode()
    assert url in page and kim.name in page
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"
    assert "no-store" in response["Cache-Control"]
