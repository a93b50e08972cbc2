from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.module_loading import import_string

from jembatan.communities.demo import DEMO_DOMAIN, DEMO_PASSWORD
from jembatan.core import tenancy
from jembatan.core.registry import demo_seeders
from jembatan.regions.models import Regency


class Command(BaseCommand):
    help = "Load every capability's deterministic demo data, in the order they declare. Safe to run twice."

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="allow outside DEBUG (never on a real instance)")

    def handle(self, *args, force, **options):
        if not settings.DEBUG and not force:
            raise CommandError("Demo data is only loaded with DEBUG on (or --force).")
        if not Regency.objects.filter(code=tenancy.regency_code()).exists():
            raise CommandError("Import the regions first: python manage.py import_regions")
        result: dict[str, int] = {}
        for seeder in demo_seeders():
            outcome = import_string(seeder.path)(tenancy.regency_code())
            result.update({seeder.result_key: outcome} if seeder.result_key else outcome)
        self.stdout.write(
            self.style.SUCCESS(f"Demo data ready ({result}). Accounts: admin@{DEMO_DOMAIN} … password {DEMO_PASSWORD}")
        )
