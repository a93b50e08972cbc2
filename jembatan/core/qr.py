"""QR codes as inline SVG that CSS can scale whole (``.qr``): a viewBox and no fixed size, the four-module
quiet zone kept, black on white as scanners expect."""

from __future__ import annotations

import segno
from django.utils.safestring import SafeString, mark_safe


def qr_svg(data: str, *, title: str) -> SafeString:
    svg = segno.make(data, error="m").svg_inline(scale=1, border=4, omitsize=True, dark="#000", light="#fff",
                                                title=title)  # fmt: skip
    return mark_safe(svg)  # noqa: S308 - segno's own markup; the title is escaped by segno
