from django.db import migrations

# The version a change raises is always above the one before, and never given out twice: the
# row is locked, the sequence moved past what is taken, and setval() survives a rollback.
# Before, a fresh database's version (1) and its unused sequence (whose first number is 1) let
# the first edit "raise" the version to 1 again, and pages cached before it stayed.
FORWARD = """
CREATE FUNCTION pagecache_raise() RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE
    current bigint;
    raised bigint;
BEGIN
    SELECT version INTO current FROM pagecache_version WHERE id = 1 FOR UPDATE;
    raised := GREATEST(nextval('pagecache_version_seq'), COALESCE(current, 0) + 1);
    PERFORM setval('pagecache_version_seq', raised);
    INSERT INTO pagecache_version (id, version) VALUES (1, raised)
        ON CONFLICT (id) DO UPDATE SET version = excluded.version;
    RETURN raised;
END
$$;
CREATE OR REPLACE FUNCTION pagecache_bump() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pagecache_raise();
    RETURN NULL;
END
$$;
"""
BACKWARD = """
CREATE OR REPLACE FUNCTION pagecache_bump() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO pagecache_version (id, version) VALUES (1, nextval('pagecache_version_seq'))
        ON CONFLICT (id) DO UPDATE SET version = excluded.version;
    RETURN NULL;
END
$$;
DROP FUNCTION pagecache_raise();
"""


class Migration(migrations.Migration):
    """`pagecache_raise()` raises the content version; the triggers and bulk loaders call it."""

    dependencies = [("pagecache", "0002_pending_comments")]
    operations = [migrations.RunSQL(FORWARD, BACKWARD)]
