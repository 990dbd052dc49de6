"""Rebuild what the site said on a past day, from the append-only revisions.

A model's levels on a day come from the latest revision of each assessment at the end of that
day (services.model_states_as_of); a ranking's, from the stored snapshot of every model's levels
in force that day (snapshots.py, derived from the same revisions). The scores and ranks of that
day are recomputed from those levels with the pure scoring module.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from fractions import Fraction
from functools import lru_cache
from threading import Lock

from cachetools import LRUCache, cached
from django.core.cache import cache
from django.db import connection
from django.db.models import Q
from django.utils import timezone

from openness.assessments import scoring
from openness.assessments.models import Criterion, Methodology, Revision, Track
from openness.assessments.services import criteria_specs, model_states_as_of
from openness.assessments.snapshots import levels_as_of
from openness.catalog.models import AIModel

# The site's history starts long after this; an earlier date is a typo, not a question.
EARLIEST_DAY = date(2000, 1, 1)


class AsOfError(ValueError):
    """A date that cannot be answered: malformed, before history began, or in the future."""


def as_of_parse(value: str, *, today: date | None = None) -> date:
    """A YYYY-MM-DD day, checked to lie between EARLIEST_DAY and today (UTC)."""
    text = (value or "").strip()
    try:
        day = date.fromisoformat(text)
    except ValueError:
        raise AsOfError(f"{text[:40]!r} is not a date: use YYYY-MM-DD, e.g. 2026-03-01.") from None
    if len(text) != 10:
        raise AsOfError(f"{text[:40]!r} is not a date: use YYYY-MM-DD, e.g. 2026-03-01.")
    today = today or timezone.now().date()
    if day > today:
        raise AsOfError(f"{day.isoformat()} is in the future; the latest date is {today}.")
    if day < EARLIEST_DAY:
        raise AsOfError(f"{day.isoformat()} is before {EARLIEST_DAY.isoformat()}.")
    return day


def end_of_day(day: date) -> datetime:
    """The last moment of a UTC day: a revision made at any time that day counts."""
    return datetime.combine(day + timedelta(days=1), time.min, tzinfo=UTC) - timedelta(
        microseconds=1
    )


def methodology_in_force(*, slug: str = "osai", day: date) -> Methodology | None:
    """The version of a methodology in force on `day` (effective_until is its last day)."""
    return (
        Methodology.objects.filter(slug=slug, effective_from__lte=day)
        .filter(Q(effective_until__isnull=True) | Q(effective_until__gte=day))
        .order_by("-effective_from")
        .first()
    )


def methodologies_in_force(*, slug: str = "osai", days: Iterable[date]) -> dict:
    """methodology_in_force for many days, from one read of the methodology's versions."""
    versions = list(Methodology.objects.filter(slug=slug).order_by("-effective_from"))

    def in_force(day: date) -> Methodology | None:
        for m in versions:
            if m.effective_from <= day and (m.effective_until is None or m.effective_until >= day):
                return m
        return None

    return {day: in_force(day) for day in days}


@dataclass(frozen=True)
class CriterionAsOf:
    """One criterion of a model as it stood on a day (state None: not assessed yet)."""

    criterion: Criterion
    state: dict | None

    @property
    def level(self) -> str:
        return self.state["level"] if self.state else "not_assessed"

    @property
    def notes(self) -> str:
        return self.state["notes"] if self.state else ""

    @property
    def evidence(self) -> list[dict]:
        return self.state["evidence"] if self.state else []


@dataclass(frozen=True)
class ModelAsOf:
    """A model page as it read on a day."""

    model: AIModel
    day: date
    methodology: Methodology | None
    criteria: list[CriterionAsOf]
    result: scoring.ScoreResult | None
    rank: int | None
    ranked: int  # how many models had a rank that day
    existed: bool  # False when no assessment of the model existed yet

    @property
    def total(self):
        return scoring.as_decimal(self.result.total) if self.result else None

    @property
    def groups(self) -> dict:
        if not self.result:
            return {}
        return {g: scoring.as_decimal(v) for g, v in self.result.groups.items()}

    @property
    def levels(self) -> dict[str, str]:
        return {row.criterion.code: row.level for row in self.criteria}


@dataclass(frozen=True)
class RankingRowAsOf:
    """One line of the ranking as it stood on a day."""

    model_id: int
    name: str
    slug: str
    rank: int
    total: Fraction
    result: scoring.ScoreResult
    levels: dict[str, str] = field(default_factory=dict)

    @property
    def total_decimal(self):
        return scoring.as_decimal(self.total)


def _history_version() -> int:
    """Changes whenever a revision is appended, so cached past rankings stay right. Plain SQL
    (a backward step on the primary key's index): built through the ORM's aggregate, this one
    number cost a curated model page four times the Python of its score steps' cache read."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT max(id) FROM assessments_revision")
        return cursor.fetchone()[0] or 0


def ranking_as_of(
    *, methodology: Methodology, day: date, track: str = Track.EDITORIAL
) -> list[RankingRowAsOf]:
    """Every model assessed under `methodology` by the end of `day`, scored and ranked.

    A revision recorded later with an earlier timestamp (an import with `at=`) changes the past,
    so the rows are kept under the latest revision id.
    """
    return _ranking_held(methodology, track, day, _history_version())


# The past rankings this process read last, by methodology, track, day and history version (so
# an entry is never stale): unpickling a day's ranking from the shared cache (some two hundred
# rows, each score a handful of Fractions) cost about half of an as-of ranking page's CPU. The
# rows are shared between requests and must not be changed.
RANKINGS_HELD = 64


@cached(
    LRUCache(maxsize=RANKINGS_HELD),
    key=lambda methodology, track, day, version: (methodology.pk, track, day, version),
    lock=Lock(),
)
def _ranking_held(
    methodology: Methodology, track: str, day: date, version: int
) -> list[RankingRowAsOf]:
    key = f"history:ranking:{methodology.pk}:{track}:{day.isoformat()}:{version}"
    rows = cache.get(key)
    if rows is None:
        rows = ranking_rows_as_of(methodology=methodology, day=day, track=track)
        cache.set(key, rows, timeout=3600)
    return rows


def ranking_rows_as_of(
    *, methodology: Methodology, day: date, track: str = Track.EDITORIAL
) -> list[RankingRowAsOf]:
    """ranking_as_of without the shared cache."""
    return rankings_on_days([(day, methodology)], track=track)[day]


def rankings_on_days(
    days: list[tuple[date, Methodology]], *, track: str = Track.EDITORIAL
) -> dict[date, list[RankingRowAsOf]]:
    """The ranking at the end of each day under the given methodology: one stored snapshot per
    day (snapshots.py), then one read of the criteria of each methodology and of the models
    for all the days (a month-by-month reading asks for thirty at once)."""
    levels_on = {
        day: levels_as_of(methodology_id=methodology.pk, track=track, day=day)
        for day, methodology in days
    }
    model_ids = set().union(*levels_on.values()) if levels_on else set()
    models = (
        list(
            AIModel.objects.filter(pk__in=model_ids).values_list(
                "pk", "name", "slug", "model_types", "withdrawn_at"
            )
        )
        if model_ids
        else []
    )
    specs: dict[int, tuple] = {}
    rankings = {}
    for day, methodology in days:
        levels_by_model = levels_on[day]
        if methodology.pk not in specs:
            specs[methodology.pk] = tuple(criteria_specs(methodology))
        when = end_of_day(day)
        scored = []
        for pk, name, slug, model_types, withdrawn_at in models:
            # A model the index withdrew (deleted its file) has no place from then on.
            if pk not in levels_by_model or (withdrawn_at is not None and withdrawn_at <= when):
                continue
            levels = tuple(sorted(levels_by_model[pk].items()))
            result = _score(levels, specs[methodology.pk], tuple(model_types or ()))
            scored.append((scoring.ranking_key(result.total, name, slug), pk, name, slug, result))
        scored.sort(key=lambda item: item[0])
        rankings[day] = [
            RankingRowAsOf(
                model_id=pk,
                name=name,
                slug=slug,
                rank=position,
                total=result.total,
                result=result,
                levels=levels_by_model[pk],
            )
            for position, (_key, pk, name, slug, result) in enumerate(scored, start=1)
        ]
    return rankings


@lru_cache(maxsize=16384)
def _score(levels: tuple, specs: tuple, model_types: tuple) -> scoring.ScoreResult:
    """scoring.score, once per process for each combination: most models keep their levels
    from one day to the next, so a month-by-month reading scores each state once."""
    return scoring.score(dict(levels), specs, model_types)


def _specs(criteria: list[Criterion]) -> list[scoring.CriterionSpec]:
    return [
        scoring.CriterionSpec(code=c.code, group=c.group_code, model_types=tuple(c.model_types))
        for c in criteria
    ]


def model_as_of(
    *,
    model: AIModel,
    day: date,
    methodology_slug: str = "osai",
    track: str = Track.EDITORIAL,
) -> ModelAsOf:
    """A model's levels, notes, evidence, scores and rank at the end of `day`."""
    methodology = methodology_in_force(slug=methodology_slug, day=day)
    if methodology is None:
        return ModelAsOf(model, day, None, [], None, None, 0, existed=False)
    states = model_states_as_of(model=model, when=end_of_day(day), track=track)
    criteria = list(methodology.criteria.all())
    rows = [CriterionAsOf(criterion=c, state=states.get(c.pk)) for c in criteria]
    existed = any(row.state for row in rows)
    if not existed:
        return ModelAsOf(model, day, methodology, rows, None, None, 0, existed=False)
    result = scoring.score(
        {row.criterion.code: row.level for row in rows},
        _specs(criteria),
        model.model_types or [],
    )
    ranking = ranking_as_of(methodology=methodology, day=day, track=track)
    rank = next((r.rank for r in ranking if r.model_id == model.pk), None)
    return ModelAsOf(model, day, methodology, rows, result, rank, len(ranking), existed=True)


@dataclass(frozen=True)
class LevelsAsOf:
    """A model's levels, total and rank at the end of a day, without notes or evidence: what
    a comparison shows, read from the day's stored snapshot (snapshots.py)."""

    model: AIModel
    levels: dict[str, str]
    result: scoring.ScoreResult | None
    rank: int | None
    ranked: int

    @property
    def existed(self) -> bool:
        return self.result is not None

    @property
    def total(self):
        return scoring.as_decimal(self.result.total) if self.result else None


def models_levels_as_of(
    *, models: list[AIModel], methodology: Methodology, day: date, track: str = Track.EDITORIAL
) -> list[LevelsAsOf]:
    """Several models as they stood at the end of `day`, from the ranking of that day (a model
    withdrawn by then keeps its levels and total, without a rank, as model_as_of gives it)."""
    ranking = ranking_as_of(methodology=methodology, day=day, track=track)
    ranked = {row.model_id: row for row in ranking}
    missing = [m for m in models if m.pk not in ranked]
    levels = levels_as_of(methodology_id=methodology.pk, track=track, day=day) if missing else {}
    specs = tuple(criteria_specs(methodology)) if missing else ()
    found = []
    for model in models:
        row = ranked.get(model.pk)
        if row is not None:
            found.append(LevelsAsOf(model, row.levels, row.result, row.rank, len(ranking)))
        elif model.pk in levels:
            cells = levels[model.pk]
            result = _score(tuple(sorted(cells.items())), specs, tuple(model.model_types or ()))
            found.append(LevelsAsOf(model, cells, result, None, len(ranking)))
        else:
            found.append(LevelsAsOf(model, {}, None, None, len(ranking)))
    return found


@dataclass(frozen=True)
class CriterionChange:
    """What changed on one criterion between two days."""

    criterion: Criterion
    before: CriterionAsOf
    after: CriterionAsOf
    evidence_added: list[dict]
    evidence_removed: list[dict]

    @property
    def level_changed(self) -> bool:
        return self.before.level != self.after.level

    @property
    def notes_changed(self) -> bool:
        return self.before.notes != self.after.notes


@dataclass(frozen=True)
class ModelDiff:
    """A model page on two days, and what changed between them."""

    before: ModelAsOf
    after: ModelAsOf
    changes: list[CriterionChange]
    revisions: list[Revision]  # the revisions made between the two days, oldest first

    @property
    def methodology_changed(self) -> bool:
        return (self.before.methodology and self.before.methodology.pk) != (
            self.after.methodology and self.after.methodology.pk
        )


def _evidence_key(item: dict) -> tuple:
    return (item.get("url"), item.get("title"), item.get("excerpt"), item.get("revision"))


def model_diff(
    *, model: AIModel, day_from: date, day_to: date, track: str = Track.EDITORIAL
) -> ModelDiff:
    """Compare a model at the end of `day_from` with the end of `day_to` (day_from <= day_to)."""
    if day_from > day_to:
        raise AsOfError("the first date of a comparison must not be after the second.")
    before = model_as_of(model=model, day=day_from, track=track)
    after = model_as_of(model=model, day=day_to, track=track)
    before_by_code = {row.criterion.code: row for row in before.criteria}
    changes = []
    for row in after.criteria:
        old = before_by_code.get(row.criterion.code) or CriterionAsOf(row.criterion, None)
        old_keys = {_evidence_key(e) for e in old.evidence}
        new_keys = {_evidence_key(e) for e in row.evidence}
        added = [e for e in row.evidence if _evidence_key(e) not in old_keys]
        removed = [e for e in old.evidence if _evidence_key(e) not in new_keys]
        if old.level != row.level or old.notes != row.notes or added or removed:
            changes.append(CriterionChange(row.criterion, old, row, added, removed))
    revisions = list(
        Revision.objects.filter(
            assessment__model=model,
            assessment__track=track,
            created_at__gt=end_of_day(day_from),
            created_at__lte=end_of_day(day_to),
        )
        .select_related("assessment__criterion")
        .order_by("created_at", "id")
    )
    return ModelDiff(before=before, after=after, changes=changes, revisions=revisions)


def ranks_as_of(rows: Iterable[RankingRowAsOf]) -> dict[int, int]:
    """{model_id: rank} for quick lookups (compare pages)."""
    return {row.model_id: row.rank for row in rows}
