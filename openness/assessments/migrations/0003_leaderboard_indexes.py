"""Indexes for the leaderboard's level filters (openness.web.selectors)."""

from django.db import migrations


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
    ]
