"""Further photos of an item: added and removed while editable, shown on the article, served safely."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from jembatan.accounts.roles import Role
from jembatan.core.errors import DomainError, TransitionNotAllowed
from jembatan.newsroom import services
from jembatan.newsroom.images import validate_news_image
from jembatan.newsroom.models import ItemImage
from tests.factories import make_item, make_staff, photo_with_location, signed_in

pytestmark = pytest.mark.django_db


def _photo():
    return validate_news_image(
        SimpleUploadedFile("foto.jpg", photo_with_location((900, 600)), content_type="image/jpeg")
    )


def test_photos_are_added_while_editable_shown_on_the_article_and_served_without_location(client, regions):
    editor = make_staff(Role.EDITOR)
    item = make_item(status="draf")
    signed_in(client, editor)
    response = client.post(
        f"/staf/berita/{item.pk}/foto/", {"photo": _photo(), "alt": "Warga bekerja bakti", "caption": "Minggu pagi"}
    )
    assert response.status_code == 302
    photo = ItemImage.objects.get(item=item)
    thumb = photo.renditions["sizes"][0][2]
    assert client.get(f"/staf/berita/{item.pk}/gambar/{thumb}").status_code == 200  # editors preview drafts
    client.logout()
    assert client.get(f"/berita/gambar/{item.pk}/{thumb}").status_code == 404  # not public before publication

    services.item_submit(actor=item.author, item=item)
    services.item_publish(actor=editor, item=item, check_sources=True, check_facts=True, check_plain_language=True)
    article = client.get(item.get_absolute_url()).content.decode()
    assert 'alt="Warga bekerja bakti"' in article and "Minggu pagi" in article
    largest = photo.renditions["sizes"][-1][2]
    served = client.get(f"/berita/gambar/{item.pk}/{largest}")
    assert served.status_code == 200
    with Image.open(io.BytesIO(b"".join(served.streaming_content))) as image:
        assert not image.getexif()
    with pytest.raises(TransitionNotAllowed):
        services.item_image_remove(actor=editor, photo=photo)


def test_a_photo_needs_a_text_alternative_and_the_gallery_is_bounded(regions, monkeypatch):
    editor = make_staff(Role.EDITOR)
    item = make_item(status="draf")
    with pytest.raises(DomainError):
        services.item_image_add(actor=editor, item=item, upload=_photo(), alt="  ")
    monkeypatch.setattr(services, "MAX_GALLERY_IMAGES", 1)
    services.item_image_add(actor=editor, item=item, upload=_photo(), alt="Foto pertama")
    with pytest.raises(DomainError):
        services.item_image_add(actor=editor, item=item, upload=_photo(), alt="Foto kedua")
    assert ItemImage.objects.filter(item=item).count() == 1


def test_a_non_image_is_refused_with_a_message(client, regions):
    editor = make_staff(Role.EDITOR)
    item = make_item(status="draf")
    signed_in(client, editor)
    fake = SimpleUploadedFile("foto.jpg", b"MZ\x90\x00 bukan gambar", content_type="image/jpeg")
    response = client.post(f"/staf/berita/{item.pk}/foto/", {"photo": fake, "alt": "x"}, follow=True)
    assert response.status_code == 200 and not ItemImage.objects.exists()
