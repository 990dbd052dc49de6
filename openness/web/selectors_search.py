"""Finding a model by the name a reader types, best match first (the compare page's finder).

The leaderboard's search filters the ranking and keeps its order; a finder answers "which
model did I mean", so its few answers come by similarity of the model's name to the term,
both as search keys (openness_search_key: case, accents, spaces and punctuation dropped).
"""

from dataclasses import dataclass
from decimal import Decimal

from django.db import connection

from openness.web.ranking import has_search_key

FIND_LIMIT = 10
# How many of the matches, best ranked first, are ordered by similarity. The walk in rank
# order (or, for a rare term, the trigram index on Score.search_key) stops there, so a term
# that a hundred thousand Hub models contain costs what a page of the ranking costs.
FIND_CANDIDATES = 100

# The candidates come from the score rows alone (their search key, rank and total), and only
# those are joined to their models and organisations: a term in thousands of names joined
# every match before the limit and cost ten times as much.
_FIND_SQL = """
SELECT m.slug, m.name, o.name, c.rank, c.total
FROM (
    SELECT s.model_id, s.rank, s.total
    FROM assessments_score s
    WHERE s.methodology_id = %(methodology)s AND s.track = %(track)s
      AND s.search_key LIKE '%%' || openness_search_key(%(term)s) || '%%'
    ORDER BY s.rank
    LIMIT %(candidates)s
) AS c
JOIN catalog_aimodel m ON m.id = c.model_id
JOIN catalog_organisation o ON o.id = m.organisation_id
ORDER BY similarity(openness_search_key(m.name), openness_search_key(%(term)s)) DESC, c.rank
LIMIT %(limit)s
"""


@dataclass(frozen=True)
class Match:
    slug: str
    name: str
    organisation: str
    rank: int
    total: Decimal


def models_matching(
    term: str, *, methodology_id: int, track: str, limit: int = FIND_LIMIT
) -> list[Match]:
    """The track's models whose names (or organisation's) contain the term as a search key,
    the closest names first, then by rank (one query; none for a term without a key)."""
    if not has_search_key(term):
        return []
    with connection.cursor() as cursor:
        cursor.execute(
            _FIND_SQL,
            {
                "methodology": methodology_id,
                "track": track,
                "term": term,
                "candidates": FIND_CANDIDATES,
                "limit": limit,
            },
        )
        return [Match(*row) for row in cursor.fetchall()]
