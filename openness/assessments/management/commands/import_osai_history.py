"""Replay the EU Open Source AI Index's git history into dated revisions, with a report."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from openness.assessments.osai_history.git_source import GitSourceError
from openness.assessments.osai_history.replay import osai_history_replay

DEFAULT_BUNDLE = settings.BASE_DIR / "fixtures" / "osai-index-history" / "main-database.bundle"


class Command(BaseCommand):
    help = (
        "Replay the EU OSAI Index's data repository (a git bundle or a clone) commit by commit "
        "into dated revisions. Re-running changes nothing; a newer bundle adds its new commits."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--source",
            type=Path,
            default=DEFAULT_BUNDLE,
            help="A git bundle of the index's repository or a clone of it (default: "
            "fixtures/osai-index-history/main-database.bundle).",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Replay and report, then roll back."
        )

    def handle(self, *args, source: Path, dry_run: bool, **options):
        try:
            report = osai_history_replay(source=source, dry_run=dry_run)
        except GitSourceError as exc:
            raise CommandError(str(exc)) from None
        write_report(self.stdout.write, report, verbosity=options["verbosity"])
        if dry_run:
            self.stdout.write("Dry run: nothing was saved.")


def write_report(write, report, *, verbosity: int = 1) -> None:
    """The replay's report, as import_osai prints it too."""
    if verbosity >= 2:
        for issue in report.issues:
            write(f"  skipped  {issue}")
    elif report.issues and verbosity >= 1:
        write(
            f"  {len(report.issues)} malformed cells or files in past commits were skipped "
            "(-v 2 lists them)."
        )
    for conflict in report.conflicts:
        write(f"  conflict {conflict}; flagged for review")
    write(f"History of {report.source.name}: {report.summary()}")
    write(
        f"Scores recomputed: {report.scores_written}; past rankings stored: "
        f"{report.snapshot_days} days. Took {report.elapsed:.1f} s."
    )
