"""Re-stem the index with the Snowball Indonesian stemmer (ADR 0013), which replaced PySastrawi.

The stored stems came from the old stemmer; queries are now stemmed by the new one, so every
document's stems and match data are rebuilt from the original text kept beside them.
"""

from django.db import migrations

BATCH = 500

REFRESH = {
    "postgresql": [
        "UPDATE search_searchdocument SET search_vector = "
        "setweight(to_tsvector('simple'::regconfig, COALESCE(stemmed_title, '')), 'A') || "
        "setweight(to_tsvector('simple'::regconfig, COALESCE(stemmed_summary, '')), 'B') || "
        "setweight(to_tsvector('simple'::regconfig, COALESCE(stemmed_body, '')), 'C')"
    ],
    "sqlite": [
        "DELETE FROM search_fts",
        "INSERT INTO search_fts (rowid, title, summary, body) "
        "SELECT id, stemmed_title, stemmed_summary, stemmed_body FROM search_searchdocument",
    ],
}


def restem(apps, schema_editor):
    from jembatan.search.text import stem_text

    SearchDocument = apps.get_model("search", "SearchDocument")
    fields = ["stemmed_title", "stemmed_summary", "stemmed_body"]
    changed = []
    for doc in SearchDocument.objects.only("pk", "title", "summary", "body", *fields).order_by("pk").iterator(BATCH):
        doc.stemmed_title, doc.stemmed_summary, doc.stemmed_body = (
            stem_text(doc.title),
            stem_text(doc.summary),
            stem_text(doc.body),
        )
        changed.append(doc)
        if len(changed) >= BATCH:
            SearchDocument.objects.bulk_update(changed, fields)
            changed = []
    if changed:
        SearchDocument.objects.bulk_update(changed, fields)
    for sql in REFRESH.get(schema_editor.connection.vendor, []):
        schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("search", "0002_fulltext")]

    operations = [migrations.RunPython(restem, migrations.RunPython.noop, elidable=True)]
