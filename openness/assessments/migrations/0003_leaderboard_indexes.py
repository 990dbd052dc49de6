"""Indexes for the leaderboard's level filters and its sorts by group and criterion.

Used by openness.web.ranking_sql (filters, sort_keys). The sort indexes name the groups
and criteria of the EU Open Source AI Index's current methodology (12 criteria, 3 groups); a
methodology with other codes sorts correctly without them, only without an index (a full scan
of its scores), until a migration like this one adds its own. Each expression must stay
identical to the one sort_keys writes, or PostgreSQL will not use the index.
"""

from django.db import migrations

GROUPS = ("availability", "documentation", "access")
CRITERIA = (
    "datasources_basemodel",
    "datasources_endmodel",
    "weights_basemodel",
    "weights_endmodel",
    "trainingcode",
    "code",
    "hardware_architecture",
    "preprint",
    "paper",
    "modelcard",
    "datasheet",
    "licenses",
)


def group_index(code: str) -> tuple[str, str]:
    # ranking_page, sort=group:<code>: ORDER BY group score DESC, rank (and its reverse).
    name = f"score_sort_group_{code}"[:63]
    return (
        f"CREATE INDEX IF NOT EXISTS {name} ON assessments_score (methodology_id, track, "
        f"(COALESCE(((groups ->> '{code}'))::numeric(7,6), '-1'::numeric)) DESC, rank)",
        f"DROP INDEX IF EXISTS {name}",
    )


def criterion_index(code: str) -> tuple[str, str]:
    # ranking_page, sort=criterion:<code>: ORDER BY level (open first) DESC, rank.
    name = f"score_sort_crit_{code}"[:63]
    level = f"(levels -> '{code}')"
    return (
        f"CREATE INDEX IF NOT EXISTS {name} ON assessments_score (methodology_id, track, "
        f"(CASE WHEN {level} = '\"open\"'::jsonb THEN 3 WHEN {level} = '\"partial\"'::jsonb "
        f"THEN 2 WHEN {level} = '\"closed\"'::jsonb THEN 1 ELSE 0 END) DESC, rank)",
        f"DROP INDEX IF EXISTS {name}",
    )


class Migration(migrations.Migration):
    dependencies = [("assessments", "0002_revisions_append_only")]

    operations = [
        # ranking_page, level_<criterion> filters: levels @> '{"paper": "open"}' (containment),
        # for the rare levels that a walk down the rank index would take long to find.
        migrations.RunSQL(
            "CREATE INDEX IF NOT EXISTS score_levels_gin ON assessments_score "
            "USING gin (levels jsonb_path_ops)",
            "DROP INDEX IF EXISTS score_levels_gin",
        ),
        *[migrations.RunSQL(*group_index(code)) for code in GROUPS],
        *[migrations.RunSQL(*criterion_index(code)) for code in CRITERIA],
    ]
