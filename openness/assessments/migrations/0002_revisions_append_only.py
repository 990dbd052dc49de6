"""The database itself refuses to change or delete a revision: history is append-only."""

from django.db import migrations

FORWARD = """
CREATE FUNCTION assessments_revision_refuse_change() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'assessments_revision is append-only (% refused)', TG_OP;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER assessments_revision_append_only
BEFORE UPDATE OR DELETE ON assessments_revision
FOR EACH ROW EXECUTE FUNCTION assessments_revision_refuse_change();
"""

BACKWARD = """
DROP TRIGGER IF EXISTS assessments_revision_append_only ON assessments_revision;
DROP FUNCTION IF EXISTS assessments_revision_refuse_change();
"""


class Migration(migrations.Migration):
    dependencies = [("assessments", "0001_initial")]

    operations = [migrations.RunSQL(FORWARD, BACKWARD)]
