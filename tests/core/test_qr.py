"""QR codes are full QR codes drawn whole: a short registration code must not become a Micro QR, which
phone cameras do not read, and the SVG scales by its viewBox instead of a fixed size."""

import re

from jembatan.core.qr import qr_svg


def test_a_short_code_is_a_full_qr_code_with_a_viewbox_and_no_fixed_size():
    svg = str(qr_svg("K7QX2MA", title="QR <kode>"))
    side = int(re.search(r'viewBox="0 0 (\d+) \1"', svg).group(1))
    assert side >= 21 + 8  # version 1 (21 modules) and its four-module quiet zone on each side
    assert "width=" not in svg.split(">", 1)[0] and "&lt;kode&gt;" in svg
