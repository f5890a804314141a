from django.db import migrations

# Which parts of the public content each table holds. A page is cached under the versions of
# the parts it shows (`cached_from` in portal/http.py), so a comment leaves the meeting list
# cached, and an organisation's description the idea list. A table not listed here raises
# "other", which every page that declares nothing depends on.
TABLE_PARTS = {
    "meetings_meeting": ["meetings"],
    "meetings_agendaitem": ["meetings"],
    "meetings_agendaitem_ideas": ["meetings"],
    "meetings_attendee": ["meetings"],
    "meetings_meetinglink": ["meetings"],
    "meetings_attachment": ["meetings"],
    "ideas_idea": ["ideas"],
    "ideas_statuschange": ["ideas"],
    "ideas_theme": ["ideas"],
    "ideas_comment": ["comments"],
    "directory_group": ["groups"],
    "directory_group_organisations": ["groups"],
    # An update that changes no name or address raises "organisations" only (below).
    "directory_organisation": ["organisations", "organisation-names"],
    "auth_user": ["people"],
    "pages_page": ["pages"],
    "pages_accessibilitystatement": ["pages"],
}
PARTS = sorted({part for parts in TABLE_PARTS.values() for part in parts} | {"other"})

FORWARD = (
    """
CREATE TABLE pagecache_part (part varchar(32) PRIMARY KEY, version bigint NOT NULL);
CREATE TABLE pagecache_table_part (table_name varchar(63) PRIMARY KEY, parts varchar(32)[] NOT NULL);
"""
    + f"""
INSERT INTO pagecache_part (part, version)
    SELECT part, COALESCE((SELECT version FROM pagecache_version WHERE id = 1), 0)
    FROM unnest(ARRAY{PARTS}::varchar[]) AS part;
"""
    + "".join(
        f"INSERT INTO pagecache_table_part VALUES ('{table}', ARRAY{parts}::varchar[]);\n"
        for table, parts in TABLE_PARTS.items()
    )
    + """
-- The version itself, raised as before (0003), without saying what changed.
ALTER FUNCTION pagecache_raise() RENAME TO pagecache_next;

-- Everything changed (a bulk load without triggers): every part.
CREATE FUNCTION pagecache_raise() RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE
    raised bigint := pagecache_next();
BEGIN
    UPDATE pagecache_part SET version = raised;
    RETURN raised;
END
$$;

-- What a change to one table raises: the version, and its parts.
CREATE FUNCTION pagecache_raise_parts(changed varchar[]) RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE
    raised bigint := pagecache_next();
BEGIN
    UPDATE pagecache_part SET version = raised WHERE part = ANY(changed);
    RETURN raised;
END
$$;

CREATE FUNCTION pagecache_parts_of(tbl text) RETURNS varchar[] LANGUAGE sql STABLE AS $$
    SELECT COALESCE(
        (SELECT parts FROM pagecache_table_part WHERE table_name = tbl), ARRAY['other']::varchar[]
    )
$$;

CREATE OR REPLACE FUNCTION pagecache_bump() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pagecache_raise_parts(pagecache_parts_of(TG_TABLE_NAME));
    RETURN NULL;
END
$$;

CREATE OR REPLACE FUNCTION pagecache_bump_if_rows() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM pagecache_rows) THEN
        PERFORM pagecache_raise_parts(pagecache_parts_of(TG_TABLE_NAME));
    END IF;
    RETURN NULL;
END
$$;

-- An organisation's description, contact or website is shown on its own page only; its name
-- and address wherever it is named (the idea list's filter, attendees, comments).
CREATE FUNCTION pagecache_bump_organisations() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF EXISTS (
        SELECT 1 FROM old_rows o FULL JOIN new_rows n ON n.id = o.id
        WHERE o.id IS NULL OR n.id IS NULL OR o.name IS DISTINCT FROM n.name
           OR o.slug IS DISTINCT FROM n.slug
    ) THEN
        PERFORM pagecache_raise_parts(ARRAY['organisations', 'organisation-names']::varchar[]);
    ELSIF EXISTS (SELECT 1 FROM new_rows) THEN
        PERFORM pagecache_raise_parts(ARRAY['organisations']::varchar[]);
    END IF;
    RETURN NULL;
END
$$;
DROP TRIGGER pagecache_bump_update ON directory_organisation;
CREATE TRIGGER pagecache_bump_update AFTER UPDATE ON directory_organisation
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION pagecache_bump_organisations();
"""
)

BACKWARD = """
DROP TRIGGER pagecache_bump_update ON directory_organisation;
CREATE TRIGGER pagecache_bump_update AFTER UPDATE ON directory_organisation
    REFERENCING NEW TABLE AS pagecache_rows
    FOR EACH STATEMENT EXECUTE FUNCTION pagecache_bump_if_rows();
DROP FUNCTION pagecache_bump_organisations();
DROP FUNCTION pagecache_parts_of(text);
DROP FUNCTION pagecache_raise_parts(varchar[]);
DROP FUNCTION pagecache_raise();
ALTER FUNCTION pagecache_next() RENAME TO pagecache_raise;
CREATE OR REPLACE FUNCTION pagecache_bump() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pagecache_raise();
    RETURN NULL;
END
$$;
CREATE OR REPLACE FUNCTION pagecache_bump_if_rows() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM pagecache_rows) THEN
        PERFORM pagecache_raise();
    END IF;
    RETURN NULL;
END
$$;
DROP TABLE pagecache_table_part;
DROP TABLE pagecache_part;
"""


class Migration(migrations.Migration):
    """Parts of the content, each with its own version: a page is cached under the versions of
    the parts it shows, so an edit leaves the pages that do not show it cached."""

    dependencies = [("pagecache", "0004_only_public_changes"), ("ideas", "0012_figures")]
    operations = [migrations.RunSQL(FORWARD, BACKWARD)]
