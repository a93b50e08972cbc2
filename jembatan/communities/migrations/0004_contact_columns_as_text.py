"""KIM and member contact columns become text wide enough for a Fernet token (ADR 0012)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("communities", "0003_kim_public_contact")]

    operations = [
        migrations.AlterField(
            model_name="kim", name="email", field=models.TextField(blank=True, verbose_name="KIM email")
        ),
        migrations.AlterField(
            model_name="kim", name="phone", field=models.TextField(blank=True, verbose_name="KIM phone")
        ),
        migrations.AlterField(
            model_name="kimmember", name="phone", field=models.TextField(blank=True, verbose_name="phone")
        ),
    ]
