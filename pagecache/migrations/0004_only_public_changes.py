from django.db import migrations

# A statement that changes no row raises nothing: the triggers see the rows a statement changed
# (its transition tables) and raise the version only when there are any. Before, an UPDATE or
# DELETE that matched nothing emptied the whole page cache.
IF_ROWS = """
CREATE FUNCTION pagecache_bump_if_rows() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM pagecache_rows) THEN
        PERFORM pagecache_raise();
    END IF;
    RETURN NULL;
END
$$;
"""

# Accounts: only a writer's name reaches a public page (beside their comments). A login
# (last_login), a new password, a new account or a staff group is on no public page.
USERS = """
DROP TRIGGER pagecache_bump ON auth_user;
CREATE TRIGGER pagecache_bump AFTER UPDATE ON auth_user FOR EACH ROW
    WHEN (OLD.first_name IS DISTINCT FROM NEW.first_name
          OR OLD.last_name IS DISTINCT FROM NEW.last_name
          OR OLD.username IS DISTINCT FROM NEW.username)
    EXECUTE FUNCTION pagecache_bump();
CREATE TRIGGER pagecache_bump_delete AFTER DELETE ON auth_user
    FOR EACH ROW EXECUTE FUNCTION pagecache_bump();
CREATE TRIGGER pagecache_bump_truncate AFTER TRUNCATE ON auth_user
    FOR EACH STATEMENT EXECUTE FUNCTION pagecache_bump();
DROP TRIGGER IF EXISTS pagecache_bump ON auth_user_groups;
DROP TRIGGER IF EXISTS pagecache_bump ON auth_user_user_permissions;
"""
USERS_BACK = """
DROP TRIGGER pagecache_bump ON auth_user;
DROP TRIGGER pagecache_bump_delete ON auth_user;
DROP TRIGGER pagecache_bump_truncate ON auth_user;
CREATE TRIGGER pagecache_bump AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON auth_user
    FOR EACH STATEMENT EXECUTE FUNCTION pagecache_bump();
CREATE TRIGGER pagecache_bump AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON auth_user_groups
    FOR EACH STATEMENT EXECUTE FUNCTION pagecache_bump();
CREATE TRIGGER pagecache_bump AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE
    ON auth_user_user_permissions FOR EACH STATEMENT EXECUTE FUNCTION pagecache_bump();
"""

_STATEMENT_TRIGGERS = """
SELECT DISTINCT event_object_table FROM information_schema.triggers
WHERE trigger_name = 'pagecache_bump' AND action_orientation = 'STATEMENT'
  AND event_object_table NOT IN ('auth_user', 'auth_user_groups', 'auth_user_user_permissions')
ORDER BY 1
"""


def only_changed_rows(apps, schema_editor):
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(_STATEMENT_TRIGGERS)
        tables = [row[0] for row in cursor.fetchall()]
    for table in tables:
        name = schema_editor.quote_name(table)
        schema_editor.execute(f"DROP TRIGGER pagecache_bump ON {name}")
        # A trigger with transition tables may have one event only.
        for trigger, event, rows in [
            ("pagecache_bump", "INSERT", "NEW"),
            ("pagecache_bump_update", "UPDATE", "NEW"),
            ("pagecache_bump_delete", "DELETE", "OLD"),
        ]:
            schema_editor.execute(
                f"CREATE TRIGGER {trigger} AFTER {event} ON {name} "
                f"REFERENCING {rows} TABLE AS pagecache_rows "
                "FOR EACH STATEMENT EXECUTE FUNCTION pagecache_bump_if_rows()"
            )
        schema_editor.execute(
            f"CREATE TRIGGER pagecache_bump_truncate AFTER TRUNCATE ON {name} "
            "FOR EACH STATEMENT EXECUTE FUNCTION pagecache_bump()"
        )


def every_statement(apps, schema_editor):
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(
            "SELECT DISTINCT event_object_table FROM information_schema.triggers "
            "WHERE trigger_name = 'pagecache_bump_truncate' AND event_object_table <> 'auth_user'"
            " AND event_object_table <> 'ideas_comment'"
        )
        tables = [row[0] for row in cursor.fetchall()]
    for table in tables:
        name = schema_editor.quote_name(table)
        for trigger in ("bump", "bump_update", "bump_delete", "bump_truncate"):
            schema_editor.execute(f"DROP TRIGGER pagecache_{trigger} ON {name}")
        schema_editor.execute(
            f"CREATE TRIGGER pagecache_bump AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE "
            f"ON {name} FOR EACH STATEMENT EXECUTE FUNCTION pagecache_bump()"
        )


class Migration(migrations.Migration):
    """Only changes to what the public sees raise the content version.

    A login, a new password, a new account or a staff group, and a statement that changes no
    row, used to empty the whole page cache; after each, the first visitors paid for the
    slowest pages again.
    """

    dependencies = [("pagecache", "0003_version_always_new"), ("auth", "0012_alter_user_first_name_max_length")]
    operations = [
        migrations.RunSQL(IF_ROWS, "DROP FUNCTION pagecache_bump_if_rows() CASCADE;"),
        migrations.RunSQL(USERS, USERS_BACK),
        migrations.RunPython(only_changed_rows, every_statement),
    ]
