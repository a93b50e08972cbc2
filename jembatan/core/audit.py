"""The audit log writer. Every service that changes data calls ``audit_record`` inside its transaction.

Verbs are typed: each app declares its verbs as members of an ``AuditVerb`` subclass (a ``StrEnum``,
so the stored value is the plain string), and ``audit_record`` refuses anything else. ``grep`` finds
every place a verb is written by its constant.
"""

from __future__ import annotations

import datetime
import decimal
import uuid
from enum import StrEnum
from typing import Any

from django.db import models

from jembatan.core.context import current_client_ip
from jembatan.core.models import AuditLog


class AuditVerb(StrEnum):
    """Base of every app's verbs: ``class KimVerb(AuditVerb): VERIFY = "kim.verify"``."""


class CoreVerb(AuditVerb):
    CALENDAR_SETTINGS_UPDATED = "calendar.settings_updated"
    CALENDAR_OVERRIDE_ADDED = "calendar.override_added"
    CALENDAR_OVERRIDE_REMOVED = "calendar.override_removed"


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set)):
        return [_jsonable(v) for v in value]
    if isinstance(value, (datetime.date, datetime.datetime, datetime.time)):
        return value.isoformat()
    if isinstance(value, (decimal.Decimal, uuid.UUID)):
        return str(value)
    if isinstance(value, models.Model):
        return value.pk
    if hasattr(value, "name") and hasattr(value, "storage"):  # FieldFile
        return value.name or None
    return value


def snapshot(obj: models.Model, fields: list[str]) -> dict[str, Any]:
    """The values of ``fields`` on ``obj``, ready to be stored as before/after."""
    return {field: _jsonable(getattr(obj, field)) for field in fields}


def audit_record(
    *,
    actor,
    verb: AuditVerb,
    obj: models.Model,
    before: dict | None = None,
    after: dict | None = None,
    actor_label: str | None = None,
) -> AuditLog:
    if not isinstance(verb, AuditVerb):
        raise TypeError(f"audit verbs are AuditVerb members, not {verb!r}")
    if actor is not None and not getattr(actor, "is_authenticated", False):
        actor = None
    label = actor_label or (actor.get_username() if actor is not None else "sistem")
    return AuditLog.objects.create(
        actor=actor,
        actor_label=label[:200],
        verb=verb,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        object_repr=str(obj)[:300],
        before=_jsonable(before) if before is not None else None,
        after=_jsonable(after) if after is not None else None,
        ip_address=current_client_ip(),
        regency_code=_regency_of(obj),
    )


def _regency_of(obj: models.Model) -> str:
    """The tenant of a change: the object's own regency when it has one, else the site it was made on."""
    for attribute in ("regency_id", "regency_code"):
        value = getattr(obj, attribute, None)
        if isinstance(value, str) and value:
            return value
    from jembatan.core import tenancy

    return tenancy.regency_code()
