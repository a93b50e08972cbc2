"""Personal data helpers: validate, normalise and mask. Public output never shows these unmasked."""

from __future__ import annotations

import phonenumbers
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


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


_EMAIL_RE = None
_PHONE_RE = None
_NIK_RE = None


def redact_text(text: str, *, names: list[str] | None = None) -> str:
    """Mask personal data found in free text before it is published.

    Emails, Indonesian phone numbers, 16-digit NIK numbers and the given names (the reporter's own
    name) are replaced. Staff can redact further by editing the public text.
    """
    import re

    global _EMAIL_RE, _PHONE_RE, _NIK_RE
    if _EMAIL_RE is None:
        _EMAIL_RE = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
        _NIK_RE = re.compile(r"(?<!\d)\d{16}(?!\d)")
        _PHONE_RE = re.compile(r"(?<![\w])(?:\+?62|0)[\s.-]?8\d{1,3}(?:[\s.-]?\d{2,4}){2,3}(?![\w])")
    if not text:
        return ""
    result = _EMAIL_RE.sub("[email disamarkan]", text)
    result = _NIK_RE.sub("[NIK disamarkan]", result)
    result = _PHONE_RE.sub("[nomor disamarkan]", result)
    for name in names or []:
        name = (name or "").strip()
        if len(name) >= 3:
            result = re.sub(re.escape(name), "[nama disamarkan]", result, flags=re.IGNORECASE)
    return result
