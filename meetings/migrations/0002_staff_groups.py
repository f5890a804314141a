"""The staff roles: "Redaktör" edits the directory and the meetings; "Moderator" moderates comments.

Later apps add their own permissions to these groups in their own migrations.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

EDITOR = "Redaktör"
MODERATOR = "Moderator"
EDITOR_MODELS = {
    "directory": ["organisation", "group"],
    "meetings": ["meeting", "agendaitem", "attendee", "meetinglink", "attachment"],
}


def create_groups(apps, schema_editor):
    # Permissions are normally created after all migrations; the groups need them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    editor, _ = Group.objects.get_or_create(name=EDITOR)
    for app_label, models in EDITOR_MODELS.items():
        editor.permissions.add(
            *Permission.objects.filter(
                content_type__app_label=app_label, content_type__model__in=models
            )
        )
    moderator, _ = Group.objects.get_or_create(name=MODERATOR)
    # Moderators read the meetings that comments refer to; comment permissions come with comments.
    moderator.permissions.add(
        *Permission.objects.filter(
            content_type__app_label__in=["directory", "meetings"], codename__startswith="view_"
        )
    )


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=[EDITOR, MODERATOR]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("directory", "0001_initial"),
        ("meetings", "0001_initial"),
    ]
    operations = [migrations.RunPython(create_groups, remove_groups)]
