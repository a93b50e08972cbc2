"""Followers of a report become subscriptions of the notifications capability (``aspirasi:<code>``).

A confirmed follower keeps its consent (recorded now, from the follower table, as purpose "updates") and
its token, so the links in emails already sent still confirm or stop. The reporter's own row is not
copied: the reporter hears of their report as its reporter. Rows without an email (never written to)
are dropped with the table.
"""

from django.db import migrations


def forwards(apps, schema_editor):
    from jembatan.notifications.api import recipient_hash

    Follower = apps.get_model("aspirations", "Follower")
    Subscription = apps.get_model("notifications", "Subscription")
    Consent = apps.get_model("notifications", "Consent")
    for follower in Follower.objects.select_related("aspiration").iterator(chunk_size=500):
        email = (follower.email or "").strip().lower()
        aspiration = follower.aspiration
        if not email or email == (aspiration.reporter_email or "").strip().lower():
            continue
        hashed = recipient_hash("email", email)
        subject = f"aspirasi:{aspiration.code}"
        if Subscription.objects.filter(channel="email", address_hash=hashed, subject=subject).exists():
            continue
        consent = None
        if follower.confirmed_at is not None:
            consent = Consent.objects.filter(
                channel="email", recipient_hash=hashed, purpose="updates", withdrawn_at__isnull=True
            ).first() or Consent.objects.create(
                channel="email", recipient_hash=hashed, purpose="updates", text_version="2026-12",
                source="follower", regency_code=aspiration.regency_id,
            )  # fmt: skip
        Subscription.objects.create(
            channel="email", address=email, address_hash=hashed, subject=subject, consent=consent,
            token=follower.token, confirmed_at=follower.confirmed_at, regency_code=aspiration.regency_id,
        )  # fmt: skip


class Migration(migrations.Migration):
    dependencies = [
        ("aspirations", "0012_reporter_chat"),
        ("notifications", "0010_follows"),
    ]

    operations = [
        migrations.RunPython(forwards, migrations.RunPython.noop),
        migrations.DeleteModel(name="Follower"),
    ]
