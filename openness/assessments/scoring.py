"""The EU OSAI Index's scoring, as pure functions over plain data.

open = 1, partial = 0.5, closed or not assessed = 0; the total is the plain mean over the
criteria that apply to the model's type; each group score is the mean within its group.
Nothing is weighted. Ranking is by total, ties broken by name and then slug.

Beside the index's total, every score also says how much of it is known (docs/honest-scores.md):
`assessed` counts the applicable criteria judged open, partial or closed, and `upper` is the
total the model would reach if every criterion not assessed turned out open. The index's total
is then the lower bound of the range [total, upper]; the two meet when every applicable
criterion is assessed. Neither figure changes the index's own total.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_EVEN, Decimal
from fractions import Fraction

# Half-points, so that sums stay integers: open = 2, partial = 1.
HALF_POINTS = {"open": 2, "partial": 1, "closed": 0, "not_assessed": 0, "": 0}
# The levels that are a judgment; "not_assessed" and a missing level are not.
ASSESSED_LEVELS = frozenset({"open", "partial", "closed"})
SCORE_PLACES = Decimal("0.000001")


@dataclass(frozen=True)
class CriterionSpec:
    code: str
    group: str
    model_types: tuple[str, ...] = ()

    def applies_to(self, model_types: Sequence[str]) -> bool:
        return (
            not model_types
            or not self.model_types
            or bool(set(self.model_types) & set(model_types))
        )


@dataclass(frozen=True)
class ScoreResult:
    total: Fraction
    points: int  # half-points over the applicable criteria
    applicable: int
    groups: dict[str, Fraction] = field(default_factory=dict)
    # Applicable criteria judged open, partial or closed (not "not assessed", not missing).
    assessed: int = 0
    # The total if every applicable criterion not assessed were open: the range's upper end.
    upper: Fraction = Fraction(0)

    @property
    def coverage(self) -> Fraction:
        """The share of applicable criteria that are assessed (0 when none applies)."""
        return Fraction(self.assessed, self.applicable) if self.applicable else Fraction(0)


def level_value(level: str | None) -> Fraction:
    """A level's value: 1, 1/2 or 0. Unknown levels are refused, not scored as zero."""
    key = level or ""
    if key not in HALF_POINTS:
        raise ValueError(f"unknown level {level!r}")
    return Fraction(HALF_POINTS[key], 2)


def score(
    levels: Mapping[str, str | None],
    criteria: Sequence[CriterionSpec],
    model_types: Sequence[str] = (),
) -> ScoreResult:
    """Total and group scores for one model; a missing criterion counts as not assessed."""
    applicable = [c for c in criteria if c.applies_to(model_types)]
    if not applicable:
        return ScoreResult(total=Fraction(0), points=0, applicable=0, groups={})
    points = 0
    assessed = 0
    group_points: dict[str, int] = {}
    group_counts: dict[str, int] = {}
    for criterion in applicable:
        level = _checked(levels.get(criterion.code))
        value = HALF_POINTS[level]
        points += value
        assessed += level in ASSESSED_LEVELS
        group_points[criterion.group] = group_points.get(criterion.group, 0) + value
        group_counts[criterion.group] = group_counts.get(criterion.group, 0) + 1
    groups = {g: Fraction(group_points[g], 2 * group_counts[g]) for g in group_counts}
    unknown = len(applicable) - assessed
    return ScoreResult(
        total=Fraction(points, 2 * len(applicable)),
        points=points,
        applicable=len(applicable),
        groups=groups,
        assessed=assessed,
        upper=Fraction(points + 2 * unknown, 2 * len(applicable)),
    )


def as_decimal(value: Fraction) -> Decimal:
    """A score as stored: six decimal places, rounded half to even."""
    return (Decimal(value.numerator) / Decimal(value.denominator)).quantize(
        SCORE_PLACES, rounding=ROUND_HALF_EVEN
    )


def coverage_percent(assessed: int, applicable: int) -> int:
    """Coverage as a whole percentage, rounded down: what the leaderboard's minimum-coverage
    filter and coverage sort compare (ranking_sql writes the same expression in SQL)."""
    return assessed * 100 // max(applicable, 1)


def percent_text(value: Decimal | str) -> str:
    """A stored score as every page shows it: a percentage with one decimal (0.583333 ->
    "58.3")."""
    return f"{Decimal(value) * 100:.1f}"


def ranking_key(total: Fraction | Decimal, name: str, slug: str) -> tuple:
    """The ranking order: higher total first, then lower-cased name, then slug.

    services.scores_recompute applies the same order in SQL (ORDER BY total DESC,
    lower(name) COLLATE "C", slug), so that ranking millions of models needs no Python sort.
    """
    return (-Fraction(total), name.lower(), slug)


def _checked(level: str | None) -> str:
    key = level or ""
    if key not in HALF_POINTS:
        raise ValueError(f"unknown level {level!r}")
    return key
