"""Pagination shared by every API router (in the kernel, so each capability's router can use it).

Lists that grow without bound (reports, news, KIMs) are paged by **keyset**: a page ends with a
``next`` link whose opaque ``cursor`` holds the ordering values of the page's last row, and the next
page is the rows after those values. Reading page 10,000 costs what reading page 1 costs (an index
range from a point), where an offset reads and throws away every row before it, and no total is
counted: a count over a million rows costs more than the page itself and no client needs it.
"""

from __future__ import annotations

import base64
import binascii
import datetime
import json
from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Q
from django.utils.translation import gettext
from ninja import Field, Schema
from ninja.errors import HttpError
from ninja.pagination import PaginationBase

MAX_LIMIT = 100
MAX_CURSOR_LENGTH = 512


class Keyset:
    """A queryset to page through by its ordering keys (the last one unique), and how to show one row."""

    def __init__(self, qs, *, order: tuple[str, ...], mapper: Callable):
        if order[-1].lstrip("-") not in ("id", "pk"):
            raise ValueError("a keyset ordering ends with the primary key, so that it is a total order")
        self.qs = qs.order_by(*order)
        self.order = order
        self.mapper = mapper

    def fields(self) -> list[tuple[str, bool]]:
        """(field name, descending) for each key."""
        return [(key.lstrip("-"), key.startswith("-")) for key in self.order]

    def after(self, values: list) -> Q:
        """Rows that come after the row with these key values, in this ordering."""
        condition = Q()
        fields = self.fields()
        for i, (name, descending) in enumerate(fields):
            step = Q(**{f"{name}__{'lt' if descending else 'gt'}": values[i]})
            for earlier, (earlier_name, _descending) in enumerate(fields[:i]):
                step &= Q(**{earlier_name: values[earlier]})
            condition |= step
        return condition

    def encode(self, row) -> str:
        values = [_plain(getattr(row, name)) for name, _descending in self.fields()]
        return base64.urlsafe_b64encode(json.dumps(values, separators=(",", ":")).encode()).decode().rstrip("=")

    def decode(self, cursor: str) -> list:
        """The key values a cursor holds, as the model's fields read them; ValueError when it is not one."""
        try:
            raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
            values = json.loads(raw)
        except (binascii.Error, UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise ValueError(cursor) from exc
        fields = self.fields()
        if not isinstance(values, list) or len(values) != len(fields):
            raise ValueError(cursor)
        model = self.qs.model
        decoded = []
        for (name, _descending), value in zip(fields, values, strict=True):
            field = model._meta.pk if name == "pk" else model._meta.get_field(name)
            if value is None or isinstance(value, (dict, list)):
                raise ValueError(cursor)
            try:
                decoded.append(field.to_python(value))
            except (DjangoValidationError, TypeError, ValueError) as exc:
                raise ValueError(cursor) from exc
        return decoded


def _plain(value: Any):
    if isinstance(value, (datetime.datetime, datetime.date)):
        return value.isoformat()
    return value


class KeysetPagination(PaginationBase):
    """``limit`` rows after ``cursor``, with the ``next`` page's link (null on the last page)."""

    class Input(Schema):
        limit: int = Field(20, ge=1, le=MAX_LIMIT, description="Rows per page (at most 100).")
        cursor: str = Field(
            "", max_length=MAX_CURSOR_LENGTH, description="Where the page starts: take it from the previous page's "
            "`next` link."
        )  # fmt: skip
        offset: int | None = Field(None, description="Not supported: follow `next` instead.")

    class Output(Schema):
        items: list[Any]
        next: str | None = Field(description="The URL of the next page; null on the last page.")

    items_attribute = "items"

    def paginate_queryset(self, queryset: Keyset, pagination: Input, request, **params) -> dict:
        if pagination.offset:
            raise HttpError(422, gettext("Pages are not counted by offset: follow the next link of the previous page."))
        rows = queryset.qs
        if pagination.cursor:
            try:
                rows = rows.filter(queryset.after(queryset.decode(pagination.cursor)))
            except ValueError:
                raise HttpError(
                    422, gettext("The cursor is not valid: take it from the next link of the previous page.")
                ) from None
        page = list(rows[: pagination.limit + 1])
        has_more = len(page) > pagination.limit
        page = page[: pagination.limit]
        next_url = None
        if has_more:
            query = {key: value for key, value in request.GET.items() if key not in ("cursor", "offset")}
            query["cursor"] = queryset.encode(page[-1])
            next_url = request.build_absolute_uri(f"{request.path}?{urlencode(query)}")
        return {"items": [queryset.mapper(row) for row in page], "next": next_url}
