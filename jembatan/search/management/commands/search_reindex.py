import time

from django.core.management.base import BaseCommand, CommandError

from jembatan.search.registry import rebuilders
from jembatan.search.services import index_rebuild


class Command(BaseCommand):
    help = (
        "Rebuild the site search index from the owning apps (every registered kind, or those named). Search keeps "
        "working meanwhile; an interrupted rebuild resumes where it stopped when started again."
    )

    def add_arguments(self, parser):
        parser.add_argument("kinds", nargs="*", help="kinds to rebuild, e.g. kim berita (default: all)")
        parser.add_argument("--every", type=float, default=5.0, help="seconds between progress lines")

    def handle(self, *args, kinds, every, **options):
        unknown = sorted(set(kinds) - set(rebuilders()))
        if unknown:
            raise CommandError(f"Unknown kinds: {', '.join(unknown)}. Registered: {', '.join(sorted(rebuilders()))}")
        last_line = [0.0]

        def show(progress) -> None:
            now = time.monotonic()
            if now - last_line[0] < every and progress.done < progress.total:
                return
            last_line[0] = now
            written = progress.done - progress.resumed_from
            rate = written / progress.elapsed_s if progress.elapsed_s > 0 else 0.0
            left = (progress.total - progress.done) / rate if rate > 0 else 0.0
            resumed = f", resumed at {progress.resumed_from:,}" if progress.resumed_from else ""
            self.stdout.write(
                f"{progress.kind}: {progress.done:,} of about {progress.total:,} ({rate:,.0f}/s, about {left:,.0f} s "
                f"left{resumed})"
            )

        for kind, count in index_rebuild(kinds=kinds or None, progress=show).items():
            self.stdout.write(f"{kind}: {count} documents indexed")
