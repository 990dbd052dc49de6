"""Load the frameworks' evidence and store every model's MOF class and OSAID verdict."""

from django.core.management.base import BaseCommand
from django.db import connection

from openness.assessments.frameworks.definitions import mof_definition, osaid_definition
from openness.assessments.frameworks.services import (
    component_licenses_import,
    framework_verdicts_recompute,
    mot_import,
)
from openness.assessments.models import Track


class Command(BaseCommand):
    help = (
        "Check the MOF and OSAID definitions (fixtures/frameworks/), record the curated files' "
        "per-component licenses, import the Model Openness Tool's model files (fixtures/mot/) "
        "and recompute every scored model's stored MOF class and OSAID verdict. Idempotent."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--unmatched", action="store_true", help="list the tool's files left unmatched"
        )
        parser.add_argument(
            "--skip-hub",
            action="store_true",
            help="recompute the curated track only (the crawler's scores_recompute keeps the "
            "Hub track's verdicts; a full Hub recompute takes minutes at millions of models)",
        )

    def handle(self, *args, unmatched=False, skip_hub=False, **options):
        mof, osaid = mof_definition(), osaid_definition()
        self.stdout.write(f"Definitions: MOF {mof.version}, OSAID {osaid.version}")
        licenses = component_licenses_import()
        self.stdout.write(f"Component licenses recorded from the EU index's notes: {licenses}")
        result = mot_import()
        for error in result.errors:
            self.stderr.write(f"  {error}")
        self.stdout.write(
            f"Model Openness Tool: {result.imported} files, {len(result.matched)} matched to a "
            f"curated model, {len(result.unmatched)} unmatched, {len(result.errors)} errors"
        )
        if options["verbosity"] > 1:
            for file, slug, basis in result.matched:
                self.stdout.write(f"  {file} -> {slug} ({basis})")
        if unmatched:
            for file in result.unmatched:
                self.stdout.write(f"  unmatched: {file}")
        tracks = (Track.EDITORIAL,) if skip_hub else (Track.EDITORIAL, Track.AUTOMATIC)
        for track in tracks:
            written = framework_verdicts_recompute(track=track, full=True)
            self.stdout.write(f"Verdicts stored ({track}): {written // 2} models")
        # Fresh statistics (and the extended ones on framework, track and order), so that the
        # lens's statements are planned for the verdicts just written, not before autovacuum.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE assessments_frameworkverdict")
