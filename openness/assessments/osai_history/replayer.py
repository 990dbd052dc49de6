"""The replay's working state: each file's model, each cell's last state, and the writes.

osai_history_replay (replay.py) walks the commits; a Replay remembers what it has seen and
records each changed cell through assessments.services (see replay.py's docstring).
"""

from dataclasses import dataclass, field
from datetime import UTC, datetime
from datetime import time as day_time
from pathlib import Path

from django.db.models import Max
from django.utils import timezone

from openness.assessments.bulk_writes import AssessmentBuffer
from openness.assessments.models import (
    Assessment,
    Criterion,
    Methodology,
    Provenance,
    Revision,
    Track,
)
from openness.assessments.osai_history import attribution, formats
from openness.assessments.osai_history.git_source import Change, Commit, Repository
from openness.assessments.osai_history.lineage import FileEvent, Lineage, Lineages
from openness.assessments.osai_import import (
    REVIEWER_LABEL,
    Cell,
    Conflict,
    ModelRecord,
    _organisation,
    osai_data_parse,
    osai_yaml_load,
)
from openness.assessments.services import (
    assessment_flag_for_review,
    assessment_record,
    revision_backfill,
)
from openness.catalog.models import AIModel, Organisation

ACTOR_LABEL = "EU Open Source AI Index"


@dataclass
class ReplayReport:
    """What a replay did."""

    source: Path
    commits_total: int = 0
    commits_known: int = 0  # replayed by an earlier run
    commits_replayed: int = 0
    cells_applied: int = 0  # changed the current judgment
    cells_backfilled: int = 0  # recorded in the past, behind later revisions
    cells_carried_over: int = 0
    models_created: int = 0
    models_withdrawn: int = 0
    renames: int = 0
    scores_written: int = 0
    snapshot_days: int = 0  # stored past rankings written (snapshots.py)
    conflicts: list[Conflict] = field(default_factory=list)
    issues: list[str] = field(default_factory=list)
    elapsed: float = 0.0
    last_commit: str = ""

    def summary(self) -> str:
        return (
            f"{self.commits_total} upstream commits: {self.commits_replayed} replayed now, "
            f"{self.commits_known} replayed before; {self.cells_applied} cells applied "
            f"({self.cells_carried_over} of them carried over to a new methodology), "
            f"{self.cells_backfilled} recorded as past revisions behind later ones; "
            f"{self.models_created} models created, "
            f"{self.renames} renames followed, {self.models_withdrawn} withdrawn; "
            f"{len(self.conflicts)} conflicts; {len(self.issues)} malformed cells or files "
            "skipped"
        )


@dataclass
class CellState:
    """One assessment as the replay last saw it."""

    assessment_id: int | None
    key: tuple | None  # (level, notes, sorted urls) at the moment being replayed
    state: dict | None  # Revision.state() at that moment
    latest_at: datetime | None  # the assessment's latest revision, whenever
    latest_local: bool  # that revision was made here (curator, correction), not imported


def _cell_key(level: str, notes: str, urls) -> tuple:
    return (level, notes, tuple(sorted(urls)))


def _midnight(day) -> datetime:
    return datetime.combine(day, day_time.min, tzinfo=UTC)


class Replay:
    def __init__(self, repository: Repository, report: ReplayReport):
        self.repo = repository
        self.report = report
        self.lineages = Lineages()
        self.models: dict[int, AIModel] = {}  # lineage key -> model
        self.model_latest: dict[int, datetime | None] = {}  # model id -> latest revision
        self.bound_models: set[int] = set()
        self.blobs: dict[int, str] = {}  # lineage key -> current blob
        self.cells: dict[tuple[int, int], CellState] = {}
        self.parsed: dict[tuple[str, int], tuple[ModelRecord | None, list]] = {}
        self.criteria: dict[int, dict[str, Criterion]] = {}
        self.created: set[int] = set()  # models this run created
        self.organisations: dict[tuple[int, str], Organisation] = {}
        # The cells of models this run created, written at the end in a few statements.
        self.buffer = AssessmentBuffer()
        self.final: dict[int, Lineage] = {}  # lineage key -> the lineage at the last commit
        self.last_at: datetime | None = None

    # Reading -----------------------------------------------------------------------------

    def _criteria(self, methodology: Methodology) -> dict[str, Criterion]:
        if methodology.pk not in self.criteria:
            self.criteria[methodology.pk] = {
                c.code: c for c in methodology.criteria.order_by("group_order", "order")
            }
        return self.criteria[methodology.pk]

    def _retired(self, methodology: Methodology) -> tuple[str, ...]:
        codes = set(
            Criterion.objects.filter(methodology__slug=methodology.slug).values_list(
                "code", flat=True
            )
        )
        return tuple(sorted(codes - set(self._criteria(methodology))))

    def parse(self, blob: str, file: str, methodology: Methodology):
        """A file's record under a methodology (cells with errors left out), cached by blob."""
        cache_key = (blob, methodology.pk)
        if cache_key not in self.parsed:
            data, issues = osai_yaml_load(self.repo.blob(blob), file=file)
            record = None
            if data is not None:
                record, issues = osai_data_parse(
                    formats.current_format(data),
                    file=file,
                    criteria=tuple(self._criteria(methodology)),
                    retired=self._retired(methodology),
                    partial=True,
                )
            self.parsed[cache_key] = (record, issues)
        return self.parsed[cache_key]

    # Models ------------------------------------------------------------------------------

    def model_for(self, lineage: Lineage, record: ModelRecord | None, at: datetime):
        if lineage.key in self.models:
            return self.models[lineage.key]
        final = self.final.get(lineage.key, lineage)
        # The curated data imported before its history names the file as it is today.
        model = next(
            (
                m
                for m in AIModel.objects.filter(is_curated=True, osai_file=final.name)
                if m.pk not in self.bound_models
            ),
            None,
        )
        if model is None:
            if record is None or not record.name or not record.organisation_name:
                return None
            slug = final.slug
            existing = AIModel.objects.filter(slug=slug).first()
            if (
                existing is not None
                and not existing.osai_file
                and existing.pk not in self.bound_models
            ):
                model = existing
                self._update_model(model, record, lineage.name)
            else:
                suffix = 2
                while AIModel.objects.filter(slug=slug).exists():
                    slug = f"{final.slug}-{suffix}"
                    suffix += 1
                model = AIModel.objects.create(
                    slug=slug,
                    osai_file=lineage.name,
                    organisation=_organisation(record),
                    is_curated=True,
                    **record.fields,
                )
                self.report.models_created += 1
                self.created.add(model.pk)
        self.bind(lineage, model)
        return model

    def bind(self, lineage: Lineage, model: AIModel) -> None:
        self.models[lineage.key] = model
        self.bound_models.add(model.pk)
        self.model_latest[model.pk] = Revision.objects.filter(
            assessment__model=model, assessment__track=Track.EDITORIAL
        ).aggregate(latest=Max("created_at"))["latest"]

    def model_at_frontier(self, model: AIModel, at: datetime) -> bool:
        latest = self.model_latest.get(model.pk)
        return latest is None or latest <= at

    def _update_model(self, model: AIModel, record: ModelRecord, file: str) -> None:
        # The organisation is looked up once per name a model's files give it.
        key = (model.pk, record.organisation_name)
        if key not in self.organisations:
            self.organisations[key] = _organisation(record)
        values = {
            **record.fields,
            "organisation": self.organisations[key],
            "is_curated": True,
            "osai_file": file,
        }
        changed = [key for key, value in values.items() if getattr(model, key) != value]
        if changed:
            for key in changed:
                setattr(model, key, values[key])
            model.save(update_fields=[*changed, "updated_at"])

    # Cells -------------------------------------------------------------------------------

    def cell_state(self, model: AIModel, criterion: Criterion, at: datetime) -> CellState:
        key = (model.pk, criterion.pk)
        if key in self.cells:
            return self.cells[key]
        if model.pk in self.created:
            # A model this run created has no assessment it did not write: nothing to read.
            self.cells[key] = CellState(None, None, None, None, False)
            return self.cells[key]
        assessment = Assessment.objects.filter(
            model=model, criterion=criterion, track=Track.EDITORIAL
        ).first()
        if assessment is None:
            state = CellState(None, None, None, None, False)
        else:
            revisions = assessment.revisions.order_by("-created_at", "-id")
            latest = revisions.first()
            before = revisions.filter(created_at__lte=at).first()
            snapshot = before.state() if before else None
            state = CellState(
                assessment.pk,
                _cell_key(
                    snapshot["level"], snapshot["notes"], [e["url"] for e in snapshot["evidence"]]
                )
                if snapshot
                else None,
                snapshot,
                latest.created_at if latest else None,
                bool(latest and latest.source != Revision.Source.IMPORT),
            )
        self.cells[key] = state
        return state

    def apply_cell(
        self,
        *,
        model: AIModel,
        criterion: Criterion,
        cell: Cell,
        at: datetime,
        reason: str,
        context: dict,
        new_commit: bool,
        file: str,
    ) -> int:
        """Record one cell as of `at`; 1 if something was written."""
        state = self.cell_state(model, criterion, at)
        key = _cell_key(cell.level, cell.notes, cell.links)
        if state.key == key:
            return 0
        frontier = state.latest_at is None or state.latest_at <= at
        evidence = cell.evidence()
        if frontier or new_commit:
            if state.latest_local:
                self.report.conflicts.append(
                    Conflict(
                        file,
                        criterion.code,
                        state.state["level"] if state.state else "",
                        cell.level,
                    )
                )
                assessment_flag_for_review(
                    assessment=Assessment(pk=state.assessment_id),
                    reason=(
                        f"The EU Open Source AI Index changed this cell ({file}, upstream "
                        f"commit {context['upstream_commit']}: {cell.level}); not applied "
                        "because it was edited here since the last import."
                    ),
                )
                return 0
            when = at if frontier else timezone.now()
            if model.pk in self.created:
                revision = self._record_owned(model, criterion, cell, reason, context, at)
            else:
                revision = assessment_record(
                    model=model,
                    criterion=criterion,
                    level=cell.level,
                    notes=cell.notes,
                    provenance=Provenance.CURATED,
                    evidence=evidence,
                    source=Revision.Source.IMPORT,
                    reason=reason,
                    track=Track.EDITORIAL,
                    actor_label=ACTOR_LABEL,
                    reviewer_label=REVIEWER_LABEL,
                    upstream_digest=cell.digest,
                    context=context,
                    reviewed_at=at,
                    at=when,
                )
            if revision is None:
                state.key = key
                return 0
            state.assessment_id = revision.assessment_id
            state.latest_at = when
            self.model_latest[model.pk] = max(self.model_latest[model.pk] or when, when)
            self.report.cells_applied += 1
        else:
            revision = revision_backfill(
                assessment_id=state.assessment_id,
                before=state.state,
                level=cell.level,
                notes=cell.notes,
                provenance=Provenance.CURATED,
                evidence=evidence,
                source=Revision.Source.IMPORT,
                reason=reason,
                actor_label=ACTOR_LABEL,
                context=context,
                at=at,
            )
            self.report.cells_backfilled += 1
        state.key = key
        state.state = revision.state()
        return 1

    def _record_owned(self, model, criterion, cell: Cell, reason: str, context: dict, at):
        """A cell of a model this run created: nobody else writes it, so its history is kept
        in memory and written at the end (bulk_writes.AssessmentBuffer)."""
        return self.buffer.record(
            model=model,
            criterion=criterion,
            level=cell.level,
            notes=cell.notes,
            provenance=Provenance.CURATED,
            evidence=cell.evidence(),
            source=Revision.Source.IMPORT,
            reason=reason,
            actor_label=ACTOR_LABEL,
            reviewer_label=REVIEWER_LABEL,
            upstream_digest=cell.digest,
            context=context,
            reviewed_at=at,
            at=at,
        )

    # Commits -----------------------------------------------------------------------------

    def context(self, commit: Commit, file: str) -> dict:
        return {
            "osai_file": file,
            "upstream_commit": commit.sha,
            "upstream_url": commit.url,
            "upstream_author": commit.author,
            "upstream_committed_at": commit.committed_at.isoformat(),
        }

    def reason(self, commit: Commit) -> str:
        return commit.message or f"Upstream commit {commit.sha[:7]} (no message)."

    def replay_file(
        self,
        commit: Commit,
        change: Change,
        event: FileEvent,
        *,
        methodology: Methodology,
        at: datetime,
        new_commit: bool,
        issues: list[str],
        explain,
    ) -> int:
        lineage = event.lineage
        if event.kind == "delete":
            self.blobs.pop(lineage.key, None)
            model = self.models.get(lineage.key) or self.model_for(lineage, None, at)
            if model is not None and model.withdrawn_at is None:
                AIModel.objects.filter(pk=model.pk).update(withdrawn_at=at)
                model.withdrawn_at = at
                self.report.models_withdrawn += 1
            return 0
        self.blobs[lineage.key] = change.new_blob
        record, file_issues = self.parse(change.new_blob, change.path, methodology)
        issues.extend(str(i) for i in file_issues if i.severity == "error")
        if record is None:
            return 0
        model = self.model_for(lineage, record, at)
        if model is None:
            issues.append(f"{change.path}: no model name or organisation yet; file skipped")
            return 0
        if event.kind == "rename":
            self.report.renames += 1
        frontier = self.model_at_frontier(model, at)
        if model.withdrawn_at is not None and event.kind in ("revive", "add", "rename", "modify"):
            AIModel.objects.filter(pk=model.pk).update(withdrawn_at=None)
            model.withdrawn_at = None
        file_errors = [
            i
            for i in file_issues
            if i.severity == "error" and i.field.split(".")[0] in ("system", "org", "(file)")
        ]
        if frontier and not file_errors:
            self._update_model(model, record, change.path)
        old = None
        if change.old_blob:
            old, _ = self.parse(change.old_blob, change.old_path, methodology)
        written = 0
        for code, criterion in self._criteria(methodology).items():
            cell = record.cells.get(code)
            if cell is None:
                continue
            if old is not None and code in old.cells and old.cells[code].digest == cell.digest:
                continue
            reason, context = explain(change.path, code)
            written += self.apply_cell(
                model=model,
                criterion=criterion,
                cell=cell,
                at=at,
                reason=reason,
                context=context,
                new_commit=new_commit,
                file=change.path,
            )
        return written

    def explainer(self, commit: Commit, merged: list[Commit], methodology: Methodology):
        """(reason, context) for each cell a main-line commit changed (attribution.py)."""
        return attribution.explainer(self, commit, merged, methodology)

    def carry_over(self, methodology: Methodology, commit: Commit, new_commit: bool) -> None:
        """Every live model's cells under a methodology that comes into force."""
        at = _midnight(methodology.effective_from)
        reason = (
            f"Methodology {methodology.slug} {methodology.version} in force from "
            f"{methodology.effective_from}: the index's judgments carried over to its criteria "
            f"(upstream commit {commit.sha[:7]})."
        )
        for lineage in list(self.lineages.by_name.values()):
            blob = self.blobs.get(lineage.key)
            if not blob:
                continue
            record, _ = self.parse(blob, lineage.name, methodology)
            model = self.model_for(lineage, record, at) if record else None
            if model is None:
                continue
            context = {**self.context(commit, lineage.name), "carried_over": True}
            for code, criterion in self._criteria(methodology).items():
                if code in record.cells:
                    self.report.cells_carried_over += self.apply_cell(
                        model=model,
                        criterion=criterion,
                        cell=record.cells[code],
                        at=at,
                        reason=reason,
                        context=context,
                        new_commit=new_commit,
                        file=lineage.name,
                    )
