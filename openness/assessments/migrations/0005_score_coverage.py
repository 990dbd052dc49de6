"""Score.assessed and Score.total_upper: how much of a total is known (docs/honest-scores.md).

`assessed` counts the applicable criteria judged open, partial or closed; `total_upper` is the
total if every criterion not assessed were open. Existing scores are filled in one statement
from what they already hold (their levels, points and applicable count), by the same rule as
scoring.score: a criterion applies when the model or the criterion names no type, or they
share one. The EU index's own `total` is not touched.

The coverage index serves the Hub leaderboard's sort by coverage (ranking_sql.sort_keys,
sort=coverage: whole percent of applicable criteria assessed, most first, then rank); its
expression must stay identical to the one sort_keys writes.
"""

from django.db import migrations, models

BACKFILL = """
UPDATE assessments_score s
SET assessed = known.assessed,
    total_upper = CASE WHEN s.applicable = 0 THEN 0
        ELSE round((s.points + 2 * (s.applicable - known.assessed))::numeric
                   / (2 * s.applicable), 6) END
FROM (
    SELECT s2.id, count(c.id) FILTER (
        WHERE s2.levels ->> c.code IN ('open', 'partial', 'closed')
    ) AS assessed
    FROM assessments_score s2
    JOIN catalog_aimodel m ON m.id = s2.model_id
    JOIN assessments_criterion c ON c.methodology_id = s2.methodology_id AND (
        cardinality(m.model_types) = 0 OR cardinality(c.model_types) = 0
        OR m.model_types::text[] && c.model_types::text[]
    )
    GROUP BY s2.id
) AS known
WHERE s.id = known.id
"""

COVERAGE_INDEX = (
    "CREATE INDEX IF NOT EXISTS score_sort_coverage ON assessments_score (methodology_id, "
    "track, ((assessed * 100) / GREATEST(applicable, 1)) DESC, rank)"
)


class Migration(migrations.Migration):
    dependencies = [("assessments", "0004_score_search")]

    operations = [
        migrations.AddField(
            model_name="score",
            name="assessed",
            field=models.PositiveIntegerField(default=0),
        ),
        migrations.AddField(
            model_name="score",
            name="total_upper",
            field=models.DecimalField(decimal_places=6, default=0, max_digits=7),
        ),
        migrations.RunSQL(BACKFILL, migrations.RunSQL.noop),
        migrations.RunSQL(COVERAGE_INDEX, "DROP INDEX IF EXISTS score_sort_coverage"),
    ]
