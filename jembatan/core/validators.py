"""Validators shared by every capability."""

from __future__ import annotations

import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# Punctuation that official names use: "KIM Bukit Besar Bersatu", "KIM R.T. 05", "KIM Al-Ikhlas",
# "KIM Cahaya (Bacang)", "KIM Jaya & Mandiri", "KIM Ma'rifat".
_NAME_PUNCTUATION = frozenset(" .,-'’()&/\"")


def validate_official_name(value: str) -> None:
    """Letters (any script, with their accents), digits, spaces and the punctuation of names only.

    Refuses emoji, pictographs, symbols and control or private-use characters: an official name is
    printed on a decree (SK), in reports and in every share text.
    """
    for char in value or "":
        category = unicodedata.category(char)
        if category[0] in "LMN" or char in _NAME_PUNCTUATION:
            continue
        raise ValidationError(
            _("Use only letters, numbers, spaces and ordinary punctuation in an official name (no emoji or symbols)."),
            code="invalid_characters",
        )
