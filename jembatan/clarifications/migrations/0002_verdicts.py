"""The verdict vocabulary to start with; administrators may change it (the labels in use change)."""

from django.db import migrations

VERDICTS = [
    ("hoaks", "HOAKS", 1, "Kabar bohong yang sengaja dibuat untuk menipu.", 1),
    ("disinformasi", "DISINFORMASI", 1, "Informasi salah yang disebarkan dengan sengaja.", 2),
    ("misinformasi", "MISINFORMASI", 2, "Informasi salah yang disebarkan tanpa niat menipu.", 3),
    ("menyesatkan", "MENYESATKAN", 2, "Sebagian benar, tetapi disajikan sehingga menimbulkan kesan keliru.", 4),
    ("klarifikasi", "KLARIFIKASI", 3, "Penjelasan resmi atas kabar yang beredar.", 5),
    ("benar", "BENAR", 5, "Sesuai fakta.", 6),
]


def seed(apps, schema_editor):
    Verdict = apps.get_model("clarifications", "Verdict")
    for code, label, rating, description, order in VERDICTS:
        Verdict.objects.get_or_create(
            code=code, defaults={"label": label, "rating": rating, "description": description, "order": order}
        )


class Migration(migrations.Migration):
    dependencies = [("clarifications", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
