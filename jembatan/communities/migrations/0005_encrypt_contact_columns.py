"""Encrypt existing KIM (applicant) and member emails and phones; the reverse decrypts them (ADR 0012)."""

from django.db import migrations

from jembatan.core.crypto import migrate_columns


def _run(apps, *, forward: bool) -> None:
    migrate_columns(apps.get_model("communities", "Kim"), ["email", "phone"], forward=forward)
    migrate_columns(apps.get_model("communities", "KimMember"), ["phone"], forward=forward)


class Migration(migrations.Migration):
    dependencies = [("communities", "0004_contact_columns_as_text")]

    operations = [
        migrations.RunPython(
            lambda apps, schema_editor: _run(apps, forward=True),
            lambda apps, schema_editor: _run(apps, forward=False),
        )
    ]
