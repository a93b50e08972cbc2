"""Photos of the work with a progress update: no location data, a text alternative, shown to whoever may
read the timeline and to nobody else."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import ExifTags, Image

from jembatan.accounts.roles import Role
from jembatan.aspirations import services
from jembatan.aspirations.models import EventPhoto
from tests.factories import make_aspiration, make_staff, photo_with_location, signed_in

pytestmark = [pytest.mark.django_db]


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)


def _photo(name="perbaikan.jpg", size=(900, 600)):
    return SimpleUploadedFile(name, photo_with_location(size), content_type="image/jpeg")


def _post_progress(client, officer, report, **data):
    return signed_in(client, officer).post(f"/staf/aspirasi/{report.code}/aksi/progress/", data)


def test_an_officer_adds_photos_that_the_public_timeline_shows_without_location(client):
    admin = make_staff(Role.ADMIN)
    report = make_aspiration(status="didisposisikan", admin=admin)
    officer = make_staff(Role.PETUGAS_OPD, agency=report.agency)
    response = _post_progress(
        client, officer, report, note="Lubang sudah ditambal sebagian.", photos=[_photo(), _photo("b.jpg")],
        photo_alt="Jalan yang sudah ditambal di depan masjid",
    )  # fmt: skip
    assert response.status_code == 302
    photos = list(EventPhoto.objects.filter(event__aspiration=report))
    assert len(photos) == 2 and photos[0].alt == "Jalan yang sudah ditambal di depan masjid"

    client.logout()
    page = client.get(f"/aspirasi/{report.code}/").content.decode()
    assert 'alt="Jalan yang sudah ditambal di depan masjid"' in page
    src = page.split(f"/aspirasi/{report.code}/foto/")[1].split('"')[0].split(" ")[0]
    served = client.get(f"/aspirasi/{report.code}/foto/{src}")
    assert served.status_code == 200 and served["Content-Type"] in ("image/jpeg", "image/webp")
    image = Image.open(io.BytesIO(b"".join(served.streaming_content)))
    assert not image.getexif().get_ifd(ExifTags.IFD.GPSInfo) and ExifTags.Base.Make not in image.getexif()
    api = client.get(f"/api/v1/aspirations/{report.code}").json()
    assert [len(e["photos"]) for e in api["events"] if e["photos"]] == [2]


def test_photos_need_words_and_at_most_three_and_must_be_photos(client):
    admin = make_staff(Role.ADMIN)
    report = make_aspiration(status="didisposisikan", admin=admin)
    officer = make_staff(Role.PETUGAS_OPD, agency=report.agency)
    note = "Lubang sudah ditambal sebagian."
    no_words = _post_progress(client, officer, report, note=note, photos=[_photo()])
    assert no_words.status_code == 200 and "errorlist" in no_words.content.decode()
    too_many = _post_progress(
        client, officer, report, note=note, photos=[_photo() for _ in range(4)], photo_alt="Jalan"
    )
    assert too_many.status_code == 200
    fake = SimpleUploadedFile("foto.jpg", b"<html><script>alert(1)</script>", content_type="image/jpeg")
    not_photo = _post_progress(client, officer, report, note=note, photos=[fake], photo_alt="Jalan ditambal")
    assert not_photo.status_code == 200 and "foto.jpg" in not_photo.content.decode()
    assert not EventPhoto.objects.exists()
    assert report.events.count() == 3  # baru, terverifikasi, didisposisikan: no update was stored


def test_the_photos_of_a_secret_report_reach_only_its_reporter_and_staff(client):
    admin = make_staff(Role.ADMIN)
    report = make_aspiration(status="didisposisikan", admin=admin, privacy="rahasia")
    officer = make_staff(Role.PETUGAS_OPD, agency=report.agency)
    event = services.aspiration_progress_update(
        actor=officer, aspiration=report, note="Sudah ditinjau petugas lapangan.", agency_id=report.agency_id,
        photos=[_photo()], photo_alt="Petugas meninjau saluran",
    )  # fmt: skip
    name = EventPhoto.objects.get(event=event).renditions["sizes"][0][2]
    url = f"/aspirasi/{report.code}/foto/{event.pk}/{name}"
    assert client.get(url).status_code == 404
    assert client.get(url + "?rahasia=salah-salah-salah-salah").status_code == 404
    secret = services.aspiration_secret(report)
    private = client.get(f"/aspirasi/lacak/{report.code}/{secret}/").content.decode()
    assert f"{url}?rahasia={secret}" in private
    assert client.get(f"{url}?rahasia={secret}").status_code == 200
    assert signed_in(client, officer).get(url).status_code == 200
