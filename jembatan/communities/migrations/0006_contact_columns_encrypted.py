"""The contact columns now hold tokens: the model decrypts them on load (no database change)."""

from django.db import migrations

import jembatan.core.crypto


class Migration(migrations.Migration):
    dependencies = [("communities", "0005_encrypt_contact_columns")]

    operations = [
        migrations.AlterField(
            model_name="kim",
            name="email",
            field=jembatan.core.crypto.EncryptedTextField(blank=True, verbose_name="KIM email"),
        ),
        migrations.AlterField(
            model_name="kim",
            name="phone",
            field=jembatan.core.crypto.EncryptedTextField(blank=True, verbose_name="KIM phone"),
        ),
        migrations.AlterField(
            model_name="kimmember",
            name="phone",
            field=jembatan.core.crypto.EncryptedTextField(blank=True, verbose_name="phone"),
        ),
    ]
