"""The Daftar Informasi Publik's search column, filled for the existing entries, and on PostgreSQL a
trigram index on it (``pg_trgm``, a trusted extension the database owner may create). Without the
extension the search still works, by scanning."""

from django.db import DatabaseError, migrations, models


def fill(apps, schema_editor):
    RegisterEntry = apps.get_model("information", "RegisterEntry")
    for entry in RegisterEntry.objects.only("number", "title", "summary").iterator(chunk_size=1000):
        entry.search_text = " ".join((entry.number, entry.title, entry.summary)).upper()
        entry.save(update_fields=["search_text"])


def index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SAVEPOINT dip_trgm")
        try:
            cursor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        except DatabaseError:  # no right to create it here: the search scans instead
            cursor.execute("ROLLBACK TO SAVEPOINT dip_trgm")
            return
        cursor.execute(
            "CREATE INDEX IF NOT EXISTS dip_search_trgm ON information_registerentry USING gin "
            "(search_text gin_trgm_ops)"
        )


def unindex(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS dip_search_trgm")


class Migration(migrations.Migration):
    dependencies = [("information", "0007_forwarded_body")]

    operations = [
        migrations.AddField(
            model_name="registerentry", name="search_text", field=models.TextField(blank=True, editable=False)
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
        migrations.RunPython(index, unindex),
    ]
