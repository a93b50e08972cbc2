"""Contact data at rest: encryption with rotating keys and a keyed hash for look-ups (ADR 0012).

Values are encrypted with ``cryptography``'s ``MultiFernet``: the first key of
``JEMBATAN_ENCRYPTION_KEYS`` encrypts, every key decrypts, so a new key is put first, the rows are
re-encrypted (``manage.py rotate_encryption_keys``) and only then is the old key dropped. Fernet
tokens are randomised, so equal values give different tokens: where the app must find a person by
value (a follower's email), a ``<name>_hash`` column holds an HMAC-SHA256 of the normalised value
under ``JEMBATAN_LOOKUP_KEY``. Without configured keys (development, tests) both keys are derived
from ``SECRET_KEY``; the deploy check warns about that in production.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import FieldError, ImproperlyConfigured
from django.db import models
from django.db.models.lookups import Exact, IsNull


class DecryptionError(ImproperlyConfigured):
    """A stored value cannot be decrypted with any configured key (wrong or dropped key)."""


def _derived(purpose: str) -> bytes:
    return base64.urlsafe_b64encode(hashlib.sha256(f"jembatan:{purpose}:{settings.SECRET_KEY}".encode()).digest())


def encryption_keys_configured() -> bool:
    return bool(settings.JEMBATAN_ENCRYPTION_KEYS) and bool(settings.JEMBATAN_LOOKUP_KEY)


@lru_cache(maxsize=8)
def _fernet(keys: tuple[str, ...]) -> MultiFernet:
    try:
        return MultiFernet([Fernet(key.encode() if isinstance(key, str) else key) for key in keys])
    except ValueError as exc:
        raise ImproperlyConfigured(
            "JEMBATAN_ENCRYPTION_KEYS must hold Fernet keys (32 url-safe base64-encoded bytes), comma-separated."
        ) from exc


def _current_fernet() -> MultiFernet:
    keys = tuple(settings.JEMBATAN_ENCRYPTION_KEYS) or (_derived("encryption").decode(),)
    return _fernet(keys)


def encrypt(value: str) -> str:
    """Encrypt with the newest key. The empty string stays empty (an absent contact is not secret)."""
    if not value:
        return ""
    return _current_fernet().encrypt(value.encode()).decode()


def encrypt_bytes(data: bytes) -> bytes:
    """A file's content encrypted with the newest key (an identity scan at rest)."""
    return _current_fernet().encrypt(data)


def decrypt_bytes(token: bytes) -> bytes:
    try:
        return _current_fernet().decrypt(token)
    except InvalidToken as exc:
        raise DecryptionError(
            "A stored file cannot be decrypted with any key in JEMBATAN_ENCRYPTION_KEYS: "
            "a key still in use was dropped or the keys are wrong."
        ) from exc


def decrypt(token: str) -> str:
    if not token:
        return ""
    try:
        return _current_fernet().decrypt(token.encode()).decode()
    except InvalidToken as exc:
        raise DecryptionError(
            "A stored contact value cannot be decrypted with any key in JEMBATAN_ENCRYPTION_KEYS: "
            "a key still in use was dropped or the keys are wrong."
        ) from exc


def reencrypt_all(batch_size: int = 500) -> dict[str, int]:
    """Re-encrypt every ``EncryptedTextField`` of every model with the newest key, in batches.

    Loading decrypts with any configured key and saving encrypts with the first one (what
    ``MultiFernet.rotate`` does per token). The look-up hashes are recomputed under the current look-up
    key: a model's ``lookup_hashes()`` gives its own (``{field: value}``, e.g. a channel-scoped hash);
    otherwise a ``<name>_hash`` column beside an encrypted field is its ``email_hash``. Tables that hold
    only a hash (a consent ledger) are then given the new values by their ``rehash_references(mapping)``.
    Returns the row count per model label.
    """
    from django.apps import apps

    counts: dict[str, int] = {}
    mapping: dict[str, str] = {}  # old hash -> new hash
    for model in apps.get_models():
        names = [f.name for f in model._meta.concrete_fields if isinstance(f, EncryptedTextField)]
        if not names:
            continue
        field_names = {f.name for f in model._meta.concrete_fields}
        custom = hasattr(model, "lookup_hashes")
        hashes = [f"{name}_hash" for name in names if f"{name}_hash" in field_names]
        rows = model._base_manager.all() if custom else model._base_manager.only("pk", *names, *hashes)
        written, batch = 0, []
        for obj in rows.iterator(chunk_size=batch_size):
            new = (
                obj.lookup_hashes()
                if custom
                else {h: email_hash(getattr(obj, h.removesuffix("_hash"))) for h in hashes}
            )
            for hashed, value in new.items():
                if getattr(obj, hashed) and getattr(obj, hashed) != value:
                    mapping[getattr(obj, hashed)] = value
                setattr(obj, hashed, value)
            hashes = list(new) if custom else hashes
            batch.append(obj)
            if len(batch) == batch_size:
                written += model._base_manager.bulk_update(batch, [*names, *hashes])
                batch = []
        if batch:
            written += model._base_manager.bulk_update(batch, [*names, *hashes])
        counts[model._meta.label] = written
    if mapping:
        for model in apps.get_models():
            if hasattr(model, "rehash_references"):
                counts[model._meta.label] = model.rehash_references(mapping)
    for model in apps.get_models():
        if hasattr(model, "reencrypt_stored_files"):  # encrypted file contents (identity scans)
            counts[f"{model._meta.label} files"] = model.reencrypt_stored_files()
    return counts


def lookup_hash(normalised: str) -> str:
    """HMAC-SHA256 (hex) of an already normalised value (lower-cased email, E.164 phone); '' for ''."""
    if not normalised:
        return ""
    key = settings.JEMBATAN_LOOKUP_KEY.encode() if settings.JEMBATAN_LOOKUP_KEY else _derived("lookup")
    return hmac.new(key, normalised.encode(), hashlib.sha256).hexdigest()


def email_hash(email: str) -> str:
    return lookup_hash((email or "").strip().lower())


class EncryptedTextField(models.TextField):
    """A text column holding a Fernet token; Python code sees the clear value.

    Only ``isnull`` and an exact match on the empty string can be queried: any other comparison
    would compare tokens and silently find nothing, so it raises. Look a value up by its hash column.
    """

    def from_db_value(self, value, expression, connection):
        return decrypt(value) if value else value

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        return encrypt(value) if value else value

    def get_lookup(self, lookup_name):
        if lookup_name not in {"exact", "isnull"}:
            raise FieldError(f"{self.name} is encrypted: filter on its hash column instead of '{lookup_name}'.")
        return EncryptedEmptyExact if lookup_name == "exact" else IsNull


class EncryptedEmptyExact(Exact):
    def get_prep_lookup(self):
        if self.rhs != "":
            raise FieldError(f"{self.lhs.target.name} is encrypted: filter on its hash column, not its value.")
        return super().get_prep_lookup()


def migrate_columns(model, fields: list[str], *, forward: bool, hashes: dict[str, str] | None = None) -> int:
    """Encrypt (forward) or decrypt the given plain-text columns of a historical model, in batches.

    For data migrations, which run while the columns are still plain ``TextField``s. ``hashes``
    maps a hash column to the email column it is computed from (filled forward, emptied backward).
    Returns the number of rows written.
    """
    hashes = hashes or {}
    convert = encrypt if forward else decrypt
    written, batch = 0, []
    for obj in model.objects.only("pk", *fields).iterator(chunk_size=500):
        for name, source in hashes.items():
            setattr(obj, name, email_hash(getattr(obj, source)) if forward else "")
        for name in fields:
            setattr(obj, name, convert(getattr(obj, name)))
        batch.append(obj)
        if len(batch) == 500:
            written += model.objects.bulk_update(batch, [*fields, *hashes]) or len(batch)
            batch = []
    if batch:
        written += model.objects.bulk_update(batch, [*fields, *hashes]) or len(batch)
    return written
