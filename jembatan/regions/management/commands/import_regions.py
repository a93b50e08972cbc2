from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from jembatan.regions.services import RegionImportError, regions_import

SHIPPED = Path(__file__).resolve().parent.parent.parent / "data" / "19.71"


class Command(BaseCommand):
    help = "Import regions from a folder in the idn-area-data CSV layout (provinces/regencies/districts/villages.csv)."

    def add_arguments(self, parser):
        parser.add_argument("directory", nargs="?", default=str(SHIPPED), help="folder with the CSV files")
        parser.add_argument("--regency", default=None, help="only this regency, e.g. 19.71")

    def handle(self, *args, directory, regency, **options):
        try:
            result = regions_import(directory=Path(directory), regency=regency, progress=lambda m: self.stdout.write(m))
        except RegionImportError as exc:
            raise CommandError(f"{exc} Tidak ada data yang diimpor.") from exc
        total = sum(result.counts.values())
        self.stdout.write(self.style.SUCCESS(f"OK: {total} rows imported ({result.counts})."))
