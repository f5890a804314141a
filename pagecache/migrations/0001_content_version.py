from django.db import migrations

# Every table whose rows appear on a public page, feed or API answer. A new one must be added
# here (in a new migration), or its changes would not reach cached pages; a test checks it.
CONTENT_MODELS = [
    "auth.User",  # writers' names on comments
    "directory.Organisation",
    "directory.Group",
    "meetings.Meeting",
    "meetings.AgendaItem",
    "meetings.Attendee",
    "meetings.MeetingLink",
    "meetings.Attachment",
    "ideas.Theme",
    "ideas.Idea",
    "ideas.StatusChange",
    "ideas.Comment",
    "pages.AccessibilityStatement",
    "pages.Page",
]

CREATE = """
CREATE SEQUENCE pagecache_version_seq;
CREATE TABLE pagecache_version (
    id integer PRIMARY KEY CHECK (id = 1),
    epoch uuid NOT NULL DEFAULT gen_random_uuid(),
    version bigint NOT NULL DEFAULT 1
);
INSERT INTO pagecache_version (id) VALUES (1);
CREATE FUNCTION pagecache_bump() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO pagecache_version (id, version) VALUES (1, nextval('pagecache_version_seq'))
        ON CONFLICT (id) DO UPDATE SET version = excluded.version;
    RETURN NULL;
END
$$;
"""
DROP = """
DROP FUNCTION pagecache_bump() CASCADE;
DROP TABLE pagecache_version;
DROP SEQUENCE pagecache_version_seq;
"""


def content_tables(apps) -> list[str]:
    tables = []
    for label in CONTENT_MODELS:
        model = apps.get_model(label)
        tables.append(model._meta.db_table)
        tables += [
            field.remote_field.through._meta.db_table
            for field in model._meta.local_many_to_many
            if field.remote_field.through._meta.auto_created
        ]
    return tables


def add_triggers(apps, schema_editor):
    for table in content_tables(apps):
        schema_editor.execute(
            f"CREATE TRIGGER pagecache_bump AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE "
            f"ON {schema_editor.quote_name(table)} "
            f"FOR EACH STATEMENT EXECUTE FUNCTION pagecache_bump()"
        )


class Migration(migrations.Migration):
    """A version number that every write to public content raises, in the same transaction.

    Cached pages are kept under the version they were made at, so a page made before a change
    is never served after it: the new version is visible exactly when the new data is. The
    numbers come from a sequence, which a rollback does not give back, so a version that a
    rolled-back transaction saw is never used again. The table is not a model, so test
    flushes leave it alone; `epoch` tells databases apart.
    """

    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("directory", "0004_easy_read"),
        ("meetings", "0004_search"),
        ("ideas", "0008_easy_read"),
        ("pages", "0002_initial_content"),
    ]
    operations = [
        migrations.RunSQL(CREATE, DROP),
        migrations.RunPython(add_triggers, migrations.RunPython.noop),
    ]
