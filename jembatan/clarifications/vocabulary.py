"""The verdict vocabulary to start with (also written by migration 0002); administrators may change it."""

from __future__ import annotations

VERDICTS = [
    ("hoaks", "HOAKS", 1, "Kabar bohong yang sengaja dibuat untuk menipu.", 1),
    ("disinformasi", "DISINFORMASI", 1, "Informasi salah yang disebarkan dengan sengaja.", 2),
    ("misinformasi", "MISINFORMASI", 2, "Informasi salah yang disebarkan tanpa niat menipu.", 3),
    ("menyesatkan", "MENYESATKAN", 2, "Sebagian benar, tetapi disajikan sehingga menimbulkan kesan keliru.", 4),
    ("klarifikasi", "KLARIFIKASI", 3, "Penjelasan resmi atas kabar yang beredar.", 5),
    ("benar", "BENAR", 5, "Sesuai fakta.", 6),
]


def ensure_default_verdicts() -> int:
    """Write the starting vocabulary where it is missing (a database emptied since its migration); returns
    how many verdicts were added."""
    from jembatan.clarifications.models import Verdict

    added = 0
    for code, label, rating, description, order in VERDICTS:
        _verdict, created = Verdict.objects.get_or_create(
            code=code, defaults={"label": label, "rating": rating, "description": description, "order": order}
        )
        added += created
    return added
