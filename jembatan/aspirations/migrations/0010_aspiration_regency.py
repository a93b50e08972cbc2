"""Every report carries its regency (the tenant), filled from its village."""

import django.db.models.deletion
from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def fill(apps, schema_editor):
    Aspiration = apps.get_model("aspirations", "Aspiration")
    Village = apps.get_model("regions", "Village")
    regency = Village.objects.filter(code=OuterRef("village_id")).values("district__regency_id")[:1]
    Aspiration.objects.filter(regency__isnull=True).update(regency_id=Subquery(regency))


class Migration(migrations.Migration):
    dependencies = [
        ("aspirations", "0009_follower_confirmation"),
        ("regions", "0002_regency_official_name"),
    ]

    operations = [
        migrations.AddField(
            model_name="aspiration",
            name="regency",
            field=models.ForeignKey(
                null=True, on_delete=django.db.models.deletion.PROTECT, related_name="+", to="regions.regency"
            ),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="aspiration",
            name="regency",
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="+", to="regions.regency"),
        ),
        migrations.AddIndex(
            model_name="aspiration",
            index=models.Index(fields=["regency", "status", "-received_at"], name="aspiration_regency_status"),
        ),
    ]
