"""The contact columns now hold tokens: the model decrypts them on load (no database change)."""

from django.db import migrations

import jembatan.core.crypto


class Migration(migrations.Migration):
    dependencies = [("aspirations", "0007_encrypt_contact_columns")]

    operations = [
        migrations.AlterField(
            model_name="aspiration",
            name="reporter_email",
            field=jembatan.core.crypto.EncryptedTextField(blank=True, verbose_name="reporter's email"),
        ),
        migrations.AlterField(
            model_name="aspiration",
            name="reporter_phone",
            field=jembatan.core.crypto.EncryptedTextField(blank=True, verbose_name="reporter's WhatsApp number"),
        ),
        migrations.AlterField(
            model_name="follower", name="email", field=jembatan.core.crypto.EncryptedTextField(blank=True)
        ),
        migrations.AlterField(
            model_name="follower", name="phone", field=jembatan.core.crypto.EncryptedTextField(blank=True)
        ),
    ]
