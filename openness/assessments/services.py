"""Every write to assessments, evidence and scores goes through here.

Each change to an assessment appends a Revision holding the state before and after, so that
any assessment can be rebuilt as it stood at any past moment.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from django.db import connection, transaction
from django.utils import timezone

from openness.assessments import scoring
from openness.assessments.models import (
    Assessment,
    Criterion,
    Evidence,
    Level,
    Methodology,
    Revision,
    Score,
    Track,
)
from openness.catalog.models import AIModel
from openness.lib import data_version
from openness.lib.text import clean_text
from openness.lib.urls import clean_http_url


@dataclass(frozen=True)
class EvidenceInput:
    """One cited source, as a caller proposes it."""

    url: str
    title: str = ""
    excerpt: str = ""
    kind: str = Evidence.Kind.OTHER
    retrieved_at: datetime | None = None
    revision: str = ""
    rule: str = ""

    def identity(self) -> tuple:
        """What makes two citations the same (the retrieval time does not)."""
        return (self.url, self.title, self.excerpt, self.kind, self.revision, self.rule)

    @classmethod
    def from_snapshot(cls, snapshot: dict) -> "EvidenceInput":
        """The citation a revision's evidence snapshot (Evidence.as_snapshot) describes."""
        retrieved = snapshot.get("retrieved_at")
        return cls(
            url=snapshot["url"],
            title=snapshot.get("title", ""),
            excerpt=snapshot.get("excerpt", ""),
            kind=snapshot.get("kind", Evidence.Kind.OTHER),
            retrieved_at=datetime.fromisoformat(retrieved) if retrieved else None,
            revision=snapshot.get("revision", ""),
            rule=snapshot.get("rule", ""),
        )

    def as_snapshot(self) -> dict:
        return {
            "url": self.url,
            "title": self.title,
            "excerpt": self.excerpt,
            "kind": self.kind,
            "retrieved_at": self.retrieved_at.isoformat() if self.retrieved_at else None,
            "revision": self.revision,
            "rule": self.rule,
        }


def _evidence_identity(evidence: Evidence) -> tuple:
    return (
        evidence.url,
        evidence.title,
        evidence.excerpt,
        evidence.kind,
        evidence.revision,
        evidence.rule,
    )


def assessment_lock(*, model_id: int, criterion_id: int, track: str) -> None:
    """Hold the right to change one assessment until the current transaction ends.

    Every change takes it before it reads what it depends on (the current judgment, the
    evidence it keeps, the latest revision), so concurrent changes to one assessment apply one
    after the other, each seeing the one before. An advisory lock rather than the row's lock:
    it also covers an assessment that does not exist yet. Taking it again in the same
    transaction is free.
    """
    if not connection.in_atomic_block:
        raise RuntimeError("assessment_lock is held until the transaction ends: call it in one")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_advisory_xact_lock(hashtextextended(%s, 0))",
            [f"openness:assessment:{model_id}:{criterion_id}:{track}"],
        )


@transaction.atomic
def assessment_record(
    *,
    model: AIModel,
    criterion: Criterion,
    level: str,
    notes: str,
    provenance: str,
    evidence: Sequence[EvidenceInput],
    source: str,
    reason: str,
    track: str = Track.EDITORIAL,
    actor=None,
    actor_label: str = "",
    reviewer_label: str | None = None,
    reviewed_at: datetime | None = None,
    upstream_digest: str | None = None,
    context: dict | None = None,
    at: datetime | None = None,
) -> Revision | None:
    """Set an assessment's level, notes, provenance and evidence; append a Revision.

    Returns the new Revision, or None when nothing a reader would see changed.
    `reviewer_label` names who reviewed it when that differs from the actor (an import
    credits the upstream index); it defaults to `actor_label`.
    """
    if level not in Level.values:
        raise ValueError(f"unknown level {level!r}")
    # The last gate of the text policy (openness/lib/text.py) for every writer: import,
    # admin, crawler rules and corrections.
    notes = clean_text(notes)
    reason = clean_text(reason)
    actor_label = clean_text(actor_label, multiline=False)
    if reviewer_label is not None:
        reviewer_label = clean_text(reviewer_label, multiline=False)
    if not reason.strip():
        raise ValueError("a change needs a reason")
    cleaned = [_cleaned_evidence(item) for item in evidence]
    assessment_lock(model_id=model.pk, criterion_id=criterion.pk, track=track)
    now = at or timezone.now()  # read after the lock: revisions are stamped in the lock's order

    assessment = (
        Assessment.objects.select_for_update()
        .filter(model=model, criterion=criterion, track=track)
        .first()
    )
    created = assessment is None
    if created:
        assessment = Assessment(
            model=model, criterion=criterion, track=track, provenance=provenance, updated_at=now
        )
        current: list[Evidence] = []
        old = {"level": "", "notes": "", "provenance": "", "evidence": []}
    else:
        current = list(assessment.evidence.filter(retracted_at__isnull=True))
        old = {
            "level": assessment.level,
            "notes": assessment.notes,
            "provenance": assessment.provenance,
            "evidence": [e.as_snapshot() for e in current],
        }

    current_ids = {_evidence_identity(e) for e in current}
    new_ids = [item.identity() for item in cleaned]
    unchanged = (
        not created
        and old["level"] == level
        and old["notes"] == notes
        and old["provenance"] == provenance
        and current_ids == set(new_ids)
        and len(new_ids) == len(set(new_ids))
        and len(current) == len(current_ids)
    )
    if upstream_digest is not None:
        assessment.upstream_digest = upstream_digest
    if unchanged:
        if upstream_digest is not None:
            assessment.save(update_fields=["upstream_digest"])
        return None

    assessment.level = level
    assessment.notes = notes
    assessment.provenance = provenance
    assessment.reviewed_at = reviewed_at or now
    assessment.reviewed_by = actor
    assessment.reviewer_label = actor_label if reviewer_label is None else reviewer_label
    assessment.updated_at = now
    assessment.needs_review = False
    assessment.review_reason = ""
    assessment.save()

    kept: set[tuple] = set()
    for existing in current:
        key = _evidence_identity(existing)
        if key in new_ids and key not in kept:
            kept.add(key)
        else:
            existing.retracted_at = now
            existing.save(update_fields=["retracted_at"])
    added: set[tuple] = set()
    for item in cleaned:
        key = item.identity()
        if key in kept or key in added:
            continue
        added.add(key)
        Evidence.objects.create(
            assessment=assessment,
            url=item.url,
            title=item.title,
            excerpt=item.excerpt,
            kind=item.kind,
            retrieved_at=item.retrieved_at,
            revision=item.revision,
            rule=item.rule,
            added_at=now,
        )

    new_evidence = [e.as_snapshot() for e in assessment.evidence.filter(retracted_at__isnull=True)]
    transaction.on_commit(data_version.bump)
    revision = Revision.between(
        old,
        level=level,
        notes=notes,
        provenance=provenance,
        evidence=new_evidence,
        assessment=assessment,
        created_at=now,
        actor=actor,
        actor_label=actor_label,
        source=source,
        reason=reason,
        context=context or {},
    )
    revision.save()
    return revision


def revision_backfill(
    *,
    assessment_id: int,
    before: dict | None,
    level: str,
    notes: str,
    provenance: str,
    evidence: Sequence[EvidenceInput],
    source: str,
    reason: str,
    actor_label: str,
    context: dict,
    at: datetime,
) -> Revision:
    """Append a revision dated in the past, between revisions the assessment already has.

    For history learnt late (the index's replayed commits): the assessment's current state is
    left alone, because later revisions already hold it; only the record of what it was at
    `at` is added. `before` is the state just before `at` (Revision.state()), None if none.
    """
    if level not in Level.values:
        raise ValueError(f"unknown level {level!r}")
    seen: set[tuple] = set()
    snapshots = []
    for item in map(_cleaned_evidence, evidence):
        if item.identity() not in seen:
            seen.add(item.identity())
            snapshots.append(item.as_snapshot())
    transaction.on_commit(data_version.bump)
    revision = Revision.between(
        before,
        level=level,
        notes=notes,
        provenance=provenance,
        evidence=snapshots,
        assessment_id=assessment_id,
        created_at=at,
        actor_label=actor_label,
        source=source,
        reason=reason,
        context=context,
    )
    revision.save()
    return revision


def _cleaned_evidence(item: EvidenceInput) -> EvidenceInput:
    if item.kind not in Evidence.Kind.values:
        raise ValueError(f"unknown evidence kind {item.kind!r}")
    return EvidenceInput(
        url=clean_http_url(item.url),
        title=clean_text(item.title, multiline=False).strip()[:500],
        excerpt=clean_text(item.excerpt).strip(),
        kind=item.kind,
        retrieved_at=item.retrieved_at,
        revision=clean_text(item.revision, multiline=False).strip()[:100],
        rule=clean_text(item.rule, multiline=False)[:100],
    )


def assessment_flag_for_review(*, assessment: Assessment, reason: str) -> bool:
    """Mark a curated judgment whose upstream evidence changed; True if it was not flagged yet."""
    changed = Assessment.objects.filter(pk=assessment.pk, needs_review=False).update(
        needs_review=True, review_reason=reason
    )
    return changed == 1


def assessment_state_as_of(assessment: Assessment, when: datetime) -> dict | None:
    """The assessment as it stood at `when` (None if it did not exist yet)."""
    revision = (
        assessment.revisions.filter(created_at__lte=when).order_by("-created_at", "-id").first()
    )
    return revision.state() if revision else None


def model_states_as_of(*, model: AIModel, when: datetime, track: str = Track.EDITORIAL) -> dict:
    """{criterion_id: state} for one model at `when`, in one query."""
    # The columns of Revision.state() alone: the before-state (old_evidence can be long) and the
    # reason stay in the table.
    rows = (
        Revision.objects.filter(
            assessment__model=model, assessment__track=track, created_at__lte=when
        )
        .order_by("assessment_id", "-created_at", "-id")
        .distinct("assessment_id")
        .values_list(
            "assessment__criterion_id",
            "new_level",
            "new_notes",
            "new_provenance",
            "new_evidence",
            "created_at",
        )
    )
    return {
        criterion_id: {
            "level": level,
            "notes": notes,
            "provenance": provenance,
            "evidence": evidence,
            "at": at,
        }
        for criterion_id, level, notes, provenance, evidence, at in rows
    }


def criteria_specs(methodology: Methodology) -> list[scoring.CriterionSpec]:
    return [
        scoring.CriterionSpec(code=c.code, group=c.group_code, model_types=tuple(c.model_types))
        for c in methodology.criteria.all()
    ]


def _score_rows(
    methodology: Methodology, track: str, model_ids: Iterable[int] | None
) -> Iterable[tuple[int, list[str], str, dict[str, str]]]:
    """(model_id, model_types, search text, {code: level}) for every model assessed in the
    track; the search text as Score.search holds it (model name, organisation name)."""
    # A model the index withdrew keeps its page and history but no place in the ranking.
    rows = Assessment.objects.filter(
        criterion__methodology=methodology, track=track, model__withdrawn_at__isnull=True
    )
    if model_ids is not None:
        rows = rows.filter(model_id__in=list(model_ids))
    rows = rows.order_by("model_id").values_list(
        "model_id",
        "model__model_types",
        "model__name",
        "model__organisation__name",
        "criterion__code",
        "level",
    )
    current_id, current_types, search, levels = None, [], "", {}
    for model_id, model_types, name, organisation, code, level in rows.iterator(chunk_size=20000):
        if model_id != current_id:
            if current_id is not None:
                yield current_id, current_types, search, levels
            current_id, current_types, levels = model_id, model_types or [], {}
            search = f"{name} {organisation}"
        levels[code] = level
    if current_id is not None:
        yield current_id, current_types, search, levels


@transaction.atomic
def scores_recompute(
    *,
    methodology: Methodology,
    track: str = Track.EDITORIAL,
    model_ids: Iterable[int] | None = None,
    batch_size: int = 5000,
    verdicts: bool = True,
) -> int:
    """Recompute stored scores (all models in the track, or only `model_ids`) and re-rank,
    then (under the current methodology) the frameworks' verdicts derived from the same levels.

    Returns the number of scores written.
    """
    if model_ids is not None:
        model_ids = list(model_ids)
    specs = criteria_specs(methodology)
    now = timezone.now()
    written = 0
    batch: list[Score] = []
    for model_id, model_types, search, levels in _score_rows(methodology, track, model_ids):
        result = scoring.score(levels, specs, model_types)
        batch.append(
            Score(
                model_id=model_id,
                methodology=methodology,
                track=track,
                total=scoring.as_decimal(result.total),
                points=result.points,
                applicable=result.applicable,
                assessed=result.assessed,
                total_upper=scoring.as_decimal(result.upper),
                groups={g: str(scoring.as_decimal(v)) for g, v in result.groups.items()},
                levels=levels,
                rank=0,
                computed_at=now,
                # Read with the levels, so that the insert trigger need not look it up; an
                # existing score keeps the one the rename triggers maintain (not updated here).
                search=search,
            )
        )
        if len(batch) >= batch_size:
            written += _upsert_scores(batch)
            batch = []
    if batch:
        written += _upsert_scores(batch)
    # A model withdrawn since the last run leaves the ranking (its page and history stay).
    Score.objects.filter(
        methodology=methodology, track=track, model__withdrawn_at__isnull=False
    ).delete()
    _rerank(methodology, track)
    if verdicts and methodology.is_current:
        # The MOF class and OSAID verdict read these levels: kept in step with them here.
        from openness.assessments.frameworks.services import framework_verdicts_recompute

        framework_verdicts_recompute(track=track, model_ids=model_ids, methodology=methodology)
    transaction.on_commit(data_version.bump)
    return written


def _upsert_scores(batch: list[Score]) -> int:
    Score.objects.bulk_create(
        batch,
        update_conflicts=True,
        unique_fields=["model", "methodology", "track"],
        update_fields=[
            "total",
            "points",
            "applicable",
            "assessed",
            "total_upper",
            "groups",
            "levels",
            "computed_at",
        ],
    )
    return len(batch)


def _rerank(methodology: Methodology, track: str) -> None:
    """Assign ranks in the order of scoring.ranking_key, in one statement."""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            UPDATE assessments_score AS s SET rank = ordered.position
            FROM (
                SELECT s2.id, row_number() OVER (
                    ORDER BY s2.total DESC, lower(m.name) COLLATE "C", m.slug COLLATE "C"
                ) AS position
                FROM assessments_score s2 JOIN catalog_aimodel m ON m.id = s2.model_id
                WHERE s2.methodology_id = %s AND s2.track = %s
            ) AS ordered
            WHERE s.id = ordered.id AND s.rank IS DISTINCT FROM ordered.position
            """,
            [methodology.pk, track],
        )


def current_methodology(slug: str = "osai") -> Methodology:
    return Methodology.objects.get(slug=slug, is_current=True)
