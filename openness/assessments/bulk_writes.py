"""Many new curated assessments and their whole history, written at once (the history replay).

For assessments that one writer creates and alone changes for a while, `AssessmentBuffer`
keeps each assessment's state, evidence and revisions in memory and writes them in a few bulk
statements at the end: the same rows that assessments.services.assessment_record would have
written one change at a time (the assessment in its last state, every evidence row with the
moment it was added and, if so, retracted, one revision per change), in a handful of
statements instead of several per change.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from django.db import transaction

from openness.assessments.models import Assessment, Criterion, Evidence, Level, Revision, Track
from openness.assessments.services import EvidenceInput, _cleaned_evidence
from openness.catalog.models import AIModel
from openness.lib import data_version


@dataclass
class _EvidenceRow:
    item: EvidenceInput
    added_at: datetime
    retracted_at: datetime | None = None

    @property
    def snapshot(self) -> dict:
        return self.item.as_snapshot()


@dataclass
class _Pending:
    model_id: int
    criterion_id: int
    track: str
    fields: dict = field(default_factory=dict)
    evidence: list[_EvidenceRow] = field(default_factory=list)
    revisions: list[Revision] = field(default_factory=list)

    @property
    def current(self) -> list[_EvidenceRow]:
        return [row for row in self.evidence if row.retracted_at is None]


class AssessmentBuffer:
    """New assessments, changed in memory (`record`) and written once (`flush`)."""

    def __init__(self):
        self._pending: dict[tuple[int, int, str], _Pending] = {}

    def record(
        self,
        *,
        model: AIModel,
        criterion: Criterion,
        level: str,
        notes: str,
        provenance: str,
        evidence: Sequence[EvidenceInput],
        source: str,
        reason: str,
        actor_label: str,
        reviewer_label: str,
        upstream_digest: str,
        context: dict,
        reviewed_at: datetime,
        at: datetime,
        track: str = Track.EDITORIAL,
    ) -> Revision | None:
        """As assessment_record, for an assessment that did not exist before this buffer;
        returns the (unsaved) revision, or None when nothing a reader would see changed."""
        if level not in Level.values:
            raise ValueError(f"unknown level {level!r}")
        cleaned = [_cleaned_evidence(item) for item in evidence]
        key = (model.pk, criterion.pk, track)
        pending = self._pending.get(key)
        new_ids = [item.identity() for item in cleaned]
        if pending is None:
            pending = self._pending[key] = _Pending(model.pk, criterion.pk, track)
            before = {"level": "", "notes": "", "provenance": "", "evidence": []}
        else:
            current = pending.current
            current_ids = {row.item.identity() for row in current}
            state = (pending.fields["level"], pending.fields["notes"])
            if (
                state == (level, notes)
                and pending.fields["provenance"] == provenance
                and current_ids == set(new_ids)
                and len(new_ids) == len(set(new_ids))
                and len(current) == len(current_ids)
            ):
                pending.fields["upstream_digest"] = upstream_digest
                return None
            before = {
                "level": pending.fields["level"],
                "notes": pending.fields["notes"],
                "provenance": pending.fields["provenance"],
                "evidence": [row.snapshot for row in current],
            }
        pending.fields = {
            "level": level,
            "notes": notes,
            "provenance": provenance,
            "reviewed_at": reviewed_at,
            "reviewer_label": reviewer_label,
            "updated_at": at,
            "upstream_digest": upstream_digest,
        }
        kept: set[tuple] = set()
        for row in pending.current:
            identity = row.item.identity()
            if identity in new_ids and identity not in kept:
                kept.add(identity)
            else:
                row.retracted_at = at
        added: set[tuple] = set()
        for item in cleaned:
            if item.identity() in kept or item.identity() in added:
                continue
            added.add(item.identity())
            pending.evidence.append(_EvidenceRow(item, at))
        revision = Revision.between(
            before,
            level=level,
            notes=notes,
            provenance=provenance,
            evidence=[row.snapshot for row in pending.current],
            created_at=at,
            actor_label=actor_label,
            source=source,
            reason=reason,
            context=context,
        )
        pending.revisions.append(revision)
        return revision

    @transaction.atomic
    def flush(self, batch_size: int = 2000) -> int:
        """Write every buffered assessment, its evidence and its revisions; returns how many
        revisions were written."""
        pending = list(self._pending.values())
        if not pending:
            return 0
        assessments = Assessment.objects.bulk_create(
            [
                Assessment(
                    model_id=p.model_id, criterion_id=p.criterion_id, track=p.track, **p.fields
                )
                for p in pending
            ],
            batch_size=batch_size,
        )
        evidence, revisions = [], []
        for assessment, p in zip(assessments, pending, strict=True):
            for row in p.evidence:
                evidence.append(
                    Evidence(
                        assessment_id=assessment.pk,
                        url=row.item.url,
                        title=row.item.title,
                        excerpt=row.item.excerpt,
                        kind=row.item.kind,
                        retrieved_at=row.item.retrieved_at,
                        revision=row.item.revision,
                        rule=row.item.rule,
                        added_at=row.added_at,
                        retracted_at=row.retracted_at,
                    )
                )
            for revision in p.revisions:
                revision.assessment_id = assessment.pk
                revisions.append(revision)
        Evidence.objects.bulk_create(evidence, batch_size=batch_size)
        # In order of time, so that ids follow the order of the changes.
        revisions.sort(key=lambda r: r.created_at)
        Revision.objects.bulk_create(revisions, batch_size=batch_size)
        self._pending.clear()
        transaction.on_commit(data_version.bump)
        return len(revisions)
