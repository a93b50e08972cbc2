"""Full-text search backends, one per database vendor, behind one small interface.

Both match the stems stored in ``SearchDocument.stemmed_*`` (see ``search.text``); the query arrives
as a list of stems that must *all* match. User text never reaches the database as query syntax:
every stem is a run of letters and digits, and each is quoted for the engine anyway.

* PostgreSQL: ``search_vector`` = title (weight A) + summary (B) + body (C) over the ``simple``
  configuration (the stemming is already done), a GIN index, ``to_tsquery('simple', ...)`` and
  ``ts_rank_cd``.
* SQLite: an FTS5 table ``search_fts(title, summary, body)`` with ``rowid = SearchDocument.id``,
  ranked with ``bm25()``.
* Anything else: ``icontains`` on the stems, newest first (correct, not fast).

Only the newest ``count_cap + 1`` matches are ranked and counted (see docs/adr/0006-search.md): a
word found in half of 100,000 articles would otherwise make every search rank 50,000 rows. Ties in
relevance go to the most recently published document. A search is one statement (the page of
ranked results with the capped count as a window); a second one counts only when a page past the
results was asked for.
"""

from __future__ import annotations

import functools
import operator
from dataclasses import dataclass

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import Count, F, Q, QuerySet, Window
from django.utils import timezone

from jembatan.search.models import SearchDocument

# What a rebuild writes over an existing document (everything but its identity).
UPSERT_FIELDS = [
    "regency_code", "district_code", "village_code", "title", "summary", "body", "url", "published_at",
    "content_type", "stemmed_title", "stemmed_summary", "stemmed_body", "rebuild_run", "updated_at",
]  # fmt: skip
RESULT_FIELDS = [
    "id", "kind", "key", "title", "summary", "body", "url", "published_at", "content_type",
    "stemmed_title", "stemmed_summary", "stemmed_body",
]  # fmt: skip
FTS_TABLE = "search_fts"
TITLE_WEIGHT, SUMMARY_WEIGHT, BODY_WEIGHT = 10.0, 4.0, 1.0  # bm25 column weights (SQLite)


@dataclass(frozen=True)
class Filters:
    kind: str | None = None
    district_code: str | None = None
    regency_code: str | None = None


class SearchBackend:
    """What the services and selectors need from a database."""

    def index(self, ids: list[int]) -> None:
        """(Re)build the match data of these documents from their stored stems."""

    def remove(self, ids: list[int]) -> None:
        """Forget the match data of these documents (call before deleting them)."""

    def upsert(self, kind: str, documents: list[dict], run: int) -> None:
        """Write these documents of ``kind`` (``services._fields`` plus ``key``), new or replacing, with their
        match data, marked as written by the rebuild ``run``. One statement per batch where the database allows."""
        rows = [
            SearchDocument(kind=kind, rebuild_run=run, updated_at=timezone.now(), **document) for document in documents
        ]
        SearchDocument.objects.bulk_create(
            rows, update_conflicts=True, unique_fields=["kind", "key"], update_fields=UPSERT_FIELDS
        )
        ids = list(
            SearchDocument.objects.filter(kind=kind, key__in=[d["key"] for d in documents]).values_list("pk", flat=True)
        )
        self.index(ids)

    def search(
        self, terms: list[str], filters: Filters, *, offset: int, limit: int, count_cap: int, match_all: bool = True
    ) -> tuple[list[SearchDocument], int]:
        """A page of matching documents, best first, and the number of matches (at most count_cap + 1).

        ``match_all``: every stem must match; otherwise any one does (more matching stems rank higher).
        """
        raise NotImplementedError

    @staticmethod
    def _filter(qs: QuerySet, filters: Filters) -> QuerySet:
        if filters.kind:
            qs = qs.filter(kind=filters.kind)
        if filters.district_code:
            qs = qs.filter(district_code=filters.district_code)
        if filters.regency_code:
            qs = qs.filter(regency_code=filters.regency_code)
        return qs

    @staticmethod
    def _capped_count(qs: QuerySet, count_cap: int) -> int:
        return qs.order_by()[: count_cap + 1].count()


class PostgresBackend(SearchBackend):
    # One statement per batch: the documents arrive as arrays (one per column, unnest()ed into rows), the
    # match data is computed in the same INSERT, and an existing document is replaced in place. No temporary
    # table (a transaction-pooling PgBouncer gives no session to keep one in) and no second UPDATE pass.
    UPSERT_SQL = (
        "INSERT INTO {table} (kind, key, regency_code, district_code, village_code, title, summary, body, url, "
        "published_at, content_type, stemmed_title, stemmed_summary, stemmed_body, search_vector, rebuild_run, "
        "updated_at) "
        "SELECT %s, d.key, d.regency_code, d.district_code, d.village_code, d.title, d.summary, d.body, d.url, "
        "d.published_at, d.content_type, d.stemmed_title, d.stemmed_summary, d.stemmed_body, "
        "setweight(to_tsvector('simple'::regconfig, d.stemmed_title), 'A') || "
        "setweight(to_tsvector('simple'::regconfig, d.stemmed_summary), 'B') || "
        "setweight(to_tsvector('simple'::regconfig, d.stemmed_body), 'C'), %s, now() "
        "FROM unnest(%s::text[], %s::text[], %s::text[], %s::text[], %s::text[], %s::text[], %s::text[], "
        "%s::text[], %s::timestamptz[], %s::text[], %s::text[], %s::text[], %s::text[]) "
        "AS d(key, regency_code, district_code, village_code, title, summary, body, url, published_at, "
        "content_type, stemmed_title, stemmed_summary, stemmed_body) "
        "ON CONFLICT (kind, key) DO UPDATE SET {updates}"
    )
    COLUMNS = (
        "key", "regency_code", "district_code", "village_code", "title", "summary", "body", "url", "published_at",
        "content_type", "stemmed_title", "stemmed_summary", "stemmed_body",
    )  # fmt: skip

    def upsert(self, kind: str, documents: list[dict], run: int) -> None:
        if not documents:
            return
        updates = ", ".join(f"{name} = EXCLUDED.{name}" for name in (*UPSERT_FIELDS, "search_vector"))
        sql = self.UPSERT_SQL.format(table=SearchDocument._meta.db_table, updates=updates)
        columns = [[document[name] for document in documents] for name in self.COLUMNS]
        with connection.cursor() as cursor:
            cursor.execute(sql, [kind, run, *columns])

    def index(self, ids: list[int]) -> None:
        vector = (
            SearchVector("stemmed_title", config="simple", weight="A")
            + SearchVector("stemmed_summary", config="simple", weight="B")
            + SearchVector("stemmed_body", config="simple", weight="C")
        )
        SearchDocument.objects.filter(pk__in=ids).update(search_vector=vector)

    @staticmethod
    def tsquery(terms: list[str], *, match_all: bool = True) -> str:
        """``'bangun' & 'jalan'``: each stem a quoted lexeme, all required (``|``: any one)."""
        joiner = " & " if match_all else " | "
        return joiner.join("'{}'".format(term.replace("'", "''").replace("\\", "\\\\")) for term in terms)

    def search(self, terms, filters, *, offset, limit, count_cap, match_all=True):
        query = SearchQuery(self.tsquery(terms, match_all=match_all), config="simple", search_type="raw")
        matches = self._filter(SearchDocument.objects.filter(search_vector=query), filters)
        # The newest count_cap + 1 matches (the GIN index finds them, an index on the publication
        # date orders them), ranked, counted by a window over those only: one statement.
        candidates = matches.order_by(F("published_at").desc(nulls_last=True), F("id").desc()).values("pk")
        rows = list(
            SearchDocument.objects.filter(pk__in=candidates[: count_cap + 1])
            .annotate(rank=SearchRank(F("search_vector"), query, cover_density=True), total=Window(Count("pk")))
            .only(*RESULT_FIELDS)
            .order_by("-rank", F("published_at").desc(nulls_last=True), "-id")[offset : offset + limit]
        )
        if rows:
            return rows, rows[0].total
        return rows, self._capped_count(matches, count_cap) if offset else 0


class SqliteBackend(SearchBackend):
    def index(self, ids: list[int]) -> None:
        self.remove(ids)
        with connection.cursor() as cursor:
            for start in range(0, len(ids), 500):
                chunk = ids[start : start + 500]
                marks = ",".join(["%s"] * len(chunk))
                cursor.execute(
                    f"INSERT INTO {FTS_TABLE} (rowid, title, summary, body) "  # noqa: S608 - placeholders only
                    f"SELECT id, stemmed_title, stemmed_summary, stemmed_body FROM {SearchDocument._meta.db_table} "
                    f"WHERE id IN ({marks})",
                    chunk,
                )

    def remove(self, ids: list[int]) -> None:
        with connection.cursor() as cursor:
            for start in range(0, len(ids), 500):
                chunk = ids[start : start + 500]
                marks = ",".join(["%s"] * len(chunk))
                cursor.execute(f"DELETE FROM {FTS_TABLE} WHERE rowid IN ({marks})", chunk)  # noqa: S608

    @staticmethod
    def match_expression(terms: list[str], *, match_all: bool = True) -> str:
        """``"bangun" "jalan"``: each stem an FTS5 string (quotes doubled), all required (``OR``: any one)."""
        joiner = " " if match_all else " OR "
        return joiner.join('"{}"'.format(term.replace('"', '""')) for term in terms)

    def search(self, terms, filters, *, offset, limit, count_cap, match_all=True):
        table = SearchDocument._meta.db_table
        where = [f"{FTS_TABLE} MATCH %s"]
        params: list = [self.match_expression(terms, match_all=match_all)]
        if filters.kind:
            where.append("d.kind = %s")
            params.append(filters.kind)
        if filters.district_code:
            where.append("d.district_code = %s")
            params.append(filters.district_code)
        if filters.regency_code:
            where.append("d.regency_code = %s")
            params.append(filters.regency_code)
        source = f"FROM {FTS_TABLE} JOIN {table} d ON d.id = {FTS_TABLE}.rowid WHERE {' AND '.join(where)}"
        newest = "ORDER BY d.published_at IS NULL, d.published_at DESC, d.id DESC"
        columns = ", ".join(f"d.{name}" for name in RESULT_FIELDS)
        rank = f"bm25({FTS_TABLE}, {TITLE_WEIGHT}, {SUMMARY_WEIGHT}, {BODY_WEIGHT})"
        # Same shape as PostgreSQL: rank and count only the newest count_cap + 1 matches.
        rows = list(
            SearchDocument.objects.raw(
                # bm25() only works in the query that holds the MATCH: rank inside, count outside.
                f"SELECT *, count(*) OVER () AS total FROM (SELECT {columns}, {rank} AS rank {source} "  # noqa: S608
                f"AND d.id IN (SELECT d.id {source} {newest} LIMIT %s)) "
                f"ORDER BY rank, published_at IS NULL, published_at DESC, id DESC LIMIT %s OFFSET %s",
                [*params, *params, count_cap + 1, limit, offset],
            )
        )
        if rows:
            return rows, rows[0].total
        if not offset:
            return rows, 0
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT count(*) FROM (SELECT 1 {source} LIMIT %s)", [*params, count_cap + 1])  # noqa: S608
            return rows, cursor.fetchone()[0]


class BasicBackend(SearchBackend):
    """Other databases: every stem must appear in the stored stems; newest first."""

    def search(self, terms, filters, *, offset, limit, count_cap, match_all=True):
        matches = self._filter(SearchDocument.objects.all(), filters)
        conditions = [
            Q(stemmed_title__icontains=term) | Q(stemmed_summary__icontains=term) | Q(stemmed_body__icontains=term)
            for term in terms
        ]
        if match_all:
            for condition in conditions:
                matches = matches.filter(condition)
        else:
            matches = matches.filter(functools.reduce(operator.or_, conditions))
        rows = list(
            matches.only(*RESULT_FIELDS).order_by(F("published_at").desc(nulls_last=True), "-id")[
                offset : offset + limit
            ]
        )
        return rows, self._capped_count(matches, count_cap)


@functools.cache
def _backend_for(vendor: str) -> SearchBackend:
    return {"postgresql": PostgresBackend, "sqlite": SqliteBackend}.get(vendor, BasicBackend)()


def get_backend() -> SearchBackend:
    return _backend_for(connection.vendor)
