"""Import the EU Open Source AI Index's curated data into assessments, with a report."""

import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from openness.assessments.management.commands.import_osai_history import (
    DEFAULT_BUNDLE,
    write_report,
)
from openness.assessments.methodology_files import MethodologyFileError, methodologies_load
from openness.assessments.osai_history.git_source import GitSourceError, git_available
from openness.assessments.osai_history.replay import osai_history_replay
from openness.assessments.osai_import import osai_import


class Command(BaseCommand):
    help = (
        "Validate and import the EU Open Source AI Index's model files: every criterion becomes "
        "a curated assessment with its evidence; re-running changes nothing. Exits non-zero "
        "when a file failed, after importing the sound ones."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--path",
            type=Path,
            default=settings.BASE_DIR / "fixtures" / "osai-index",
            help="Folder of the index's YAML files (default: fixtures/osai-index).",
        )
        parser.add_argument(
            "--methodologies",
            type=Path,
            default=settings.BASE_DIR / "fixtures" / "methodologies",
            help="Folder of methodology definitions, loaded first (default: "
            "fixtures/methodologies).",
        )
        parser.add_argument(
            "--history",
            action="store_true",
            help="Replay the index's git history first (fixtures/osai-index-history: every "
            "upstream commit since 2024-09-12 as dated revisions; about a minute the first "
            "time, a no-op after). Skipped with a message when the bundle or git is missing.",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Validate and report what would change, then roll everything back.",
        )

    def handle(
        self, *args, path: Path, methodologies: Path, dry_run: bool, history: bool, **options
    ):
        if not path.is_dir():
            raise CommandError(f"{path}: no such folder")
        started = time.monotonic()
        # One transaction, so that a dry run rolls back the methodology definitions too.
        with transaction.atomic():
            try:
                methodologies_load(directory=methodologies)
            except MethodologyFileError as exc:
                raise CommandError(f"methodology definitions: {exc}") from None
            if history:
                self._history(dry_run=dry_run, verbosity=options["verbosity"])
            report = osai_import(path=path, dry_run=dry_run)
            if dry_run:
                transaction.set_rollback(True)
        elapsed = time.monotonic() - started

        write = self.stdout.write
        # Verbosity 0 leaves out the header and the warnings; errors and conflicts always show.
        verbose = options["verbosity"] >= 1
        commit = report.upstream_commit or "not recorded (no PROVENANCE.md)"
        if verbose:
            write(f"EU OSAI Index import from {path} (upstream commit {commit})")
            write(f"Methodology: {report.methodology}")
        for result in report.files:
            if not (result.errors or result.conflicts or (verbose and result.warnings)):
                continue
            state = "FAILED, not imported" if result.status == "failed" else result.status
            write(f"{result.file}: {state}")
            for issue in result.errors:
                write(f"  error    {issue.field}: {issue.message}")
            for issue in result.warnings if verbose else []:
                write(f"  warning  {issue.field}: {issue.message}")
            for conflict in result.conflicts:
                write(
                    f"  conflict {conflict.criterion}: local {conflict.local_level}, "
                    f"upstream {conflict.upstream_level}; local judgment kept, flagged for review"
                )
        if report.missing_files:
            write(
                f"Imported earlier but no longer in {path} (kept unchanged): "
                + ", ".join(report.missing_files)
            )
        write(report.summary())
        write(f"Scores recomputed: {report.scores_written}. Took {elapsed:.1f} s.")
        if dry_run:
            write("Dry run: nothing was saved.")
        if report.failed:
            raise CommandError(
                f"{len(report.failed)} file(s) failed: " + ", ".join(f.file for f in report.failed)
            )

    def _history(self, *, dry_run: bool, verbosity: int) -> None:
        """The upstream history first, so that the snapshot import after it finds it all in."""
        if not DEFAULT_BUNDLE.is_file():
            self.stdout.write(f"No history bundle at {DEFAULT_BUNDLE}: history not loaded.")
            return
        if not git_available():
            self.stdout.write("git is not installed: the index's history was not loaded.")
            return
        try:
            report = osai_history_replay(source=DEFAULT_BUNDLE, dry_run=dry_run)
        except GitSourceError as exc:
            self.stdout.write(f"History not loaded: {exc}")
            return
        write_report(self.stdout.write, report, verbosity=verbosity)
