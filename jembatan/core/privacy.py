"""Personal data helpers: validate, normalise, mask and (from core.crypto) encrypt. Public output never shows these unmasked."""

from __future__ import annotations

import re
import unicodedata

import phonenumbers
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from jembatan.core.crypto import EncryptedTextField, decrypt, email_hash, encrypt, lookup_hash

__all__ = [
    "EncryptedTextField",
    "decrypt",
    "email_hash",
    "encrypt",
    "lookup_hash",
    "mask_email",
    "mask_name",
    "mask_phone",
    "normalize_phone",
    "redact_text",
]


def normalize_phone(raw: str) -> str:
    """Return an Indonesian phone number in E.164 form (+62…) or raise ValidationError.

    Accepts the forms people type: 0812-3456-7890, 62812…, +62 812 …, (0717) 42 1234.
    """
    value = (raw or "").strip()
    if not value:
        raise ValidationError(_("Enter a phone number."), code="required")
    if len(value) > 32:
        raise ValidationError(_("The phone number is too long."), code="invalid")
    if value.startswith("62") and not value.startswith("+"):
        value = "+" + value
    try:
        parsed = phonenumbers.parse(value, "ID")
    except phonenumbers.NumberParseException as exc:
        raise ValidationError(
            _("Enter a valid Indonesian phone number, for example 0812-3456-7890."), code="invalid"
        ) from exc
    if parsed.country_code != 62 or not phonenumbers.is_valid_number(parsed):
        raise ValidationError(_("Enter a valid Indonesian phone number, for example 0812-3456-7890."), code="invalid")
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


def mask_phone(e164: str | None) -> str:
    """+6281234567890 -> +62 8**-****-*890. Keeps only the first national digit and the last three."""
    if not e164:
        return ""
    digits = e164.lstrip("+")
    if not digits.startswith("62") or len(digits) < 9:
        return "****"
    national = digits[2:]
    return f"+62 {national[0]}**-****-*{national[-3:]}"


def mask_email(email: str | None) -> str:
    """budi.santoso@example.id -> b***@example.id"""
    if not email or "@" not in email:
        return ""
    local, _sep, domain = email.partition("@")
    return f"{local[:1]}***@{domain}"


def mask_name(name: str | None) -> str:
    """Budi Santoso -> B*** S***"""
    if not name:
        return ""
    return " ".join(f"{part[:1]}***" for part in name.split())


_SPACES = re.compile(r"[^\S\n]+")
# The dots may be written with spaces on both sides too ("nama @ surel . co . id"); a dot that ends a
# sentence (". Lampu") is not part of the address.
_EMAIL_RE = re.compile(
    r"[\w.+-]+(?:@|\s*@\s*|\s*\[at\]\s*|\s*\(at\)\s*|\s+at\s+)[\w-]+"
    r"(?:(?:\.|\s+\.\s+|\s*\[dot\]\s*|\s*\(dot\)\s*|\s+dot\s+)[\w-]+)*(?:\.|\s+\.\s+)[a-z]{2,}(?![\w.-]*@)"
    r"|[\w.+-]+(?:\s*\[at\]\s*|\s*\(at\)\s*|\s+at\s+)[\w-]+(?:\s*\[dot\]\s*|\s*\(dot\)\s*|\s+dot\s+)[a-z]{2,}",
    re.IGNORECASE,
)
# 16 digits, possibly grouped with spaces, dots or dashes (3171 0123 4567 8901, 31.71.01.234567.8901,
# 31710123 - 45678901).
_NIK_RE = re.compile(r"(?<![\d])\d(?:[\s.-]{0,3}\d){15}(?![\d])")
# Indonesian numbers: +62 / 62 / 0, an optional (0), parentheses around the area or operator code,
# then at least six more digits in any grouping (mobile 08…, landlines such as (0717) 421234).
# Also every digit apart ("0 8 1 2 3 4 5 6 7 8 9 0", "+6 2 8 1 2 …"), a way to slip past filters.
_PHONE_RE = re.compile(
    r"(?<!\d)(?:(?:\+?\s?62\s?(?:\(0\))?|0)[\s./-]?\(?\d{2,4}\)?(?:[\s./-]?\d){6,10}"
    r"|\(0\d{2,4}\)(?:[\s./-]?\d){5,10}"
    r"|(?:\+\s?6[\s.-]?2|0)(?:[\s.-]\d){8,12})(?!\d)"
)
# Parts of a home address that point at one house: the house number (No. 47, Nomor 12A, No.5/7),
# a block and plot (Blok C2 No. 9, Kav. 12) and the neighbourhood units (RT 003/RW 005, RT.03 RW.05,
# RT/RW 003/005, RT 3). The street, the landmark and the kelurahan stay readable.
_ADDRESS_PATTERNS = [
    r"\bRT\s*/\s*RW\.?\s*[:.]?\s*\d{1,3}\s*/\s*\d{1,3}\b",
    r"\bR[TW]\.?\s*[:.]?\s*\d{1,3}(?:\s*[/,]?\s*R[TW]\.?\s*[:.]?\s*\d{1,3})?\b",
    r"\bBlok\s+[A-Z0-9]{1,3}\b(?:\s*[,/-]?\s*(?:No(?:mor)?\.?\s*[:.]?\s*)?\d{1,4}[A-Za-z]?\b)?",
    r"\bKav(?:ling)?\.?\s*[:.]?\s*\d{1,4}[A-Za-z]?\b",
    r"(?:\bNo(?:mor)?|\bNmr|\bNr|#)\.?\s*[:.]?\s*\d{1,4}[A-Za-z]?\b(?:\s*[/-]\s*\d{1,4}[A-Za-z]?\b)?",
]
_ADDRESS_RE = re.compile("|".join(f"(?:{p})" for p in _ADDRESS_PATTERNS), re.IGNORECASE)
_REPEATED_ADDRESS_MARKS = re.compile(r"\[alamat disamarkan\](?:[\s,/-]*\[alamat disamarkan\])+")


def redact_text(text: str, *, names: list[str] | None = None) -> str:
    """Mask personal data found in free text before it is published.

    The text is first normalised (NFKC: full-width digits become plain ones). Emails (also written
    with "at"/"dot" or spaced out), Indonesian phone numbers (mobile and landline, also digit by
    digit), NIK numbers (16 digits, grouped or not), the parts of an address that point at one
    house (house number, block and plot, RT/RW) and each part (three letters or more) of the given names — the reporter's own — are
    replaced, the names as whole words only. Staff can redact further by editing the public text.
    """
    if not text:
        return ""
    result = unicodedata.normalize("NFKC", text)
    result = _SPACES.sub(" ", result)
    result = _EMAIL_RE.sub("[email disamarkan]", result)
    result = _NIK_RE.sub("[NIK disamarkan]", result)
    result = _PHONE_RE.sub("[nomor disamarkan]", result)
    result = _ADDRESS_RE.sub("[alamat disamarkan]", result)
    result = _REPEATED_ADDRESS_MARKS.sub("[alamat disamarkan]", result)
    parts = {
        part
        for name in names or []
        for part in re.split(r"[\s,.]+", unicodedata.normalize("NFKC", name or ""))
        if len(part) >= 3
    }
    for part in sorted(parts, key=len, reverse=True):
        result = re.sub(rf"(?<!\w){re.escape(part)}(?!\w)", "[nama disamarkan]", result, flags=re.IGNORECASE)
    return result


_ADDRESS_MARK = re.compile(r"\s*\[alamat disamarkan\]")


def redact_place(text: str, *, names: list[str] | None = None) -> str:
    """The place of a report as the public reads it: the street or landmark, never one house.

    ``redact_text`` first (names, phones, emails), then the house number, block and plot and RT/RW
    are dropped rather than marked: "Jl. Melati No. 47 RT 003/RW 005, dekat masjid" becomes
    "Jl. Melati, dekat masjid".
    """
    result = redact_text(text, names=names)
    result = _ADDRESS_MARK.sub("", result)
    result = re.sub(r"\s+([,;.])", r"\1", result)
    result = re.sub(r"([,;])(?:\s*[,;])+", r"\1", result)
    return result.strip(" ,;/-")


def public_coordinate(value) -> float | None:
    """A published coordinate, rounded to 3 decimals (about 100 m): a point never pinpoints a house."""
    return round(float(value), 3) if value is not None else None
