"""Indexes for the leaderboard's sorts, filters and search (openness.web.selectors).

Built with plain SQL because they are expressions over nullable columns: each COALESCE puts the
missing values last in the order web.ranking_sql.sort_keys asks for, and must stay identical to
the expression written there.
"""

from django.db import migrations

INDEXES = [
    # ranking_page, model_type filter: model_types @> ARRAY['text'].
    "CREATE INDEX IF NOT EXISTS aimodel_model_types_gin ON catalog_aimodel USING gin (model_types)",
    # ranking_page, sort=name: ORDER BY lower(name), id (both directions).
    "CREATE INDEX IF NOT EXISTS aimodel_sort_name ON catalog_aimodel (lower(name), id)",
    # ranking_page, sort=released: ORDER BY COALESCE(release_date, '0001-01-01'), id.
    "CREATE INDEX IF NOT EXISTS aimodel_sort_released ON catalog_aimodel "
    "(COALESCE(release_date, '0001-01-01'::date), id)",
    # ranking_page, sort=created: ORDER BY COALESCE(hub_created_at, epoch), id.
    "CREATE INDEX IF NOT EXISTS aimodel_sort_created ON catalog_aimodel "
    "(COALESCE(hub_created_at, '1970-01-01 00:00:00+00:00'::timestamptz), id)",
    # ranking_page, sort=downloads: ORDER BY COALESCE(downloads, -1), id.
    "CREATE INDEX IF NOT EXISTS aimodel_sort_downloads ON catalog_aimodel "
    "(COALESCE(downloads, -1), id)",
    # ranking_page, search: the organisations whose name matches (name ~* term).
    "CREATE INDEX IF NOT EXISTS organisation_name_trgm ON catalog_organisation "
    "USING gin (name gin_trgm_ops)",
]


class Migration(migrations.Migration):
    dependencies = [("catalog", "0001_initial")]

    operations = [
        migrations.RunSQL(sql, f"DROP INDEX IF EXISTS {sql.split()[5]}") for sql in INDEXES
    ]
