"""Rebuild the stored past rankings (assessments/snapshots.py) from the revisions alone."""

import time

from django.core.management.base import BaseCommand, CommandError

from openness.assessments.models import RankingSnapshot
from openness.assessments.snapshots import snapshots_rebuild


class Command(BaseCommand):
    help = (
        "Recompute the curated track's stored ranking of every day on which a level changed, "
        "from the revisions, and write the days that differ. --check writes nothing and fails "
        "if any stored day differs."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--check",
            action="store_true",
            help="Compare with what is stored and fail on any difference; write nothing.",
        )

    def handle(self, *args, check: bool, **options):
        started = time.monotonic()
        report = snapshots_rebuild(dry_run=check)
        elapsed = time.monotonic() - started
        stored = RankingSnapshot.objects.count()
        verb = "would be" if check else "were"
        self.stdout.write(
            f"Past rankings: {report.unchanged} days as stored; {report.inserted} {verb} added, "
            f"{report.updated} {verb} corrected, {report.deleted} {verb} removed "
            f"({stored} days stored). Took {elapsed:.1f} s."
        )
        if check and report.written:
            raise CommandError(
                f"{report.written} stored days differ from the revisions: "
                "run manage.py ranking_snapshots to rebuild them."
            )
