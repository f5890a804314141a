from django.db import migrations

FORWARD = """
DROP TRIGGER pagecache_bump ON ideas_comment;
CREATE TRIGGER pagecache_bump AFTER INSERT ON ideas_comment
    FOR EACH ROW WHEN (NEW.state <> 'pending') EXECUTE FUNCTION pagecache_bump();
CREATE TRIGGER pagecache_bump_update AFTER UPDATE ON ideas_comment
    FOR EACH ROW WHEN (OLD.* IS DISTINCT FROM NEW.* AND (OLD.state <> 'pending' OR NEW.state <> 'pending'))
    EXECUTE FUNCTION pagecache_bump();
CREATE TRIGGER pagecache_bump_delete AFTER DELETE ON ideas_comment
    FOR EACH ROW WHEN (OLD.state <> 'pending') EXECUTE FUNCTION pagecache_bump();
CREATE TRIGGER pagecache_bump_truncate AFTER TRUNCATE ON ideas_comment
    FOR EACH STATEMENT EXECUTE FUNCTION pagecache_bump();
"""
BACKWARD = """
DROP TRIGGER pagecache_bump ON ideas_comment;
DROP TRIGGER pagecache_bump_update ON ideas_comment;
DROP TRIGGER pagecache_bump_delete ON ideas_comment;
DROP TRIGGER pagecache_bump_truncate ON ideas_comment;
CREATE TRIGGER pagecache_bump AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON ideas_comment
    FOR EACH STATEMENT EXECUTE FUNCTION pagecache_bump();
"""


class Migration(migrations.Migration):
    """A comment waiting for a moderator is on no public page, so writing one keeps the cache.

    Under load every new comment emptied the page cache for every page; now only comments that
    are, or stop being, public raise the content version (approving, hiding, withdrawing).
    """

    dependencies = [("pagecache", "0001_content_version")]
    operations = [migrations.RunSQL(FORWARD, BACKWARD)]
