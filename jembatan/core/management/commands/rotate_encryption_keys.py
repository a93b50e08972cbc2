"""Re-encrypt every encrypted column with the newest key and recompute the look-up hashes (ADR 0012).

Run it after putting a new key first in JEMBATAN_ENCRYPTION_KEYS (and, if it changed, after setting
a new JEMBATAN_LOOKUP_KEY); only when it has finished may the old encryption key be dropped.
"""

from django.core.management.base import BaseCommand

from jembatan.core.crypto import reencrypt_all


class Command(BaseCommand):
    help = "Re-encrypt contact data with the newest key in JEMBATAN_ENCRYPTION_KEYS and recompute look-up hashes."

    def handle(self, *args, **options):
        for label, count in reencrypt_all().items():
            self.stdout.write(f"{label}: {count} rows re-encrypted")
