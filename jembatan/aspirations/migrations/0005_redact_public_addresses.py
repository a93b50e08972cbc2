"""Mask, in the texts already published, what the earlier masking missed: house numbers, blocks and
RT/RW, emails with spaced dots and phone numbers written digit by digit. The place keeps only the
street or landmark. Only the public copies change; what the reporter wrote stays for the staff."""

from django.db import migrations

BATCH = 500


def redact_published_texts(apps, schema_editor):
    from jembatan.core.privacy import redact_place, redact_text

    Aspiration = apps.get_model("aspirations", "Aspiration")
    changed = []
    rows = Aspiration.objects.only("pk", "public_title", "public_description", "public_place").order_by("pk")
    for row in rows.iterator(chunk_size=BATCH):
        title = redact_text(row.public_title)[:150]
        description = redact_text(row.public_description)
        place = redact_place(row.public_place)[:300]
        if (title, description, place) != (row.public_title, row.public_description, row.public_place):
            row.public_title, row.public_description, row.public_place = title, description, place
            changed.append(row)
        if len(changed) >= BATCH:
            Aspiration.objects.bulk_update(changed, ["public_title", "public_description", "public_place"])
            changed = []
    if changed:
        Aspiration.objects.bulk_update(changed, ["public_title", "public_description", "public_place"])


class Migration(migrations.Migration):
    dependencies = [("aspirations", "0004_agency_answer_days_index")]

    operations = [migrations.RunPython(redact_published_texts, migrations.RunPython.noop, elidable=True)]
