from django.core.management.base import BaseCommand, CommandError

from jembatan.search.registry import rebuilders
from jembatan.search.services import index_rebuild


class Command(BaseCommand):
    help = "Rebuild the site search index from the owning apps (every registered kind, or those named)."

    def add_arguments(self, parser):
        parser.add_argument("kinds", nargs="*", help="kinds to rebuild, e.g. kim berita (default: all)")

    def handle(self, *args, kinds, **options):
        unknown = sorted(set(kinds) - set(rebuilders()))
        if unknown:
            raise CommandError(f"Unknown kinds: {', '.join(unknown)}. Registered: {', '.join(sorted(rebuilders()))}")
        for kind, count in index_rebuild(kinds=kinds or None).items():
            self.stdout.write(f"{kind}: {count} documents indexed")
