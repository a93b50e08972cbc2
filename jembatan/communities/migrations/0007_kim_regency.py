"""Every KIM carries its regency (the tenant), filled from its village."""

import django.db.models.deletion
from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def fill(apps, schema_editor):
    Kim = apps.get_model("communities", "Kim")
    Village = apps.get_model("regions", "Village")
    regency = Village.objects.filter(code=OuterRef("village_id")).values("district__regency_id")[:1]
    Kim.objects.filter(regency__isnull=True).update(regency_id=Subquery(regency))


class Migration(migrations.Migration):
    dependencies = [
        ("communities", "0006_contact_columns_encrypted"),
        ("regions", "0002_regency_official_name"),
    ]

    operations = [
        migrations.AddField(
            model_name="kim",
            name="regency",
            field=models.ForeignKey(
                null=True, on_delete=django.db.models.deletion.PROTECT, related_name="+", to="regions.regency"
            ),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="kim",
            name="regency",
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="+", to="regions.regency"),
        ),
        migrations.AddIndex(
            model_name="kim",
            index=models.Index(fields=["regency", "status"], name="communities_regency_170338_idx"),
        ),
    ]
