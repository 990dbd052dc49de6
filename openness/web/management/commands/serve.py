"""One command from a fresh clone to a running site: migrate, load the curated data, serve."""

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = (
        "Apply migrations, import the curated EU OSAI Index data (a no-op when it is already "
        "in), and serve the site with Django's development server."
    )

    def add_arguments(self, parser):
        parser.add_argument("addrport", nargs="?", default="127.0.0.1:8000")
        parser.add_argument(
            "--skip-import", action="store_true", help="Serve without re-checking the import."
        )

    def handle(self, *args, addrport: str, skip_import: bool, **options):
        if settings.PRODUCTION:
            raise CommandError("serve is for development; production runs gunicorn.")
        call_command("migrate", interactive=False, verbosity=0)
        self.stdout.write("Database is up to date.")
        if not skip_import:
            # The index's history since 2024 loads on the first start (about a minute), then
            # each start only checks it (docs/history.md).
            call_command("import_osai", history=True, verbosity=options["verbosity"])
            call_command("import_frameworks", skip_hub=True, verbosity=options["verbosity"])
        call_command("runserver", addrport, use_reloader=False)
