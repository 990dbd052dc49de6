"""The database refuses to change or delete a correction's events: its history is append-only."""

from django.db import migrations

FORWARD = """
CREATE FUNCTION corrections_event_refuse_change() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'corrections_correctionevent is append-only (% refused)', TG_OP;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER corrections_event_append_only
BEFORE UPDATE OR DELETE ON corrections_correctionevent
FOR EACH ROW EXECUTE FUNCTION corrections_event_refuse_change();
"""

BACKWARD = """
DROP TRIGGER IF EXISTS corrections_event_append_only ON corrections_correctionevent;
DROP FUNCTION IF EXISTS corrections_event_refuse_change();
"""


class Migration(migrations.Migration):
    dependencies = [("corrections", "0002_moderators_group")]

    operations = [migrations.RunSQL(FORWARD, BACKWARD)]
