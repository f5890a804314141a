"""Next steps are entries of the trail: append-only, as the status changes are (0002, 0010).

No statement can change or remove one, and TRUNCATE only in a transaction that sets
ideas.models.ALLOW_TRAIL_TRUNCATE (the benchmark loader and the tests' flushes). Editors give
next steps as they record status changes (0003); moderators may read them.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

FORBID = """
CREATE FUNCTION ideas_nextstep_append_only() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'ideas_nextstep is append-only: % of entry % refused', TG_OP, OLD.id
        USING ERRCODE = 'restrict_violation',
              HINT = 'Record a new next step instead.';
END;
$$;

CREATE TRIGGER ideas_nextstep_append_only
    BEFORE UPDATE OR DELETE ON ideas_nextstep
    FOR EACH ROW EXECUTE FUNCTION ideas_nextstep_append_only();

CREATE FUNCTION ideas_nextstep_no_truncate() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF current_setting('oppnasoc.allow_trail_truncate', true) IS DISTINCT FROM 'on' THEN
        RAISE EXCEPTION 'ideas_nextstep is append-only: TRUNCATE refused'
            USING ERRCODE = 'restrict_violation';
    END IF;
    RETURN NULL;
END;
$$;

CREATE TRIGGER ideas_nextstep_no_truncate
    BEFORE TRUNCATE ON ideas_nextstep
    FOR EACH STATEMENT EXECUTE FUNCTION ideas_nextstep_no_truncate();
"""

ALLOW = """
DROP TRIGGER IF EXISTS ideas_nextstep_append_only ON ideas_nextstep;
DROP FUNCTION IF EXISTS ideas_nextstep_append_only();
DROP TRIGGER IF EXISTS ideas_nextstep_no_truncate ON ideas_nextstep;
DROP FUNCTION IF EXISTS ideas_nextstep_no_truncate();
"""


def grant(apps, schema_editor):
    app_config = apps.get_app_config("ideas")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    steps = Permission.objects.filter(content_type__app_label="ideas")
    editor, _ = Group.objects.get_or_create(name="Redaktör")
    editor.permissions.add(*steps.filter(codename__in=["add_nextstep", "view_nextstep"]))
    moderator, _ = Group.objects.get_or_create(name="Moderator")
    moderator.permissions.add(*steps.filter(codename="view_nextstep"))


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    steps = Permission.objects.filter(codename__in=["add_nextstep", "view_nextstep"])
    for group in Group.objects.filter(name__in=["Redaktör", "Moderator"]):
        group.permissions.remove(*steps)


class Migration(migrations.Migration):
    dependencies = [
        ("ideas", "0014_diary_numbers_and_next_steps"),
        ("meetings", "0002_staff_groups"),
    ]
    operations = [migrations.RunSQL(FORBID, ALLOW), migrations.RunPython(grant, revoke)]
