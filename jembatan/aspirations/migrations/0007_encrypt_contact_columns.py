"""Encrypt existing reporters' and followers' emails and phones; the reverse decrypts them (ADR 0012)."""

from django.db import migrations

from jembatan.core.crypto import migrate_columns


def _run(apps, *, forward: bool) -> None:
    migrate_columns(apps.get_model("aspirations", "Aspiration"), ["reporter_email", "reporter_phone"], forward=forward)
    migrate_columns(
        apps.get_model("aspirations", "Follower"), ["email", "phone"], forward=forward, hashes={"email_hash": "email"}
    )


class Migration(migrations.Migration):
    dependencies = [("aspirations", "0006_contact_columns_as_text")]

    operations = [
        migrations.RunPython(
            lambda apps, schema_editor: _run(apps, forward=True),
            lambda apps, schema_editor: _run(apps, forward=False),
        )
    ]
