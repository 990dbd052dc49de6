from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from openness.opendata.dumps import DumpError, dump_load


class Command(BaseCommand):
    help = "Load an open data dump (a zip written by opendata_dump) into an empty database."

    def add_arguments(self, parser):
        parser.add_argument("archive", type=Path)

    def handle(self, *args, archive: Path, **options):
        try:
            counts = dump_load(path=archive)
        except DumpError as error:
            raise CommandError(str(error)) from None
        for table, count in counts.items():
            self.stdout.write(f"{table}: {count}")
