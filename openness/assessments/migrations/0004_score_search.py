"""Score.search: the model's and its organisation's names on the score row, kept by triggers.

The leaderboard's text search then reads one table in rank order instead of joining every
score it passes to its model (openness.web.ranking_sql.filters). PostgreSQL keeps the
column true, whatever writes the names: a score inserted without it gets it (the synthetic
catalog's INSERT ... SELECT, a dump load; scores_recompute reads it with the levels and
passes it, which saves the lookup); renaming a model, moving it to another organisation or
renaming an organisation rewrites the scores concerned.
"""

import django.contrib.postgres.indexes
import django.db.models.functions
from django.db import migrations, models

FUNCTIONS = """
CREATE FUNCTION openness_score_search_fill() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.search <> '' THEN
        RETURN NEW;  -- given by the writer (scores_recompute reads it with the levels)
    END IF;
    SELECT m.name || ' ' || o.name INTO NEW.search
    FROM catalog_aimodel m JOIN catalog_organisation o ON o.id = m.organisation_id
    WHERE m.id = NEW.model_id;
    NEW.search := coalesce(NEW.search, '');
    RETURN NEW;
END $$;

CREATE FUNCTION openness_score_search_model() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE assessments_score s SET search = NEW.name || ' ' || o.name
    FROM catalog_organisation o
    WHERE o.id = NEW.organisation_id AND s.model_id = NEW.id;
    RETURN NULL;
END $$;

CREATE FUNCTION openness_score_search_organisation() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE assessments_score s SET search = m.name || ' ' || NEW.name
    FROM catalog_aimodel m
    WHERE m.organisation_id = NEW.id AND s.model_id = m.id;
    RETURN NULL;
END $$;

CREATE TRIGGER score_search_fill BEFORE INSERT ON assessments_score
FOR EACH ROW EXECUTE FUNCTION openness_score_search_fill();

CREATE TRIGGER aimodel_score_search AFTER UPDATE OF name, organisation_id ON catalog_aimodel
FOR EACH ROW WHEN (
    OLD.name IS DISTINCT FROM NEW.name OR OLD.organisation_id IS DISTINCT FROM NEW.organisation_id
) EXECUTE FUNCTION openness_score_search_model();

CREATE TRIGGER organisation_score_search AFTER UPDATE OF name ON catalog_organisation
FOR EACH ROW WHEN (OLD.name IS DISTINCT FROM NEW.name)
EXECUTE FUNCTION openness_score_search_organisation();
"""

DROP_FUNCTIONS = """
DROP TRIGGER IF EXISTS organisation_score_search ON catalog_organisation;
DROP TRIGGER IF EXISTS aimodel_score_search ON catalog_aimodel;
DROP TRIGGER IF EXISTS score_search_fill ON assessments_score;
DROP FUNCTION IF EXISTS openness_score_search_organisation();
DROP FUNCTION IF EXISTS openness_score_search_model();
DROP FUNCTION IF EXISTS openness_score_search_fill();
"""

FILL_EXISTING = """
UPDATE assessments_score s SET search = m.name || ' ' || o.name
FROM catalog_aimodel m JOIN catalog_organisation o ON o.id = m.organisation_id
WHERE m.id = s.model_id
"""


class Migration(migrations.Migration):
    dependencies = [
        ("assessments", "0003_leaderboard_indexes"),
        ("catalog", "0006_identifiers_collate_c"),
    ]

    operations = [
        migrations.AddField(
            model_name="score",
            name="search",
            field=models.TextField(blank=True, db_default="", default="", editable=False),
        ),
        migrations.RunSQL(FILL_EXISTING, migrations.RunSQL.noop),
        migrations.RunSQL(FUNCTIONS, DROP_FUNCTIONS),
        migrations.AddIndex(
            model_name="score",
            index=django.contrib.postgres.indexes.GinIndex(
                django.contrib.postgres.indexes.OpClass(
                    django.db.models.functions.Lower("search"), name="gin_trgm_ops"
                ),
                name="score_search_trgm",
            ),
        ),
        # PostgreSQL estimates how many rows a `LIKE '%term%'` matches from this expression's
        # histogram; the default hundred entries cannot tell a term on one row in a thousand
        # from a rarer one, and the walk in rank order it then plans reads tens of thousands
        # of rows instead of the trigram index's few.
        migrations.RunSQL(
            "ALTER INDEX score_search_trgm ALTER COLUMN 1 SET STATISTICS 1000",
            migrations.RunSQL.noop,
        ),
    ]
