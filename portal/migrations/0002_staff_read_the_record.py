"""Editors and moderators may read the record of the personal-data check (portal/admin.py):
they make it, when they publish a meeting or approve a comment. Nobody may change it."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUPS = ["Redaktör", "Moderator"]  # portal/roles.py, as they were named then


def grant(apps, schema_editor):
    app_config = apps.get_app_config("portal")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    view = Permission.objects.get(
        content_type__app_label="portal", codename="view_privacyconfirmation"
    )
    for name in GROUPS:
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(view)


def revoke(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    for group in Group.objects.filter(name__in=GROUPS):
        group.permissions.remove(
            *Permission.objects.filter(
                content_type__app_label="portal", codename="view_privacyconfirmation"
            )
        )


class Migration(migrations.Migration):
    dependencies = [("portal", "0001_privacy_confirmation"), ("auth", "0012_alter_user_first_name_max_length")]
    operations = [migrations.RunPython(grant, revoke)]
