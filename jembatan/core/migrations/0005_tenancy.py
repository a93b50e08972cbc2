"""Audit rows and the working-day calendar belong to a regency (the tenant).

Existing rows belong to the installation's regency (``core.tenancy``); audit rows of an object that
carries a regency are given that one where it can be read (KIMs and reports are filled in their apps).
"""

from django.db import migrations, models

import jembatan.core.models


def fill(apps, schema_editor):
    from jembatan.core import tenancy

    code = tenancy.regency_code()
    apps.get_model("core", "AuditLog").objects.filter(regency_code="").update(regency_code=code)
    apps.get_model("core", "CalendarOverride").objects.filter(regency_code="").update(regency_code=code)
    apps.get_model("core", "CalendarSettings").objects.filter(regency_code="").update(regency_code=code)


class Migration(migrations.Migration):
    dependencies = [("core", "0004_email_delivery")]

    operations = [
        migrations.AddField(
            model_name="auditlog",
            name="regency_code",
            field=models.CharField(
                blank=True, default=jembatan.core.models.current_regency_code, max_length=13, verbose_name="regency"
            ),
        ),
        migrations.AddIndex(
            model_name="auditlog",
            index=models.Index(fields=["regency_code", "-created_at"], name="audit_regency_time"),
        ),
        migrations.AddField(
            model_name="calendaroverride",
            name="regency_code",
            field=models.CharField(default="", max_length=13, verbose_name="regency"),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="calendarsettings",
            name="regency_code",
            field=models.CharField(default="", max_length=13, verbose_name="regency"),
            preserve_default=False,
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="calendaroverride",
            name="date",
            field=models.DateField(verbose_name="date"),
        ),
        migrations.AddConstraint(
            model_name="calendaroverride",
            constraint=models.UniqueConstraint(
                fields=("regency_code", "date"), name="calendar_override_once_per_regency"
            ),
        ),
        migrations.AlterField(
            model_name="calendarsettings",
            name="regency_code",
            field=models.CharField(max_length=13, unique=True, verbose_name="regency"),
        ),
    ]
