"""Pagination shared by every API router (in the kernel, so each capability's router can use it)."""

from __future__ import annotations

from collections.abc import Callable

from ninja import Field, Schema
from ninja.pagination import LimitOffsetPagination

MAX_LIMIT = 100
MAX_OFFSET = 1_000_000


class BoundedLimitOffset(LimitOffsetPagination):
    """Limit/offset with bounds a database accepts (a huge offset is a 422, not a 500)."""

    class Input(Schema):
        limit: int = Field(20, ge=1, le=MAX_LIMIT)
        offset: int = Field(0, ge=0, le=MAX_OFFSET)

    def __init__(self, **kwargs):
        super().__init__(max_limit=MAX_LIMIT, **kwargs)


class MappedQuerySet:
    """Lets the paginator count and slice a queryset in SQL and map only the rows of the page."""

    def __init__(self, qs, mapper: Callable):
        self.qs = qs
        self.mapper = mapper

    def count(self):
        return self.qs.count()

    def __len__(self):
        return self.count()

    def __getitem__(self, item):
        return [self.mapper(row) for row in self.qs[item]]
