"""Upload checks: by content, not by name; size-limited; images re-encoded without metadata."""

from __future__ import annotations

import io

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import InMemoryUploadedFile, UploadedFile
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

IMAGE_TYPES = {"image/jpeg": "JPEG", "image/png": "PNG", "image/webp": "WEBP"}
PDF_TYPE = "application/pdf"
MAX_IMAGE_PIXELS = 40_000_000


def _read_head(upload: UploadedFile, size: int = 8192) -> bytes:
    upload.seek(0)
    head = upload.read(size)
    upload.seek(0)
    return head


def validate_document_or_image(upload: UploadedFile) -> UploadedFile:
    """Accept a PDF or a JPEG/PNG/WebP image; return a safe file to store.

    Images are decoded and re-encoded (this drops EXIF and location data and anything appended
    after the image). PDFs must start with the PDF signature and must not carry JavaScript or
    embedded files. Anything else is refused with a message saying what to do.
    """
    max_bytes = settings.UPLOAD_MAX_BYTES
    if upload.size is None or upload.size == 0:
        raise ValidationError(_("The file is empty. Choose a PDF or an image."), code="empty")
    if upload.size > max_bytes:
        raise ValidationError(
            _("The file is too large (maximum %(mb)s MB). Scan at a lower resolution and try again.")
            % {"mb": max_bytes // (1024 * 1024)},
            code="too_large",
        )
    head = _read_head(upload)
    kind = filetype.guess(head)
    mime = kind.mime if kind else None
    if mime == PDF_TYPE and head.startswith(b"%PDF-"):
        return _checked_pdf(upload)
    if mime in IMAGE_TYPES:
        return _reencoded_image(upload, IMAGE_TYPES[mime])
    raise ValidationError(
        _("This file is not a PDF or an image (JPEG, PNG, WebP). Choose the scan of the decree."),
        code="invalid_type",
    )


def _checked_pdf(upload: UploadedFile) -> UploadedFile:
    upload.seek(0)
    content = upload.read()
    upload.seek(0)
    lowered = content.lower()
    if b"/javascript" in lowered or b"/js " in lowered or b"/embeddedfile" in lowered or b"/launch" in lowered:
        raise ValidationError(
            _("This PDF contains scripts or embedded files and cannot be accepted. Save it again as a plain PDF."),
            code="unsafe_pdf",
        )
    if b"%%eof" not in lowered[-2048:]:
        raise ValidationError(_("This PDF is damaged or incomplete. Save it again and retry."), code="broken_pdf")
    upload.name = "dokumen.pdf"
    return upload


def _reencoded_image(upload: UploadedFile, fmt: str) -> UploadedFile:
    previous = Image.MAX_IMAGE_PIXELS
    Image.MAX_IMAGE_PIXELS = MAX_IMAGE_PIXELS
    try:
        upload.seek(0)
        with Image.open(upload) as image:
            image.load()
            if image.width * image.height > MAX_IMAGE_PIXELS:
                raise ValidationError(
                    _("The image resolution is too large. Make the image smaller and try again."),
                    code="too_many_pixels",
                )
            clean = image.convert("RGB") if fmt == "JPEG" or image.mode not in ("RGB", "RGBA", "L") else image.copy()
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError, ValueError) as exc:
        raise ValidationError(
            _("The image cannot be read. Take a new photo or scan and try again."), code="broken_image"
        ) from exc
    finally:
        Image.MAX_IMAGE_PIXELS = previous
    buffer = io.BytesIO()
    extension = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}[fmt]
    clean.save(buffer, format=fmt, quality=85) if fmt != "PNG" else clean.save(buffer, format=fmt, optimize=True)
    size = buffer.tell()
    buffer.seek(0)
    return InMemoryUploadedFile(
        buffer, "file", f"gambar.{extension}", f"image/{extension.replace('jpg', 'jpeg')}", size, None
    )


def validate_image_or_pdf_attachment(upload: UploadedFile) -> UploadedFile:
    """The same checks as for decree scans, for attachments to reports."""
    return validate_document_or_image(upload)
