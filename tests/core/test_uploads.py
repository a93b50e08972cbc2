"""Upload checks against a corpus of hostile files: PDFs are parsed (name escapes, object streams),
images are measured before they are decoded, and re-encoding drops anything appended."""

import io
import threading
import zipfile
import zlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageFile
from pypdf import PdfReader, PdfWriter
from pypdf.generic import DictionaryObject, NameObject, NumberObject, StreamObject

from jembatan.core import uploads
from jembatan.core.uploads import validate_document_or_image, validate_image_or_pdf_attachment
from tests.factories import MINIMAL_PDF, build_pdf

PAGES = b"<</Type/Pages/Kids[3 0 R]/Count 1>>"
PAGE = b"<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>"


def _upload(content: bytes, name: str = "berkas.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


def _refusal(content: bytes, name: str = "berkas.pdf") -> str:
    with pytest.raises(ValidationError) as caught:
        validate_document_or_image(_upload(content, name))
    return caught.value.code


def _catalog(extra: bytes) -> bytes:
    return b"<</Type/Catalog/Pages 2 0 R" + extra + b">>"


# --- PDFs --------------------------------------------------------------------------------------


def test_a_plain_pdf_is_accepted():
    checked = validate_document_or_image(_upload(MINIMAL_PDF, "../../sk asli.pdf"))
    assert checked.name == "dokumen.pdf"
    assert validate_image_or_pdf_attachment(_upload(MINIMAL_PDF)).name == "dokumen.pdf"


@pytest.mark.parametrize(
    "catalog_extra",
    [
        b"/OpenAction[3 0 R/Fit]",  # LibreOffice opens the first page this way
        b"/OpenAction<</S/GoTo/D[3 0 R/XYZ null null 0]>>",
        b"/Lang(id-ID)/PageMode/UseOutlines",
    ],
)
def test_opening_on_a_page_is_not_an_active_content(catalog_extra):
    assert validate_document_or_image(_upload(build_pdf(_catalog(catalog_extra), PAGES, PAGE))).name == "dokumen.pdf"


def test_a_web_link_on_a_page_is_accepted():
    page = b"<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]/Annots[<</Subtype/Link/Rect[0 0 9 9]/A<</S/URI/URI(https://pangkalpinangkota.go.id)>>>>]>>"
    assert validate_document_or_image(_upload(build_pdf(_catalog(b""), PAGES, page))).name == "dokumen.pdf"


def test_javascript_behind_name_escapes_is_refused():
    # /J#61vaScript is /JavaScript and /J#53 is /JS: a search of the raw bytes sees neither.
    content = build_pdf(_catalog(b"/OpenAction<</S/J#61vaScript/J#53(app.alert(1))>>"), PAGES, PAGE)
    assert b"/javascript" not in content.lower() and b"/js" not in content.lower()
    assert _refusal(content) == "unsafe_pdf"


def test_javascript_run_on_opening_is_refused():
    content = build_pdf(_catalog(b"/OpenAction 4 0 R"), PAGES, PAGE, b"<</Type/Action/S/JavaScript/JS(app.alert(1))>>")
    assert _refusal(content) == "unsafe_pdf"


def test_javascript_in_a_compressed_object_stream_is_refused():
    content = _pdf_with_object_stream(
        {
            1: DictionaryObject(
                {
                    NameObject("/Type"): NameObject("/Catalog"),
                    NameObject("/Pages"): _ref(2),
                    NameObject("/Names"): DictionaryObject({NameObject("/JavaScript"): _ref(4)}),
                }
            ),
            4: DictionaryObject({NameObject("/Names"): _array("(a)", _ref(5))}),
            5: DictionaryObject(
                {NameObject("/S"): NameObject("/JavaScript"), NameObject("/JS"): _text("app.alert(1)")}
            ),
        }
    )
    assert b"JavaScript" not in content and b"/JS" not in content
    assert _refusal(content) == "unsafe_pdf"
    # The same file without the script parses and is accepted: the refusal is for the script.
    clean = _pdf_with_object_stream(
        {1: DictionaryObject({NameObject("/Type"): NameObject("/Catalog"), NameObject("/Pages"): _ref(2)})}
    )
    assert validate_document_or_image(_upload(clean)).name == "dokumen.pdf"


@pytest.mark.parametrize(
    "objects",
    [
        (_catalog(b"/OpenAction<</S/Launch/F(cmd.exe)>>"), PAGES, PAGE),
        (_catalog(b"/AA<</WC<</S/URI/URI(https://jahat.example)>>>>"), PAGES, PAGE),
        (_catalog(b""), PAGES, b"<</Type/Page/Parent 2 0 R/MediaBox[0 0 9 9]/AA<</O<</S/GoTo/D[3 0 R/Fit]>>>>>>"),
        (
            _catalog(b""),
            PAGES,
            b"<</Type/Page/Parent 2 0 R/MediaBox[0 0 9 9]/Annots[4 0 R]>>",
            b"<</Type/Annot/Subtype/Link/Rect[0 0 9 9]/A<</S/JavaScript/JS 5 0 R>>>>",
            b"(app.alert(1))",
        ),
        (
            _catalog(b""),
            PAGES,
            b"<</Type/Page/Parent 2 0 R/MediaBox[0 0 9 9]/Annots[<</Subtype/Widget/Rect[0 0 9 9]/AA<</K 4 0 R>>>>]>>",
            b"<</S/JavaScript/JS(x)>>",
        ),
        (_catalog(b"/Names<</EmbeddedFiles<</Names[(a.exe) 4 0 R]>>>>"), PAGES, PAGE, b"<</Type/Filespec/F(a.exe)>>"),
        (
            _catalog(b""),
            PAGES,
            b"<</Type/Page/Parent 2 0 R/MediaBox[0 0 9 9]/Annots[<</Subtype/FileAttachment/Rect[0 0 9 9]/FS 4 0 R>>]>>",
            b"<</Type/Filespec/F(a.exe)/EF<</F 5 0 R>>>>",
            b"<</Type/EmbeddedFile/Length 2>>\nstream\nMZ\nendstream",
        ),
        (_catalog(b"/AcroForm<</Fields[]/XFA 4 0 R>>"), PAGES, PAGE, b"<</Length 7>>\nstream\n<xdp/>\nendstream"),
        (
            _catalog(b""),
            PAGES,
            b"<</Type/Page/Parent 2 0 R/MediaBox[0 0 9 9]/Annots[<</Subtype/RichMedia/Rect[0 0 9 9]>>]>>",
        ),
        # An innocent first action that chains to a script.
        (_catalog(b"/OpenAction<</S/GoTo/D[3 0 R/Fit]/Next<</S/JavaScript/JS(x)>>>>"), PAGES, PAGE),
    ],
    ids=[
        "launch",
        "document-actions",
        "page-actions",
        "link-script",
        "form-field-script",
        "embedded-files",
        "file-attachment",
        "xfa",
        "rich-media",
        "chained-script",
    ],
)
def test_active_and_embedded_content_is_refused(objects):
    assert _refusal(build_pdf(*objects)) == "unsafe_pdf"


def test_an_encrypted_pdf_is_refused():
    writer = PdfWriter(clone_from=io.BytesIO(MINIMAL_PDF))
    writer.encrypt(user_password="", owner_password="rahasia", algorithm="RC4-128")
    buffer = io.BytesIO()
    writer.write(buffer)
    assert PdfReader(io.BytesIO(buffer.getvalue())).is_encrypted
    with pytest.raises(ValidationError) as caught:
        validate_document_or_image(_upload(buffer.getvalue()))
    assert caught.value.code == "encrypted_pdf"


@pytest.mark.parametrize(
    "content",
    [
        b"%PDF-1.4\nterpotong",
        b"%PDF-1.4\n" + b"\xff" * 500 + b"\n%%EOF\n",
        # No cross-reference table and no startxref.
        b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n",
        build_pdf(_catalog(b""), b"<</Type/Pages/Kids[]/Count 0>>"),  # no page
        build_pdf(_catalog(b"/X" + b"[" * 3000 + b"]" * 3000)),  # nesting deeper than the parser goes
    ],
    ids=["truncated", "garbage", "no-xref", "no-page", "deep-nesting"],
)
def test_broken_pdfs_are_refused(content):
    assert _refusal(content) == "broken_pdf"


def test_a_pdf_with_too_many_objects_to_check_is_refused(settings):
    count = uploads.MAX_PDF_OBJECTS + 10
    content = build_pdf(_catalog(b"/X 4 0 R"), PAGES, PAGE, b"[" + b"<<>>" * count + b"]")
    assert len(content) < settings.UPLOAD_MAX_BYTES
    assert _refusal(content) == "complex_pdf"


def _ref(number: int):
    from pypdf.generic import IndirectObject

    return IndirectObject(number, 0, None)


def _text(value: str):
    from pypdf.generic import TextStringObject

    return TextStringObject(value)


def _array(*items):
    from pypdf.generic import ArrayObject, TextStringObject

    return ArrayObject(TextStringObject(item[1:-1]) if isinstance(item, str) else item for item in items)


def _serialise(obj) -> bytes:
    buffer = io.BytesIO()
    obj.write_to_stream(buffer)
    return buffer.getvalue()


def _pdf_with_object_stream(compressed: dict) -> bytes:
    """A PDF 1.5 file: the objects in ``compressed`` live in a Flate-compressed object stream, indexed
    by a cross-reference stream; the page tree (objects 2 and 3) is plain."""
    numbers = sorted(compressed)
    bodies = [_serialise(compressed[n]) for n in numbers]
    header, offset = [], 0
    for number, body in zip(numbers, bodies, strict=True):
        header.append(b"%d %d" % (number, offset))
        offset += len(body) + 1
    prefix = b" ".join(header) + b"\n"
    objstm = StreamObject()
    objstm[NameObject("/Type")] = NameObject("/ObjStm")
    objstm[NameObject("/N")] = NumberObject(len(numbers))
    objstm[NameObject("/First")] = NumberObject(len(prefix))
    objstm.set_data(prefix + b"\n".join(bodies) + b"\n")
    objstm = objstm.flate_encode()

    stream_number = max([*numbers, 3]) + 1
    xref_number = stream_number + 1
    out = bytearray(b"%PDF-1.5\n%\xe2\xe3\xcf\xd3\n")
    plain_offsets = {}
    for number, body in ((2, PAGES), (3, PAGE)):
        plain_offsets[number] = len(out)
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    plain_offsets[stream_number] = len(out)
    out += b"%d 0 obj\n" % stream_number + _serialise(objstm) + b"\nendobj\n"
    plain_offsets[xref_number] = len(out)

    rows = []
    for number in range(xref_number + 1):
        if number in compressed:
            rows.append(bytes([2]) + stream_number.to_bytes(4, "big") + numbers.index(number).to_bytes(2, "big"))
        elif number in plain_offsets:
            rows.append(bytes([1]) + plain_offsets[number].to_bytes(4, "big") + (0).to_bytes(2, "big"))
        else:
            rows.append(bytes([0]) + (0).to_bytes(4, "big") + (65535).to_bytes(2, "big"))
    data = zlib.compress(b"".join(rows))
    out += (
        b"%d 0 obj\n<</Type/XRef/Size %d/W[1 4 2]/Root 1 0 R/Filter/FlateDecode/Length %d>>\nstream\n"
        % (xref_number, xref_number + 1, len(data))
        + data
        + b"\nendstream\nendobj\nstartxref\n%d\n%%%%EOF\n" % plain_offsets[xref_number]
    )
    return bytes(out)


# --- Images ------------------------------------------------------------------------------------


def _png(size, mode="1") -> bytes:
    buffer = io.BytesIO()
    Image.new(mode, size).save(buffer, format="PNG")
    return buffer.getvalue()


@pytest.mark.filterwarnings("ignore::PIL.Image.DecompressionBombWarning")
def test_a_60_megapixel_image_is_refused_before_it_is_decoded(monkeypatch):
    content = _png((10_000, 6_000))
    assert len(content) < 1024 * 1024  # small on the wire, 60 million pixels once decoded

    def decoding(self):
        raise AssertionError("the image was decoded before its size was checked")

    monkeypatch.setattr(ImageFile.ImageFile, "load", decoding)
    assert _refusal(content, "foto.png") == "too_many_pixels"


def test_an_image_beyond_pillows_own_limit_gets_the_same_message():
    assert _refusal(_png((10_000, 9_000)), "foto.png") == "too_many_pixels"


def test_the_pixel_limit_is_set_once_and_not_changed_per_upload(monkeypatch):
    assert Image.MAX_IMAGE_PIXELS == uploads.MAX_JPEG_PIXELS
    # Another thread's value must not be swapped in and out while an upload is checked.
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 12_345_678)
    seen = []
    original_open = Image.open

    def watching_open(*args, **kwargs):
        seen.append(Image.MAX_IMAGE_PIXELS)
        return original_open(*args, **kwargs)

    monkeypatch.setattr(Image, "open", watching_open)
    validate_document_or_image(_upload(_png((30, 20), "RGB"), "foto.png"))
    assert seen == [12_345_678]
    assert Image.MAX_IMAGE_PIXELS == 12_345_678


def test_an_ordinary_photo_is_reencoded():
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), "green").save(buffer, format="JPEG")
    checked = validate_document_or_image(_upload(buffer.getvalue(), "foto.jpg"))
    assert checked.name == "gambar.jpg"
    assert Image.open(checked).size == (64, 48)


def test_a_jpeg_with_a_zip_appended_is_stored_without_the_zip():
    image = io.BytesIO()
    Image.new("RGB", (32, 32), "blue").save(image, format="JPEG")
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as bundle:
        bundle.writestr("payload.txt", "MUATAN-RAHASIA-POLYGLOT")
    polyglot = image.getvalue() + archive.getvalue()
    assert zipfile.is_zipfile(io.BytesIO(polyglot))
    stored = validate_document_or_image(_upload(polyglot, "foto.jpg")).read()
    assert stored.startswith(b"\xff\xd8")
    assert b"PK\x03\x04" not in stored
    assert b"payload.txt" not in stored and b"MUATAN-RAHASIA-POLYGLOT" not in stored
    assert not zipfile.is_zipfile(io.BytesIO(stored))


@pytest.mark.filterwarnings("ignore::PIL.Image.DecompressionBombWarning")
def test_images_are_checked_in_parallel_threads_without_interference():
    small = _png((40, 30), "RGB")
    big = _png((10_000, 6_000))
    results, errors = [], []

    def check(content, expected):
        try:
            validate_document_or_image(_upload(content, "foto.png"))
            results.append(expected == "ok")
        except ValidationError as exc:
            results.append(exc.code == expected)
        except Exception as exc:  # noqa: BLE001
            errors.append(exc)

    threads = [threading.Thread(target=check, args=(small, "ok")) for _ in range(4)]
    threads += [threading.Thread(target=check, args=(big, "too_many_pixels")) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert results == [True] * 8


@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "WEBP"])
def test_comments_xmp_and_text_chunks_do_not_survive_reencoding(fmt):
    from PIL import PngImagePlugin

    payload = b"<html><script>alert('KOMENTAR-POLYGLOT')</script></html>"
    xmp = b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:Description>XMP-RAHASIA</rdf:Description></x:xmpmeta>'
    source = io.BytesIO()
    image = Image.new("RGB", (48, 32), "orange")
    if fmt == "JPEG":
        image.save(source, format="JPEG", comment=payload, xmp=xmp)
    elif fmt == "PNG":
        text = PngImagePlugin.PngInfo()
        text.add_text("Comment", payload.decode())
        text.add_itxt("XML:com.adobe.xmp", xmp.decode())
        image.save(source, format="PNG", pnginfo=text)
    else:
        image.save(source, format="WEBP", xmp=xmp)
    assert b"KOMENTAR-POLYGLOT" in source.getvalue() or b"XMP-RAHASIA" in source.getvalue()
    name = {"JPEG": "foto.jpg", "PNG": "foto.png", "WEBP": "foto.webp"}[fmt]
    stored = validate_document_or_image(_upload(source.getvalue(), name)).read()
    assert b"KOMENTAR-POLYGLOT" not in stored
    assert b"<script" not in stored
    assert b"XMP-RAHASIA" not in stored
    assert Image.open(io.BytesIO(stored)).size == (48, 32)


# --- Phone photos ------------------------------------------------------------------------------------


def _jpeg(size, quality=90) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, "teal").save(buffer, format="JPEG", quality=quality)
    return buffer.getvalue()


def test_a_heic_photo_from_a_phone_is_accepted_and_stored_as_jpeg():
    buffer = io.BytesIO()
    Image.new("RGB", (400, 300), "orange").save(buffer, format="HEIF")
    stored = validate_document_or_image(_upload(buffer.getvalue(), "IMG_0001.HEIC"))
    assert stored.name == "gambar.jpg" and stored.content_type == "image/jpeg"
    assert Image.open(stored).size == (400, 300)


def test_a_large_phone_jpeg_is_decoded_at_a_reduced_scale_and_stored_small():
    content = _jpeg((6000, 4500))  # 27 MP: above the cap for formats decoded whole
    stored = validate_document_or_image(_upload(content, "foto.jpg"))
    width, height = Image.open(stored).size
    assert max(width, height) <= uploads.MAX_STORED_SIDE
    assert abs(width / height - 6000 / 4500) < 0.01


def test_a_png_beyond_the_whole_decode_cap_is_refused():
    assert _refusal(_png((6300, 6300)), "poster.png") == "too_many_pixels"


def test_photos_up_to_20_mb_are_accepted_and_documents_stay_at_5_mb(settings):
    big_photo = _upload(_jpeg((200, 100)) + b"\0" * (8 * 1024 * 1024), "foto.jpg")  # 8 MB on the wire
    assert validate_document_or_image(big_photo).name == "gambar.jpg"
    too_big = SimpleUploadedFile("foto.jpg", _jpeg((200, 100)) + b"\0" * (21 * 1024 * 1024), "image/jpeg")
    with pytest.raises(ValidationError) as refused:
        validate_document_or_image(too_big)
    assert "foto terlalu besar" in str(refused.value.messages[0]).lower()
    big_pdf = SimpleUploadedFile("sk.pdf", MINIMAL_PDF + b"%" * (6 * 1024 * 1024), "application/pdf")
    with pytest.raises(ValidationError) as refused:
        validate_document_or_image(big_pdf)
    assert "dokumen terlalu besar" in str(refused.value.messages[0]).lower()


def test_one_address_cannot_keep_the_workers_busy_decoding(settings):
    import time_machine
    from django.core.cache import cache

    cache.clear()
    settings.UPLOAD_MEGAPIXELS_PER_MINUTE = 65
    poster = _png((5000, 4000), "RGB")  # 20 MP each, a few kilobytes on the wire
    accepted = 0
    codes = []
    # Within one minute's window (the clock stands still, so a slow machine cannot cross into the next).
    with time_machine.travel("2026-12-04 10:00:05", tick=False):
        for _ in range(5):
            try:
                validate_document_or_image(_upload(poster, "poster.png"))
                accepted += 1
            except ValidationError as exc:
                codes.append(exc.code)
        assert accepted == 3 and codes == ["too_many_photos", "too_many_photos"]
        # A small photo still fits in what is left of the budget.
        assert validate_document_or_image(_upload(_jpeg((640, 480)), "kecil.jpg")).name == "gambar.jpg"
    # The next minute, the budget is whole again.
    with time_machine.travel("2026-12-04 10:01:05", tick=False):
        assert validate_document_or_image(_upload(poster, "poster.png")).name == "gambar.png"


# --- Spreadsheets --------------------------------------------------------------------------------


def _zip(parts: dict[str, bytes], *, first: str = "") -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        if first:
            archive.writestr(first, parts.pop(first), compress_type=zipfile.ZIP_STORED)
        for name, content in parts.items():
            archive.writestr(name, content)
    return buffer.getvalue()


ODS_MIME = b"application/vnd.oasis.opendocument.spreadsheet"
XLSX_BASE = {"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<workbook/>"}


def _sheet_refusal(content: bytes, name: str) -> str:
    with pytest.raises(ValidationError) as caught:
        uploads.validate_document_image_or_spreadsheet(_upload(content, name))
    return caught.value.code


def test_plain_workbooks_are_accepted_and_named_for_their_type():
    ods = uploads.validate_document_image_or_spreadsheet(
        _upload(_zip({"mimetype": ODS_MIME, "content.xml": b"<office/>"}, first="mimetype"), "../x.ods")
    )
    assert (ods.name, ods.content_type) == ("tabel.ods", uploads.ODS_TYPE)
    xlsx = uploads.validate_document_image_or_spreadsheet(_upload(_zip(dict(XLSX_BASE)), "anggaran.XLSX"))
    assert (xlsx.name, xlsx.content_type) == ("tabel.xlsx", uploads.XLSX_TYPE)
    # A PDF or an image still goes through the document checks.
    assert uploads.validate_document_image_or_spreadsheet(_upload(MINIMAL_PDF)).name == "dokumen.pdf"


@pytest.mark.parametrize(
    ("parts", "first"),
    [
        ({**XLSX_BASE, "xl/externalLinks/externalLink1.xml": b"<x/>"}, ""),
        ({**XLSX_BASE, "xl/embeddings/oleObject1.bin": b"\xd0\xcf"}, ""),
        (
            {
                **XLSX_BASE,
                "[Content_Types].xml": b"<Types>application/vnd.ms-excel.sheet.macroEnabled.main+xml</Types>",
            },
            "",
        ),
        ({"mimetype": ODS_MIME, "content.xml": b"<office/>", "Basic/Standard/Module1.xml": b"<script/>"}, "mimetype"),
    ],
)
def test_workbooks_with_macros_links_or_objects_are_refused(parts, first):
    assert _sheet_refusal(_zip(dict(parts), first=first), "tabel.xlsx") == "unsafe_spreadsheet"


def test_other_zips_and_binary_csv_are_refused():
    docx = _zip({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w/>"})
    assert _sheet_refusal(docx, "surat.docx") == "invalid_type"
    assert _sheet_refusal(b"a,b\x00\x01\x02", "data.csv") == "invalid_type"  # not text: not a CSV
