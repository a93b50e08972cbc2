"""Contact columns become text wide enough for a Fernet token, and followers gain an email hash (ADR 0012)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("aspirations", "0005_redact_public_addresses")]

    operations = [
        migrations.RemoveConstraint(model_name="follower", name="follower_email_once"),
        migrations.AddField(
            model_name="follower",
            name="email_hash",
            field=models.CharField(blank=True, editable=False, max_length=64),
        ),
        migrations.AlterField(
            model_name="aspiration",
            name="reporter_email",
            field=models.TextField(blank=True, verbose_name="reporter's email"),
        ),
        migrations.AlterField(
            model_name="aspiration",
            name="reporter_phone",
            field=models.TextField(blank=True, verbose_name="reporter's WhatsApp number"),
        ),
        migrations.AlterField(model_name="follower", name="email", field=models.TextField(blank=True)),
        migrations.AlterField(model_name="follower", name="phone", field=models.TextField(blank=True)),
        migrations.AddConstraint(
            model_name="follower",
            constraint=models.UniqueConstraint(
                condition=~models.Q(email_hash=""), fields=("aspiration", "email_hash"), name="follower_email_once"
            ),
        ),
    ]
