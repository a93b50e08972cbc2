"""What the public may read of a case, written once for every channel (pages, API, Open311, maps).

Texts staff wrote (answers, explanations, timeline notes) are masked on the way out with the
reporter's name among the things to hide; places lose house numbers and RT/RW; coordinates are
rounded (``core.privacy.public_coordinate``). Only copies change, never the stored texts.
"""

from __future__ import annotations

from dataclasses import dataclass

from jembatan.core.privacy import public_coordinate, redact_place, redact_text


@dataclass(frozen=True)
class Masker:
    names: tuple[str, ...] = ()

    def text(self, value: str) -> str:
        return redact_text(value or "", names=list(self.names))

    def place(self, value: str) -> str:
        return redact_place(value or "", names=list(self.names))


def public_point(latitude, longitude) -> tuple[float, float] | None:
    """The rounded point, or ``None`` when the case has no complete position."""
    if latitude is None or longitude is None:
        return None
    return public_coordinate(latitude), public_coordinate(longitude)
