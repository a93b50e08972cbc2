"""QR codes as inline SVG that CSS can scale whole (``.qr``): a full QR code (never a Micro QR), a viewBox and
no fixed size, the four-module quiet zone kept, black on white as scanners expect."""

from __future__ import annotations

import segno
from django.utils.safestring import SafeString, mark_safe


def qr_svg(data: str, *, title: str) -> SafeString:
    # ``make_qr``: always a full QR code. ``make`` picks a Micro QR for short data (a registration code),
    # which phone cameras and most scanners do not read.
    svg = segno.make_qr(data, error="m").svg_inline(scale=1, border=4, omitsize=True, dark="#000", light="#fff",
                                                title=title)  # fmt: skip
    return mark_safe(svg)  # noqa: S308 - segno's own markup; the title is escaped by segno


def qr_svg_file(data: str) -> bytes:
    """The same code as a standalone SVG document (to place in a PDF)."""
    import io

    buffer = io.BytesIO()
    segno.make_qr(data, error="m").save(buffer, kind="svg", scale=1, border=4, omitsize=True, dark="#000", light="#fff")
    return buffer.getvalue()
