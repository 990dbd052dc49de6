"""Inspect or stop the embedded PostgreSQL server that runs when no DATABASE_URL is set."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from openness.lib import embedded_pg


class Command(BaseCommand):
    help = "Show the embedded PostgreSQL server's status, or stop it."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["status", "stop"])

    def handle(self, *args, action: str, **options):
        if settings.DATABASE_URL:
            raise CommandError(
                "DATABASE_URL is set: this checkout does not use the embedded server."
            )
        base = settings.BASE_DIR
        if action == "stop":
            stopped = embedded_pg.stop(base)
            self.stdout.write("Stopped." if stopped else "Not running.")
            return
        db = settings.DATABASES["default"]
        self.stdout.write(
            f"Running: data in {embedded_pg.data_dir(base)}, socket in {db['HOST']}, "
            f"database {db['NAME']}."
        )
