"""TRUNCATE cannot empty the status trail either, unless the emptying is deliberate.

The append-only trigger (0002) runs per row, and TRUNCATE (of the trail, or of ideas with
CASCADE) removes rows without firing row triggers. This statement trigger refuses it unless the
transaction has set ideas.models.ALLOW_TRAIL_TRUNCATE, which only the benchmark loader and the
tests' flushes do (docs/security.md).
"""

from django.db import migrations

FORBID = """
CREATE FUNCTION ideas_statuschange_no_truncate() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF current_setting('oppnasoc.allow_trail_truncate', true) IS DISTINCT FROM 'on' THEN
        RAISE EXCEPTION 'ideas_statuschange is append-only: TRUNCATE refused'
            USING ERRCODE = 'restrict_violation',
                  HINT = 'Only a deliberate emptying that sets oppnasoc.allow_trail_truncate '
                         'in its own transaction may do this.';
    END IF;
    RETURN NULL;
END;
$$;

CREATE TRIGGER ideas_statuschange_no_truncate
    BEFORE TRUNCATE ON ideas_statuschange
    FOR EACH STATEMENT EXECUTE FUNCTION ideas_statuschange_no_truncate();
"""

ALLOW = """
DROP TRIGGER IF EXISTS ideas_statuschange_no_truncate ON ideas_statuschange;
DROP FUNCTION IF EXISTS ideas_statuschange_no_truncate();
"""


class Migration(migrations.Migration):
    dependencies = [("ideas", "0009_withdrawn_comment_stays_withdrawn")]
    operations = [migrations.RunSQL(FORBID, ALLOW)]
