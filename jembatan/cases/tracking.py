"""Tracking codes and private links (ADR 0005).

A case gets a readable tracking code (``ASP-2026-000123``) once it has a primary key, and a private
link whose secret is derived from the server's key, the case and a random salt: nothing secret is
stored, a retried submission gets the same link, and a secret cannot be reused for another kind of
case because the purpose is part of what is signed.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets

from django.conf import settings
from django.utils import timezone

from jembatan.core import tenancy


def new_salt() -> str:
    return secrets.token_hex(16)


def tracking_code(case) -> str:
    """``<PREFIX>-<year received>-<primary key, six digits or more>``."""
    return f"{case.CODE_PREFIX}-{timezone.localdate(case.received_at).year}-{case.pk:06d}"


def assign_code(case) -> None:
    """Give a just-saved case its tracking code (inside the transaction that created it)."""
    case.code = tracking_code(case)
    case.save(update_fields=["code"])


def case_secret(case) -> str:
    """The private-link secret (256 bits)."""
    message = f"{case.LINK_PURPOSE}:{case.pk}:{case.secret_salt}".encode()
    digest = hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).decode().rstrip("=")


def check_secret(case, secret: str) -> bool:
    """Constant-time comparison; an empty secret never matches."""
    return bool(secret) and hmac.compare_digest(case_secret(case).encode(), secret.encode())


def absolute(path: str) -> str:
    """An address as people outside the server must use it (the site's public address, ``core.tenancy``)."""
    return tenancy.base_url() + path
