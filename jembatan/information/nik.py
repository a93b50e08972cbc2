"""The structure of a NIK (Nomor Induk Kependudukan), checked without any outside register.

Sixteen digits: the province, regency and kecamatan of registration (two digits each; provinces are
numbered 11–96), the date of birth as DDMMYY with 40 added to the day for women, and a four-digit serial
that is never 0000. A NIK that passes may still not exist: only Dukcapil can tell that; this catches the
typing mistakes (a digit too few, a month 13) before a request is stored.
"""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

DIGITS = re.compile(r"\d{16}")


def clean_nik(value: str) -> str:
    """The NIK without spaces or dots; ``ValidationError`` (in Indonesian) when its structure is wrong."""
    nik = re.sub(r"[\s.\-]", "", value or "")
    if not DIGITS.fullmatch(nik):
        raise ValidationError(
            _("A NIK has exactly 16 digits; this one has %(count)d.") % {"count": len(re.sub(r"\D", "", nik))},
            code="nik_length",
        )
    province, regency, district = int(nik[0:2]), int(nik[2:4]), int(nik[4:6])
    day, month, serial = int(nik[6:8]), int(nik[8:10]), int(nik[12:16])
    if not 11 <= province <= 96 or regency == 0 or district == 0:
        raise ValidationError(_("The first six digits of this NIK are not a region code."), code="nik_region")
    if day > 40:
        day -= 40
    if not (1 <= day <= 31 and 1 <= month <= 12):
        raise ValidationError(_("Digits 7 to 12 of this NIK are not a date of birth."), code="nik_birth")
    if serial == 0:
        raise ValidationError(_("The last four digits of a NIK are never 0000."), code="nik_serial")
    return nik
