"""Followers confirm before they receive updates, and every update carries a one-step unsubscribe link.

Existing followers keep receiving updates (they are marked confirmed) and each gets its own token, so
that every update they receive from now on carries their unsubscribe link.
"""

import secrets

from django.db import migrations, models

import jembatan.aspirations.models


def fill(apps, schema_editor):
    Follower = apps.get_model("aspirations", "Follower")
    rows = list(Follower.objects.only("pk", "created_at"))
    for row in rows:
        row.token = secrets.token_urlsafe(24)
        row.confirmed_at = row.created_at
    Follower.objects.bulk_update(rows, ["token", "confirmed_at"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [("aspirations", "0008_contact_columns_encrypted")]

    operations = [
        migrations.AddField(
            model_name="follower", name="confirmed_at", field=models.DateTimeField(blank=True, null=True)
        ),
        migrations.AddField(
            model_name="follower", name="token", field=models.CharField(editable=False, max_length=40, null=True)
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="follower",
            name="token",
            field=models.CharField(
                default=jembatan.aspirations.models.follower_token, editable=False, max_length=40, unique=True
            ),
        ),
    ]
