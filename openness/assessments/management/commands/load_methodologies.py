"""Load the methodology definitions (fixtures/methodologies/*.yaml) into the database."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from openness.assessments.methodology_files import MethodologyFileError, methodologies_load


class Command(BaseCommand):
    help = "Create or update methodology versions and their criteria from their YAML files."

    def add_arguments(self, parser):
        parser.add_argument(
            "--path",
            type=Path,
            default=settings.BASE_DIR / "fixtures" / "methodologies",
            help="Folder of methodology definition files (default: fixtures/methodologies).",
        )

    def handle(self, *args, path: Path, **options):
        try:
            results = methodologies_load(directory=path)
        except MethodologyFileError as exc:
            raise CommandError(str(exc)) from None
        for result in results:
            m = result.methodology
            state = "created" if result.created else ("updated" if result.changed else "unchanged")
            line = f"{m.slug} {m.version}: {state}"
            if result.criteria_created:
                line += f"; criteria added: {', '.join(result.criteria_created)}"
            if result.criteria_updated:
                line += f"; criteria updated: {', '.join(result.criteria_updated)}"
            self.stdout.write(line)
            if result.criteria_not_in_file:
                self.stdout.write(
                    f"  kept (not in the file, never deleted): "
                    f"{', '.join(result.criteria_not_in_file)}"
                )
