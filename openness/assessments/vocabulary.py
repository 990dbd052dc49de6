"""The public vocabulary: the track names and the score unit that every surface uses.

The database keeps its own codes for the two tracks (Track.EDITORIAL and Track.AUTOMATIC) and
stores scores as fractions from 0 to 1 with six decimals. Readers never see either: pages, the
API, the ranking CSV, the dumps and their data packages all say `curated` and `hub` and give
scores in percent, the unit the pages show. Four decimals of a percentage are the stored six
decimals of the fraction, so every published figure is exact, and rounding it to one decimal
gives what the pages show (95.8333 -> 95.8).
"""

from decimal import Decimal
from fractions import Fraction

from openness.assessments import scoring
from openness.assessments.models import Track

CURATED = "curated"
HUB = "hub"
TRACK_NAMES = {Track.EDITORIAL: CURATED, Track.AUTOMATIC: HUB}
TRACKS_BY_NAME = {name: track for track, name in TRACK_NAMES.items()}
TRACK_LABELS = {CURATED: Track.EDITORIAL.label, HUB: Track.AUTOMATIC.label}
# The API's names before 2026-12-05 (the database's codes): still accepted, answered with a
# deprecation note that names the current one.
DEPRECATED_TRACK_NAMES = {"editorial": CURATED, "automatic": HUB}

PERCENT_PLACES = Decimal("0.0001")
SCORE_UNIT = "percent"
SCORE_UNIT_TEXT = (
    "a percentage from 0 to 100 with four decimals (exact: the stored score), which the pages "
    "round to one decimal"
)


def track_name(track: str) -> str:
    """The public name of a stored track code: editorial -> curated, automatic -> hub."""
    return TRACK_NAMES[Track(track)]


def percent(value: Decimal | Fraction | str | int | float) -> Decimal:
    """A stored score (0 to 1, six decimals) in the published unit: 0.958333 -> 95.8333."""
    if isinstance(value, Fraction):
        value = scoring.as_decimal(value)
    return (Decimal(str(value)) * 100).quantize(PERCENT_PLACES)


def coverage_percent(assessed: int, applicable: int) -> Decimal:
    """assessed / applicable in the published unit (0 when no criterion applies)."""
    if not applicable:
        return percent(0)
    return percent(Fraction(assessed, applicable))
