"""The status trail is append-only, enforced by PostgreSQL itself.

No admin action, shell session or SQL statement can change or remove an entry; a mistake is
corrected by a new entry that names the one it corrects.
"""

from django.db import migrations

FORBID = """
CREATE FUNCTION ideas_statuschange_append_only() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'ideas_statuschange is append-only: % of entry % refused', TG_OP, OLD.id
        USING ERRCODE = 'restrict_violation',
              HINT = 'Record a new entry that corrects this one instead.';
END;
$$;

CREATE TRIGGER ideas_statuschange_append_only
    BEFORE UPDATE OR DELETE ON ideas_statuschange
    FOR EACH ROW EXECUTE FUNCTION ideas_statuschange_append_only();
"""

ALLOW = """
DROP TRIGGER IF EXISTS ideas_statuschange_append_only ON ideas_statuschange;
DROP FUNCTION IF EXISTS ideas_statuschange_append_only();
"""


class Migration(migrations.Migration):
    dependencies = [("ideas", "0001_initial")]
    operations = [migrations.RunSQL(FORBID, ALLOW)]
