"""Score.search_key: the search text as a reader's term is compared with it.

"llama3", "LLaMA-3" and "Llama 3" are one search: lower case, accents folded (unaccent, a
contrib extension of PostgreSQL itself) and every character that is not a letter or a digit
dropped, on both sides of the comparison (web.ranking_sql.filters). The key is a stored
generated column, so that the leaderboard's walk in rank order compares a stored value (no
function call per row it passes) and the trigram index is on a plain column; it replaces the
index on lower(search), which nothing reads any more.
"""

import django.contrib.postgres.indexes
from django.contrib.postgres.operations import UnaccentExtension
from django.db import migrations, models

# IMMUTABLE, as an index and a generated column require: unaccent() alone is only STABLE
# (it reads a dictionary named by the search path), so the dictionary is named with its
# schema. [:alnum:] keeps letters of every script and digits.
FUNCTION = """
CREATE FUNCTION openness_search_key(text) RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT regexp_replace(
        lower(public.unaccent('public.unaccent'::regdictionary, $1)), '[^[:alnum:]]+', '', 'g'
    )
$$;
"""


class Migration(migrations.Migration):
    dependencies = [
        ("assessments", "0007_framework_verdicts"),
    ]

    operations = [
        UnaccentExtension(),
        migrations.RunSQL(FUNCTION, "DROP FUNCTION IF EXISTS openness_search_key(text)"),
        migrations.RemoveIndex(model_name="score", name="score_search_trgm"),
        migrations.AddField(
            model_name="score",
            name="search_key",
            field=models.GeneratedField(
                db_persist=True,
                expression=models.Func(
                    models.F("search"),
                    function="openness_search_key",
                    output_field=models.TextField(),
                ),
                output_field=models.TextField(),
            ),
        ),
        migrations.AddIndex(
            model_name="score",
            index=django.contrib.postgres.indexes.GinIndex(
                fields=["search_key"], name="score_search_key", opclasses=["gin_trgm_ops"]
            ),
        ),
        # As for the index it replaces (0004): a histogram fine enough to tell a rare term from
        # a common one, so that PostgreSQL reads a rare term's rows through the index.
        migrations.RunSQL(
            "ALTER TABLE assessments_score ALTER COLUMN search_key SET STATISTICS 1000",
            migrations.RunSQL.noop,
        ),
    ]
