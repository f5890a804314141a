from django.db import migrations

# The next steps are part of the ideas (their page, the progress page, the lists): the same
# statement triggers as every other content table (0004), raising the "ideas" part (0005).
FORWARD = """
INSERT INTO pagecache_table_part VALUES ('ideas_nextstep', ARRAY['ideas']::varchar[]);
CREATE TRIGGER pagecache_bump AFTER INSERT ON ideas_nextstep
    REFERENCING NEW TABLE AS pagecache_rows
    FOR EACH STATEMENT EXECUTE FUNCTION pagecache_bump_if_rows();
CREATE TRIGGER pagecache_bump_update AFTER UPDATE ON ideas_nextstep
    REFERENCING NEW TABLE AS pagecache_rows
    FOR EACH STATEMENT EXECUTE FUNCTION pagecache_bump_if_rows();
CREATE TRIGGER pagecache_bump_delete AFTER DELETE ON ideas_nextstep
    REFERENCING OLD TABLE AS pagecache_rows
    FOR EACH STATEMENT EXECUTE FUNCTION pagecache_bump_if_rows();
CREATE TRIGGER pagecache_bump_truncate AFTER TRUNCATE ON ideas_nextstep
    FOR EACH STATEMENT EXECUTE FUNCTION pagecache_bump();
"""

BACKWARD = """
DROP TRIGGER pagecache_bump ON ideas_nextstep;
DROP TRIGGER pagecache_bump_update ON ideas_nextstep;
DROP TRIGGER pagecache_bump_delete ON ideas_nextstep;
DROP TRIGGER pagecache_bump_truncate ON ideas_nextstep;
DELETE FROM pagecache_table_part WHERE table_name = 'ideas_nextstep';
"""


class Migration(migrations.Migration):
    dependencies = [("pagecache", "0005_parts"), ("ideas", "0015_next_steps_append_only")]
    operations = [migrations.RunSQL(FORWARD, BACKWARD)]
