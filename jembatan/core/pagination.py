"""Pagination for public lists that may hold hundreds of thousands of rows.

Counting every matching row is what makes a large list slow (an exact COUNT(*) reads them all). A
visitor never pages through more than a few hundred pages, so public lists count at most ``cap`` + 1
rows: the page then says "more than 10,000" and offers the first ``cap`` rows, newest first, with the
filters to narrow them.
"""

from __future__ import annotations

from django.core.paginator import Paginator
from django.utils.functional import cached_property

PUBLIC_LIST_CAP = 10_000


class CappedPaginator(Paginator):
    def __init__(self, object_list, per_page, *, cap: int = PUBLIC_LIST_CAP, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.cap = cap

    @cached_property
    def found(self) -> int:
        """How many rows match, counted up to ``cap`` + 1."""
        return self.object_list[: self.cap + 1].count()

    @property
    def is_capped(self) -> bool:
        return self.found > self.cap

    @cached_property
    def count(self) -> int:
        return min(self.found, self.cap)


PAGE_PARAMETER = "halaman"


def query_without_page(request) -> str:
    """The request's query string without the page number, for the pagination links."""
    query = request.GET.copy()
    query.pop(PAGE_PARAMETER, None)
    return query.urlencode()


def paginate(request, object_list, per_page: int, *, paginator_class=Paginator):
    """The requested page of ``object_list`` (?halaman=N) and the query string its links keep."""
    page = paginator_class(object_list, per_page).get_page(request.GET.get(PAGE_PARAMETER))
    return page, query_without_page(request)
