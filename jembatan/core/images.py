"""Responsive images for any capability: WebP with a JPEG fallback at a few widths, no metadata.

The upload has already been checked by content and re-encoded without EXIF (``core.uploads``).
Renditions are written to the default storage under ``<prefix>/<owner>/`` (the owner is the object the
images belong to: a news item, a report) and served by the owner's own view through
:func:`rendition_response`, which serves only names recorded on the owner.
"""

from __future__ import annotations

import io
import secrets

import filetype
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404
from django.utils.translation import gettext as _
from PIL import Image, ImageOps

from jembatan.core.uploads import IMAGE_TYPES, validate_document_or_image

WIDTHS = (320, 640, 1024, 1600)
RENDITION_TYPES = {"webp": "image/webp", "jpg": "image/jpeg"}


def rendition_file(prefix: str, owner_pk: int, name: str) -> str:
    """Where a rendition of one of the owner's images is stored."""
    return f"{prefix}/{owner_pk}/{name}"


def validate_image(upload):
    """An image (JPEG, PNG, WebP or HEIC) checked by content and re-encoded; PDFs are refused here."""
    upload.seek(0)
    kind = filetype.guess(upload.read(8192))
    upload.seek(0)
    if kind is None or kind.mime not in IMAGE_TYPES:
        raise ValidationError(_("This file is not an image. Choose a JPEG, PNG or WebP image."), code="not_an_image")
    return validate_document_or_image(upload)


def build_renditions(prefix: str, owner_pk: int, source) -> dict:
    """Write the renditions of ``source`` (a file object) and return the description stored on the owner."""
    source.seek(0)
    with Image.open(source) as opened:
        image = ImageOps.exif_transpose(opened).convert("RGB")
    width, height = image.size
    stamp = secrets.token_hex(4)
    sizes = []
    targets = [w for w in WIDTHS if w < width] + [min(width, WIDTHS[-1])]
    for target in sorted(set(targets)):
        resized = image if target == width else image.resize((target, round(height * target / width)), Image.LANCZOS)
        names = []
        for fmt, ext in (("WEBP", "webp"), ("JPEG", "jpg")):
            buffer = io.BytesIO()
            resized.save(buffer, format=fmt, quality=80, optimize=fmt == "JPEG")
            name = default_storage.save(
                rendition_file(prefix, owner_pk, f"{stamp}-{target}.{ext}"), ContentFile(buffer.getvalue())
            )
            names.append(name.rsplit("/", 1)[-1])
        sizes.append([target, names[0], names[1]])
    return {"width": width, "height": height, "sizes": sizes}


def delete_renditions(prefix: str, owner_pk: int, renditions: dict) -> None:
    for _width, webp, jpeg in renditions.get("sizes", []):
        for name in (webp, jpeg):
            default_storage.delete(rendition_file(prefix, owner_pk, name))


def rendition_response(prefix: str, owner_pk: int, name: str, sizes: list, *, cache_control: str) -> FileResponse:
    """Serve ``name`` if it is one of ``sizes`` (the ``[width, webp, jpeg]`` entries of the owner's images)."""
    extension = name.rsplit(".", 1)[-1]
    if extension not in RENDITION_TYPES or name not in {n for entry in sizes for n in entry[1:]}:
        raise Http404
    try:
        handle = default_storage.open(rendition_file(prefix, owner_pk, name), "rb")
    except OSError as exc:  # FileNotFoundError included
        raise Http404 from exc
    response = FileResponse(handle, content_type=RENDITION_TYPES[extension])
    response["Cache-Control"] = cache_control
    return response
