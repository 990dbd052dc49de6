"""Replay the EU index's data repository, commit by commit, into dated revisions.

The index publishes its main branch, so the replay walks the main line (first parents): each
commit's changed cells become revisions dated at the commit, with its message as the reason
and its URL in the revision's context (the index as the actor). Commits made on a branch take
effect when their merge reached the main line, each cell credited to the branch commit that
changed it (its message and URL; its own date in the context). Renames are followed and a
deleted file withdraws its model. A file is read in its era's format (formats.py) and under
the methodology in force on the commit's day; when a new methodology comes into force, every
live model's cells are carried over to its criteria at its first moment. A malformed cell is
reported and skipped (the cell keeps its last sound state), never guessed.

Where a cell's assessment already has later revisions (the curated data was imported before its
history), the commit is added as a past revision (services.revision_backfill) and the current
judgment is left alone. A commit newer than anything imported is applied like an import: a cell
changed here since (curator edit, accepted correction) is kept, flagged and reported.

Replayed commits are recorded (UpstreamCommit) in the same transaction as their revisions: a
second run skips them, and a newer bundle or clone adds only its new commits.
"""

import time
from datetime import UTC, datetime
from pathlib import Path

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from openness.assessments.history import methodology_in_force
from openness.assessments.models import (
    Methodology,
    Revision,
    UpstreamCommit,
)
from openness.assessments.osai_history import formats
from openness.assessments.osai_history.git_source import Change, Commit, open_source
from openness.assessments.osai_history.lineage import Lineages
from openness.assessments.osai_history.replayer import Replay, ReplayReport
from openness.assessments.services import (
    scores_recompute,
)
from openness.assessments.snapshots import snapshots_refresh
from openness.catalog.models import AIModel, Organisation
from openness.lib import data_version


def osai_history_replay(
    *, source: Path, dry_run: bool = False, recompute: bool = True
) -> ReplayReport:
    """Replay every commit of `source` (a bundle or a clone) not replayed yet; see the module.

    The main line (first parents) is what the index published: each of its commits is replayed
    at its date; commits made on a branch take effect when their merge reached the main line,
    each cell credited to the branch commit that changed it.
    """
    started = time.monotonic()
    report = ReplayReport(source=source)
    with open_source(source) as repository, transaction.atomic():
        replay = Replay(repository, report)
        commits = {c.sha: c for c in repository.commits()}
        report.commits_total = len(commits)
        main_line = [commits[sha] for sha in repository.main_line()]
        merged = {c.sha: [commits[s] for s in repository.merged_by(c)] for c in main_line}
        known = set(UpstreamCommit.objects.values_list("sha", flat=True))
        report.commits_known = sum(1 for sha in commits if sha in known)
        position_of = {}
        for position, commit in enumerate(main_line):
            for sha in [*(c.sha for c in merged[commit.sha]), commit.sha]:
                position_of[sha] = position
        imported = set(
            Revision.objects.filter(source=Revision.Source.IMPORT)
            .exclude(context__upstream_commit=None)
            .values_list("context__upstream_commit", flat=True)
            .distinct()
        )
        # Commits the database already reflects (the curated data was imported at them or
        # later): their cells go behind later revisions instead of changing today's.
        reflected = max((position_of[s] for s in imported | known if s in position_of), default=-1)
        # Pass 1: every main-line change and the lineages, so that slugs come from final names.
        planned = []
        for commit in main_line:
            events = []
            for change in repository.changes(commit):
                change = _model_change(change)
                if change is None:
                    continue
                event = replay.lineages.apply(change.status, change.path, change.old_path)
                if event is not None:
                    events.append(change)
            planned.append((commit, events))
        organisations_before = set(Organisation.objects.values_list("pk", flat=True))
        first_new = next((i for i, c in enumerate(main_line) if c.sha not in known), None)
        if first_new is None:
            report.elapsed = time.monotonic() - started
            return report
        # Pass 2: the lineages again, writing from the first commit not replayed yet.
        replay.final = {lineage.key: lineage for lineage in replay.lineages.all}
        replay.lineages = Lineages()
        if first_new > 0:
            _bind_boundary(replay, planned[:first_new])
        methodology = methodology_in_force(day=main_line[first_new].committed_at.date())
        previous_at = None
        for position, (commit, changes) in enumerate(planned):
            at = commit.committed_at.astimezone(UTC)
            if previous_at and at < previous_at:
                at = previous_at  # never dated before the main-line commit replayed before it
            previous_at = at
            if position < first_new:
                continue
            in_force = methodology_in_force(day=at.date())
            if in_force is not None and methodology is not None and in_force.pk != methodology.pk:
                replay.carry_over(in_force, planned[position - 1][0], position > reflected)
            methodology = in_force
            issues: list[str] = []
            cells = 0
            explain = (
                replay.explainer(commit, merged[commit.sha], methodology) if methodology else None
            )
            for change in changes:
                event = replay.lineages.apply(change.status, change.path, change.old_path)
                if event is None:
                    continue
                if methodology is None:
                    issues.append(f"{change.path}: no methodology in force on {at.date()}; skipped")
                    continue
                cells += replay.replay_file(
                    commit,
                    change,
                    event,
                    methodology=methodology,
                    at=at,
                    new_commit=position > reflected,
                    issues=issues,
                    explain=explain,
                )
            report.issues.extend(f"{commit.sha[:7]} {issue}" for issue in issues)
            for published in [*merged[commit.sha], commit]:
                _record_commit(
                    published,
                    at,
                    position,
                    changes if published is commit else [],
                    issues if published is commit else [],
                    cells if published is commit else 0,
                )
                report.commits_replayed += 1
            report.last_commit = commit.sha
        replay.buffer.flush()
        if methodology is not None:
            _settle_organisations(replay, methodology, before=organisations_before)
        if report.commits_replayed:
            transaction.on_commit(data_version.bump)
            # The past rankings these revisions changed, stored before the replay commits.
            report.snapshot_days = snapshots_refresh().written
        if recompute and report.commits_replayed:
            current = Methodology.objects.filter(slug="osai", is_current=True).first()
            if current is not None:
                report.scores_written = scores_recompute(methodology=current)
        if dry_run:
            transaction.set_rollback(True)
    report.elapsed = time.monotonic() - started
    return report


def _settle_organisations(replay: Replay, methodology: Methodology, *, before: set) -> None:
    """Organisations this run created, named as an import of today's files names them.

    Files spell an organisation differently ("databricks", "Databricks"); the import takes the
    first file by name and fills blanks from the others, so the replay ends the same way.
    """
    created = Organisation.objects.exclude(pk__in=before)
    if not created.exists():
        return
    settled: dict[str, dict] = {}
    for name, lineage in sorted(replay.lineages.by_name.items()):
        record, _ = replay.parse(replay.blobs[lineage.key], name, methodology)
        if record is None or not record.organisation_name:
            continue
        values = settled.setdefault(
            slugify(record.organisation_name)[:200],
            {"name": record.organisation_name, "link": "", "notes": ""},
        )
        values["link"] = values["link"] or record.organisation_link
        values["notes"] = values["notes"] or record.organisation_notes
    for organisation in created:
        values = settled.get(organisation.slug)
        if values and any(getattr(organisation, k) != v for k, v in values.items()):
            Organisation.objects.filter(pk=organisation.pk).update(**values)


def _model_change(change: Change) -> Change | None:
    """The change as it concerns model files (a rename from or to another file is an addition
    or a deletion); None when it touches none."""
    new_is_model = formats.is_model_file(change.path)
    old_is_model = formats.is_model_file(change.old_path)
    if not (new_is_model or old_is_model):
        return None
    if change.status == "R" and not old_is_model:
        return Change("A", change.path, change.path, "", change.new_blob)
    if change.status == "R" and not new_is_model:
        return Change("D", change.old_path, change.old_path, change.old_blob, "")
    return change


def _record_commit(
    commit: Commit, at: datetime, position: int, changes, issues, cells: int
) -> None:
    UpstreamCommit.objects.get_or_create(
        sha=commit.sha,
        defaults={
            "committed_at": commit.committed_at,
            "recorded_at": at,
            "author": commit.author[:200],
            "message": commit.message,
            "url": commit.url,
            "position": position,
            "files_changed": [
                {"status": c.status, "file": c.path, "old": c.old_path} for c in changes
            ],
            "issues": issues,
            "cells_changed": cells,
            "replayed_at": timezone.now(),
        },
    )


def _bind_boundary(replay: Replay, done: list) -> None:
    """Follow the commits an earlier run replayed, to know each file's model and content."""
    for _commit, changes in done:
        for change in changes:
            event = replay.lineages.apply(change.status, change.path, change.old_path)
            if event is None:
                continue
            if event.kind == "delete":
                replay.blobs.pop(event.lineage.key, None)
            else:
                replay.blobs[event.lineage.key] = change.new_blob
    # A file's model is the curated model that the earlier run left under its name.
    models = {m.osai_file: m for m in AIModel.objects.filter(is_curated=True).exclude(osai_file="")}
    lineages = [*replay.lineages.by_name.items(), *replay.lineages.withdrawn.items()]
    for name, lineage in lineages:
        model = models.get(name)
        if model is not None and model.pk not in replay.bound_models:
            replay.bind(lineage, model)
