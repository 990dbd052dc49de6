"""Score.search_key: the search text as a reader's term is compared with it.

"llama3", "LLaMA-3" and "Llama 3" are one search: lower case, accents folded (unaccent, a
contrib extension of PostgreSQL itself) and every character that is not a letter or a digit
dropped, on both sides of the comparison (web.ranking_sql.filters). The key is a stored
generated column, so that the leaderboard's walk in rank order compares a stored value (no
function call per row it passes) and the trigram index is on a plain column; it replaces the
index on lower(search), which nothing reads any more.
"""

from django.contrib.postgres.operations import UnaccentExtension
from django.db import migrations

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


# The column and its index are the database's alone: no model field stands for them. Django
# checks a GeneratedField against the database's features at `manage.py check`, which then
# needs a server (the production settings check runs without one), and nothing in Python
# reads or writes the key: raw SQL reads it (web.ranking_sql, web.selectors_search).
COLUMN = """
ALTER TABLE assessments_score
    ADD COLUMN search_key text GENERATED ALWAYS AS (openness_search_key(search)) STORED;
CREATE INDEX score_search_key ON assessments_score USING gin (search_key gin_trgm_ops);
-- As for the index it replaces (0004): a histogram fine enough to tell a rare term from a
-- common one, so that PostgreSQL reads a rare term's rows through the index.
ALTER TABLE assessments_score ALTER COLUMN search_key SET STATISTICS 1000;
"""
DROP_COLUMN = """
DROP INDEX IF EXISTS score_search_key;
ALTER TABLE assessments_score DROP COLUMN IF EXISTS search_key;
"""


class Migration(migrations.Migration):
    dependencies = [
        ("assessments", "0009_framework_verdict_evidence"),
    ]

    operations = [
        UnaccentExtension(),
        migrations.RunSQL(FUNCTION, "DROP FUNCTION IF EXISTS openness_search_key(text)"),
        migrations.RemoveIndex(model_name="score", name="score_search_trgm"),
        migrations.RunSQL(COLUMN, DROP_COLUMN),
    ]
