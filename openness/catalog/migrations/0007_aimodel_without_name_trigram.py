"""The leaderboard's text search reads assessments_score.search (assessments 0004), so the
trigram index on catalog_aimodel.name has no reader left; every crawled model paid for it."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("catalog", "0006_identifiers_collate_c"),
        ("assessments", "0004_score_search"),
    ]

    operations = [
        migrations.RemoveIndex(model_name="aimodel", name="aimodel_name_trgm"),
    ]
