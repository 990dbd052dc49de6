"""AIModel keeps its slug unique and its repository indexed, without the varchar_pattern_ops
twins that `unique=True` and `db_index=True` add on PostgreSQL: no query filters either column
by prefix, and every catalog model the crawler creates paid for both (issue 3's ingest
benchmark). The unique constraint and the equality index stay as they are (the index renamed).
"""

from django.db import migrations, models

FORWARD = [
    "DROP INDEX IF EXISTS catalog_aimodel_slug_b68c2bcc_like",
    "DROP INDEX IF EXISTS catalog_aimodel_end_model_repo_3eaa7a67_like",
    "ALTER INDEX IF EXISTS catalog_aimodel_end_model_repo_3eaa7a67 RENAME TO aimodel_end_model_repo",
]
BACKWARD = [
    "ALTER INDEX IF EXISTS aimodel_end_model_repo RENAME TO catalog_aimodel_end_model_repo_3eaa7a67",
    "CREATE INDEX IF NOT EXISTS catalog_aimodel_end_model_repo_3eaa7a67_like "
    "ON catalog_aimodel (end_model_repo varchar_pattern_ops)",
    "CREATE INDEX IF NOT EXISTS catalog_aimodel_slug_b68c2bcc_like "
    "ON catalog_aimodel (slug varchar_pattern_ops)",
]


class Migration(migrations.Migration):
    dependencies = [("catalog", "0002_leaderboard_indexes")]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[migrations.RunSQL(FORWARD, BACKWARD)],
            state_operations=[
                migrations.AlterField(
                    model_name="aimodel",
                    name="slug",
                    field=models.SlugField(db_index=False, max_length=250),
                ),
                migrations.AddConstraint(
                    model_name="aimodel",
                    constraint=models.UniqueConstraint(
                        fields=("slug",), name="catalog_aimodel_slug_key"
                    ),
                ),
                migrations.AlterField(
                    model_name="aimodel",
                    name="end_model_repo",
                    field=models.CharField(blank=True, max_length=300),
                ),
                migrations.AddIndex(
                    model_name="aimodel",
                    index=models.Index(fields=["end_model_repo"], name="aimodel_end_model_repo"),
                ),
            ],
        )
    ]
