from django.core.management.base import BaseCommand

from openness.opendata.dumps import dump_create


class Command(BaseCommand):
    help = "Write today's open data dump (JSON, CSV, README, license) to DUMPS_ROOT."

    def handle(self, *args, **options):
        dump = dump_create()
        self.stdout.write(f"{dump.path} ({dump.size} bytes, sha256 {dump.sha256})")
