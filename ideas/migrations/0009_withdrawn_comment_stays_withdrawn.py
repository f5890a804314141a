"""A comment its writer withdrew stays withdrawn, enforced by PostgreSQL itself.

Only the writer withdraws a comment, and no moderator, admin form or SQL statement may publish or
hide it again afterwards: its writer took it back.
"""

from django.db import migrations

FORBID = """
CREATE FUNCTION ideas_comment_withdrawn_stays() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'comment % was withdrawn by its writer and stays withdrawn', OLD.id
        USING ERRCODE = 'check_violation';
END;
$$;

CREATE TRIGGER ideas_comment_withdrawn_stays
    BEFORE UPDATE OF state ON ideas_comment
    FOR EACH ROW WHEN (OLD.state = 'withdrawn' AND NEW.state <> 'withdrawn')
    EXECUTE FUNCTION ideas_comment_withdrawn_stays();
"""

ALLOW = """
DROP TRIGGER IF EXISTS ideas_comment_withdrawn_stays ON ideas_comment;
DROP FUNCTION IF EXISTS ideas_comment_withdrawn_stays();
"""


class Migration(migrations.Migration):
    dependencies = [("ideas", "0008_easy_read")]
    operations = [migrations.RunSQL(FORBID, ALLOW)]
