"""Reads from the search index: one public search over every kind of document."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.utils.safestring import SafeString

from jembatan.search.backends import Filters, get_backend
from jembatan.search.text import highlight, opening, query_terms, snippet

COUNT_CAP = 1000  # beyond this the count is "more than 1,000" and later pages are not offered
MAX_PER_PAGE = 50


@dataclass(frozen=True)
class SearchResult:
    title: str
    title_html: SafeString
    url: str
    snippet_html: SafeString
    kind: str
    kind_label: str
    content_type: str
    published_at: datetime.datetime | None


@dataclass
class _Pages:
    num_pages: int
    count: int


@dataclass
class SearchPage:
    """One page of results, shaped like Django's ``Page`` for ``includes/pagination.html``.

    ``total`` counts at most ``COUNT_CAP`` + 1 matches; ``total_is_capped`` says there are more, and
    only the pages holding the first ``COUNT_CAP`` results can be opened.
    """

    query: str
    terms: list[str]
    number: int
    per_page: int
    total: int
    results: list[SearchResult] = field(default_factory=list)
    # True when nothing held every word and these results hold only some of them.
    matched_any: bool = False

    @property
    def total_is_capped(self) -> bool:
        return self.total > COUNT_CAP

    @property
    def paginator(self) -> _Pages:
        shown = min(self.total, COUNT_CAP)
        return _Pages(num_pages=max(1, -(-shown // self.per_page)), count=self.total)

    def has_next(self) -> bool:
        return self.number < self.paginator.num_pages

    def has_previous(self) -> bool:
        return self.number > 1

    def has_other_pages(self) -> bool:
        return self.has_next() or self.has_previous()

    def next_page_number(self) -> int:
        return self.number + 1

    def previous_page_number(self) -> int:
        return self.number - 1

    def __iter__(self):
        return iter(self.results)

    def __len__(self) -> int:
        return len(self.results)


def _result(document, terms: list[str]) -> SearchResult:
    found = snippet(document.summary, terms, stemmed=document.stemmed_summary) or snippet(
        document.body, terms, stemmed=document.stemmed_body
    )
    if found is None:
        found = opening(document.summary or document.body)
    return SearchResult(
        title=document.title,
        title_html=highlight(document.title, terms, stemmed=document.stemmed_title),
        url=document.url,
        snippet_html=found,
        kind=document.kind,
        kind_label=document.get_kind_display(),
        content_type=document.content_type or document.get_kind_display(),
        published_at=document.published_at,
    )


def search(
    query: str,
    *,
    kind: str | None = None,
    district_code: str | None = None,
    regency_code: str | None = None,
    page: int = 1,
    per_page: int = 20,
) -> SearchPage:
    """Public documents matching every word of ``query`` (by stem), most relevant first, then newest.

    When no document holds every word, those holding any of them, ranked (``matched_any``). At most
    four SQL statements; none for a query without words. Never raises on odd input.
    """
    terms = query_terms(query)
    per_page = min(max(1, int(per_page)), MAX_PER_PAGE)
    last_page = -(-COUNT_CAP // per_page)
    number = min(max(1, int(page)), last_page)
    result = SearchPage(query=query, terms=terms, number=number, per_page=per_page, total=0)
    if not terms:
        return result
    filters = Filters(kind=kind or None, district_code=district_code or None, regency_code=regency_code or None)
    backend = get_backend()
    offset = (number - 1) * per_page
    documents, total = backend.search(terms, filters, offset=offset, limit=per_page, count_cap=COUNT_CAP)
    if not total and len(terms) > 1:
        # Nothing holds every word ("jalan rusak banjir"): the documents holding the most of them.
        documents, total = backend.search(
            terms, filters, offset=offset, limit=per_page, count_cap=COUNT_CAP, match_all=False
        )
        result.matched_any = bool(total)
    result.total = total
    result.results = [_result(document, terms) for document in documents]
    return result
