from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from jembatan.communities.demo import DEMO_DOMAIN, DEMO_PASSWORD, seed_demo
from jembatan.regions.models import Regency


class Command(BaseCommand):
    help = "Load deterministic demo data (agencies, staff accounts, KIMs). Safe to run twice."

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="allow outside DEBUG (never on a real instance)")

    def handle(self, *args, force, **options):
        if not settings.DEBUG and not force:
            raise CommandError("Demo data is only loaded with DEBUG on (or --force).")
        if not Regency.objects.filter(code=settings.JEMBATAN_REGENCY).exists():
            raise CommandError("Import the regions first: python manage.py import_regions")
        result = seed_demo(settings.JEMBATAN_REGENCY)
        from jembatan.aspirations.demo import seed_aspirations

        result["aspirations_created"] = seed_aspirations(settings.JEMBATAN_REGENCY)
        from jembatan.newsroom.demo import seed_newsroom

        result["news_items_created"] = seed_newsroom(settings.JEMBATAN_REGENCY)
        from jembatan.dissemination.demo import seed_reach

        result["disseminations_created"] = seed_reach(settings.JEMBATAN_REGENCY)
        self.stdout.write(
            self.style.SUCCESS(f"Demo data ready ({result}). Accounts: admin@{DEMO_DOMAIN} … password {DEMO_PASSWORD}")
        )
