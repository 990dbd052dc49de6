"""The data version's count in PostgreSQL (openness/lib/data_version.py), which names the
published data's version while the cache's Redis is down."""

from django.db import migrations


class Migration(migrations.Migration):
    initial = True
    dependencies = []

    operations = [
        migrations.RunSQL(
            "CREATE SEQUENCE IF NOT EXISTS openness_data_version",
            "DROP SEQUENCE IF EXISTS openness_data_version",
        )
    ]
