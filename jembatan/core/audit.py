"""The audit log writer. Every service that changes data calls ``audit_record`` inside its transaction."""

from __future__ import annotations

import datetime
import decimal
import uuid
from typing import Any

from django.db import models

from jembatan.core.context import current_client_ip
from jembatan.core.models import AuditLog


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
    verb: str,
    obj: models.Model,
    before: dict | None = None,
    after: dict | None = None,
    actor_label: str | None = None,
) -> AuditLog:
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
    )
