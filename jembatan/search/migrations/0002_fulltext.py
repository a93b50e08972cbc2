"""The database-specific half of the index: GIN and newest-first indexes on PostgreSQL, an FTS5 table on SQLite.

Kept out of the model state on purpose: a GIN index cannot exist on SQLite, an FTS5 table cannot
exist on PostgreSQL, and SQLite rebuilds tables from the model state on some schema changes.
"""

from django.db import migrations

FORWARD = {
    "postgresql": [
        "CREATE INDEX IF NOT EXISTS search_document_vector_gin ON search_searchdocument USING gin (search_vector)",
        # The newest matches first: the candidates that get ranked (backends.PostgresBackend).
        "CREATE INDEX IF NOT EXISTS search_document_newest ON search_searchdocument "
        "(published_at DESC NULLS LAST, id DESC)",
    ],
    "sqlite": [
        "CREATE VIRTUAL TABLE IF NOT EXISTS search_fts USING fts5("
        "title, summary, body, tokenize = 'unicode61 remove_diacritics 2')",
    ],
}
BACKWARD = {
    "postgresql": ["DROP INDEX IF EXISTS search_document_vector_gin", "DROP INDEX IF EXISTS search_document_newest"],
    "sqlite": ["DROP TABLE IF EXISTS search_fts"],
}


def _run(statements):
    def run(apps, schema_editor):
        for sql in statements.get(schema_editor.connection.vendor, []):
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [migrations.RunPython(_run(FORWARD), _run(BACKWARD))]
