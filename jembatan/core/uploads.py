"""Upload checks: by content, not by name; size-limited; images re-encoded without metadata."""

from __future__ import annotations

import csv
import io
import zipfile

import filetype
import pypdf
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import InMemoryUploadedFile, UploadedFile
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError
from pillow_heif import register_heif_opener
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

register_heif_opener()  # HEIC/HEIF, the format iPhones and many Android phones take photos in

# Accepted image types and the format each is stored in: a HEIC photo becomes a JPEG (browsers
# cannot show HEIC).
IMAGE_TYPES = {
    "image/jpeg": "JPEG",
    "image/png": "PNG",
    "image/webp": "WEBP",
    "image/heic": "JPEG",
    "image/heif": "JPEG",
}
PDF_TYPE = "application/pdf"
# Decoded pixels of one image: about what a phone's main camera takes in its high-resolution mode
# (8160 x 6120 = 50 MP). JPEGs are decoded at 1/2, 1/4 or 1/8 scale when larger than needed (cheap);
# other formats are decoded whole, so they get a tighter cap (about a 24 MP photo or screenshot).
MAX_JPEG_PIXELS = 50_000_000
MAX_IMAGE_PIXELS = 24_000_000
# Longest side of a stored photo: enough to read a street sign, a few hundred kilobytes in JPEG.
MAX_STORED_SIDE = 2560
# Set once for the whole process (changing it per call races between threads). Uploads are checked
# against the caps above from the header, before decoding; Pillow itself refuses twice this anywhere.
Image.MAX_IMAGE_PIXELS = MAX_JPEG_PIXELS

# Dictionaries and arrays visited in one PDF before it is refused as too complex to check (about a
# second of work). A scanned decree has a few dozen; a 100-page text document a few thousand.
MAX_PDF_OBJECTS = 30_000
# Never looked into: the logical structure of tagged PDFs (one entry per paragraph, nothing a viewer
# runs). Annotations it points at are reached from their pages.
PDF_SKIPPED_KEYS = frozenset({"/StructTreeRoot"})
# Tighter than pypdf's defaults (75 MB per stream): only object streams are decoded here.
PDF_PARSER_LIMITS = {
    "zlib_maximum_output_length": 16_000_000,
    "lzw_maximum_output_length": 16_000_000,
    "run_length_maximum_output_length": 16_000_000,
    "array_based_stream_maximum_output_length": 16_000_000,
    "stream_decoding_work_maximum_length": 64_000_000,
}
# Keys that mean scripts, actions run on opening or on events, embedded files, multimedia or XFA forms,
# wherever they appear (catalog, /Names, /AcroForm, pages, annotations, form fields, outlines).
PDF_UNSAFE_KEYS = frozenset(
    {"/JS", "/JavaScript", "/AA", "/Launch", "/EmbeddedFiles", "/EF", "/RichMedia", "/RichMediaContent", "/XFA"}
)
# Names that mean the same as values: action types, annotation types, embedded file streams.
PDF_UNSAFE_NAME_VALUES = {
    "/S": frozenset({"/JavaScript", "/Launch", "/ImportData", "/SubmitForm", "/RichMediaExecute", "/GoToE"}),
    "/Subtype": frozenset({"/FileAttachment", "/RichMedia"}),
    "/Type": frozenset({"/EmbeddedFile"}),
}


def _read_head(upload: UploadedFile, size: int = 8192) -> bytes:
    upload.seek(0)
    head = upload.read(size)
    upload.seek(0)
    return head


def validate_document_or_image(upload: UploadedFile) -> UploadedFile:
    """Accept a PDF or an image (JPEG, PNG, WebP, HEIC); return a safe file to store.

    Images may be as large as a phone's photo (``UPLOAD_MAX_IMAGE_BYTES``). They are measured from
    their header, charged to the sender's pixel budget, decoded (a large JPEG at a reduced scale),
    reduced to ``MAX_STORED_SIDE`` and re-encoded: this drops EXIF and location data, comments and
    anything appended after the image. PDFs (at most ``UPLOAD_MAX_BYTES``) must start with the PDF
    signature, parse, not be encrypted, and carry no scripts, automatic or event actions, embedded
    files, multimedia or XFA forms anywhere in their object graph. Anything else is refused with a
    message saying what to do.
    """
    if upload.size is None or upload.size == 0:
        raise ValidationError(_("The file is empty. Choose a PDF or an image."), code="empty")
    head = _read_head(upload)
    kind = filetype.guess(head)
    mime = kind.mime if kind else None
    if mime in IMAGE_TYPES:
        max_bytes = settings.UPLOAD_MAX_IMAGE_BYTES
        if upload.size > max_bytes:
            raise ValidationError(
                _("The photo is too large (maximum %(mb)s MB). Take it again at a lower resolution and try again.")
                % {"mb": max_bytes // (1024 * 1024)},
                code="too_large",
            )
        return _reencoded_image(upload, IMAGE_TYPES[mime])
    max_bytes = settings.UPLOAD_MAX_BYTES
    if upload.size > max_bytes:
        raise ValidationError(
            _("The document is too large (maximum %(mb)s MB). Scan it at a lower resolution and try again.")
            % {"mb": max_bytes // (1024 * 1024)},
            code="too_large",
        )
    if mime == PDF_TYPE and head.startswith(b"%PDF-"):
        return _checked_pdf(upload)
    raise ValidationError(
        _("This file is not a PDF or an image (JPEG, PNG, WebP or HEIC)."),
        code="invalid_type",
    )


def _checked_pdf(upload: UploadedFile) -> UploadedFile:
    upload.seek(0)
    content = upload.read()
    upload.seek(0)
    if b"%%eof" not in content[-2048:].lower():
        raise ValidationError(_("This PDF is damaged or incomplete. Save it again and retry."), code="broken_pdf")
    verdict = _pdf_verdict(content)
    if verdict == "encrypted":
        raise ValidationError(
            _("This PDF is protected with a password or encryption. Save it again without protection and retry."),
            code="encrypted_pdf",
        )
    if verdict == "unsafe":
        raise ValidationError(
            _("This PDF contains scripts or embedded files and cannot be accepted. Save it again as a plain PDF."),
            code="unsafe_pdf",
        )
    if verdict == "too_complex":
        raise ValidationError(
            _("This PDF is too complex to check. Print it to a new PDF or scan it again, and retry."),
            code="complex_pdf",
        )
    if verdict != "ok":
        raise ValidationError(_("This PDF is damaged or incomplete. Save it again and retry."), code="broken_pdf")
    upload.name = "dokumen.pdf"
    return upload


def _pdf_verdict(content: bytes) -> str:
    """Return "ok", "broken", "encrypted", "unsafe" or "too_complex", from the parsed object graph.

    The parser decodes name escapes (``/J#61vaScript`` is ``/JavaScript``) and opens compressed
    object streams, which a search of the raw bytes misses.
    """
    try:
        with pypdf.apply_configuration(**PDF_PARSER_LIMITS):
            reader = pypdf.PdfReader(io.BytesIO(content), strict=False)
            if reader.is_encrypted:
                return "encrypted"
            if len(reader.pages) < 1:
                return "broken"
            return _walk_pdf(reader.trailer)
    except _PdfTooComplex:
        return "too_complex"
    except Exception:  # noqa: BLE001 - a hostile file can make the parser fail in many ways: refuse it
        return "broken"


class _PdfTooComplex(Exception):
    pass


def _walk_pdf(trailer) -> str:
    """Visit every dictionary and array reachable from the trailer (catalog, pages, annotations, forms,
    outlines, name trees), at most MAX_PDF_OBJECTS of them, looking for active or embedded content."""
    stack = [trailer]
    seen_references: set[tuple[int, int]] = set()
    visited = 0
    while stack:
        item = stack.pop()
        if isinstance(item, IndirectObject):
            reference = (item.idnum, item.generation)
            if reference in seen_references:
                continue
            seen_references.add(reference)
            item = item.get_object()
        if isinstance(item, DictionaryObject):  # streams too: their dictionary, never their data
            visited += 1
            for key, value in item.items():
                if key in PDF_UNSAFE_KEYS:
                    return "unsafe"
                if key == "/OpenAction" and not _is_plain_destination(value):
                    return "unsafe"
                if key in PDF_UNSAFE_NAME_VALUES and isinstance(value, str) and value in PDF_UNSAFE_NAME_VALUES[key]:
                    return "unsafe"
                if key not in PDF_SKIPPED_KEYS and isinstance(value, (IndirectObject, DictionaryObject, ArrayObject)):
                    stack.append(value)
        elif isinstance(item, ArrayObject):
            visited += 1
            stack.extend(v for v in item if isinstance(v, (IndirectObject, DictionaryObject, ArrayObject)))
        if visited > MAX_PDF_OBJECTS:
            raise _PdfTooComplex
    return "ok"


def _is_plain_destination(value) -> bool:
    """An /OpenAction that only opens a page (LibreOffice writes one); its other entries are walked too."""
    value = value.get_object() if isinstance(value, IndirectObject) else value
    if isinstance(value, ArrayObject):
        return True
    return isinstance(value, DictionaryObject) and value.get("/S") == "/GoTo"


def _charge_pixels(pixels: int) -> None:
    """Bound the decoding work one sender can cause: ``UPLOAD_MEGAPIXELS_PER_MINUTE`` per address.

    Decoding is the expensive part of an upload; without a budget, a few forms full of large but
    highly compressible images keep every web worker busy.
    """
    from jembatan.core.context import current_client_ip
    from jembatan.core.ratelimit import charge

    megapixels = max(1, -(-pixels // 1_000_000))
    if not charge(
        f"image-pixels:{current_client_ip() or 'unknown'}",
        amount=megapixels,
        limit=settings.UPLOAD_MEGAPIXELS_PER_MINUTE,
        window_seconds=60,
    ):
        raise ValidationError(
            _("Too many large photos from this connection in the last minute. Wait a minute and send them again."),
            code="too_many_photos",
        )


def _reencoded_image(upload: UploadedFile, fmt: str) -> UploadedFile:
    try:
        upload.seek(0)
        with Image.open(upload) as image:
            # Image.open reads only the header: refuse before decoding anything.
            width, height = image.size
            if image.format == "JPEG":
                if width * height > MAX_JPEG_PIXELS:
                    raise _TooManyPixels
                # Decode at 1/2, 1/4 or 1/8 scale when the photo is larger than what is stored.
                image.draft("RGB", (MAX_STORED_SIDE, MAX_STORED_SIDE))
                width, height = image.size
            elif width * height > MAX_IMAGE_PIXELS:
                raise _TooManyPixels
            _charge_pixels(width * height)
            image.load()
            upright = ImageOps.exif_transpose(image)  # phone photos keep their orientation without EXIF
            if max(upright.size) > MAX_STORED_SIDE:
                upright = upright.copy()
                upright.thumbnail((MAX_STORED_SIDE, MAX_STORED_SIDE), Image.Resampling.LANCZOS)
            clean = (
                upright.convert("RGB") if fmt == "JPEG" or upright.mode not in ("RGB", "RGBA", "L") else upright.copy()
            )
            # Pillow carries ``info`` (a JPEG comment, XMP, ICC, PNG text) into the copy and writes some of
            # it back on save: a comment holding "<html><script>" would survive. Keep pixels only.
            clean.info = {}
    except (_TooManyPixels, Image.DecompressionBombError) as exc:
        raise ValidationError(
            _("The image resolution is too large. Make the image smaller and try again."), code="too_many_pixels"
        ) from exc
    except (UnidentifiedImageError, OSError, ValueError) as exc:
        raise ValidationError(
            _("The photo cannot be read. Take it again or choose another one."), code="broken_image"
        ) from exc
    buffer = io.BytesIO()
    extension = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}[fmt]
    clean.save(buffer, format=fmt, quality=85) if fmt != "PNG" else clean.save(buffer, format=fmt, optimize=True)
    size = buffer.tell()
    buffer.seek(0)
    return InMemoryUploadedFile(
        buffer, "file", f"gambar.{extension}", f"image/{extension.replace('jpg', 'jpeg')}", size, None
    )


class _TooManyPixels(Exception):
    pass


def validate_image_or_pdf_attachment(upload: UploadedFile) -> UploadedFile:
    """The same checks as for decree scans, for attachments to reports."""
    return validate_document_or_image(upload)


# Spreadsheets given with an answer: Office Open XML (.xlsx), OpenDocument (.ods) and CSV.
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ODS_TYPE = "application/vnd.oasis.opendocument.spreadsheet"
CSV_TYPE = "text/csv"
# A workbook is a zip: refused when it would unpack into more than this (a zip bomb), or has more parts.
MAX_SPREADSHEET_UNZIPPED = 50 * 1024 * 1024
MAX_SPREADSHEET_PARTS = 2000
# Parts that run code, reach other files or carry other programs' objects.
XLSX_UNSAFE_PARTS = ("xl/activex", "xl/externallinks", "xl/embeddings", "xl/ctrlprops")
ODS_UNSAFE_PARTS = ("basic/", "scripts/", "object ")
# A CSV cell starting with one of these is run as a formula by spreadsheet programs (CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def validate_document_image_or_spreadsheet(upload: UploadedFile) -> UploadedFile:
    """A PDF or an image (``validate_document_or_image``), or a spreadsheet: an .xlsx or .ods workbook
    without macros, links to other files or embedded objects, within size and part limits, or a CSV whose
    formula-like cells are neutralised. Returns a safe file named for its type; anything else is refused."""
    if upload.size is None or upload.size == 0:
        raise ValidationError(_("The file is empty. Choose a PDF, an image or a spreadsheet."), code="empty")
    head = _read_head(upload)
    is_csv = (upload.name or "").lower().endswith(".csv") and b"\x00" not in head
    if not head.startswith(b"PK\x03\x04") and not is_csv:
        return validate_document_or_image(upload)
    if upload.size > settings.UPLOAD_MAX_BYTES:
        raise ValidationError(
            _("The spreadsheet is too large (maximum %(mb)s MB).") % {"mb": settings.UPLOAD_MAX_BYTES // (1024 * 1024)},
            code="too_large",
        )
    return _checked_csv(upload) if is_csv else _checked_workbook(upload)


def _not_a_spreadsheet() -> ValidationError:
    return ValidationError(
        _("This file is not a PDF, an image or a spreadsheet (XLSX, ODS or CSV)."), code="invalid_type"
    )


def _checked_workbook(upload: UploadedFile) -> UploadedFile:
    upload.seek(0)
    content = upload.read()
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            parts = archive.infolist()
            if len(parts) > MAX_SPREADSHEET_PARTS or sum(p.file_size for p in parts) > MAX_SPREADSHEET_UNZIPPED:
                raise ValidationError(
                    _("This spreadsheet is too large to check once unpacked. Save it again without images."),
                    code="too_complex",
                )
            names = [p.filename.lower() for p in parts]
            if "xl/workbook.xml" in names and "[content_types].xml" in names:
                kinds = archive.read("[Content_Types].xml")
                unsafe = b"macroenabled" in kinds.lower() or any(
                    name.endswith("vbaproject.bin") or name.startswith(XLSX_UNSAFE_PARTS) for name in names
                )
                extension, content_type = "xlsx", XLSX_TYPE
            elif names[:1] == ["mimetype"] and archive.read(parts[0]).strip() == ODS_TYPE.encode():
                unsafe = any(name.startswith(ODS_UNSAFE_PARTS) for name in names)
                extension, content_type = "ods", ODS_TYPE
            else:
                raise _not_a_spreadsheet()
            if archive.testzip() is not None:
                raise ValidationError(_("This spreadsheet is damaged. Save it again and retry."), code="broken")
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, KeyError, NotImplementedError) as exc:
        raise _not_a_spreadsheet() from exc
    if unsafe:
        raise ValidationError(
            _("This spreadsheet contains macros, links to other files or embedded objects. Save it again as a "
              "plain workbook (XLSX or ODS) and retry."),
            code="unsafe_spreadsheet",
        )  # fmt: skip
    return InMemoryUploadedFile(io.BytesIO(content), "file", f"tabel.{extension}", content_type, len(content), None)


def _checked_csv(upload: UploadedFile) -> UploadedFile:
    upload.seek(0)
    raw = upload.read()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("cp1252", errors="strict") if _cp1252(raw) else None
    if text is None:
        raise ValidationError(_("This CSV file is not plain text. Save it again as CSV (UTF-8)."), code="broken")
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    out = io.StringIO()
    writer = csv.writer(out, delimiter=dialect.delimiter, lineterminator="\r\n")  # quotes doubled where needed
    try:
        for row in csv.reader(io.StringIO(text), dialect=dialect):
            writer.writerow([_neutralised(cell) for cell in row])
    except csv.Error as exc:
        raise ValidationError(_("This CSV file cannot be read. Save it again as CSV (UTF-8)."), code="broken") from exc
    data = out.getvalue().encode("utf-8")
    return InMemoryUploadedFile(io.BytesIO(data), "file", "tabel.csv", CSV_TYPE, len(data), None)


def _cp1252(raw: bytes) -> bool:
    try:
        raw.decode("cp1252")
    except UnicodeDecodeError:
        return False
    return True


def _neutralised(cell: str) -> str:
    """A cell a spreadsheet program would run as a formula gets a leading apostrophe (numbers stay)."""
    if cell.startswith(FORMULA_STARTS):
        try:
            float(cell.replace(",", "."))
        except ValueError:
            return "'" + cell
    return cell
