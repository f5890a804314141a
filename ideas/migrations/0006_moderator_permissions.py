"""Moderators work the comment queue; editors record status changes but do not moderate."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

MODERATOR_CODENAMES = ["view_comment", "change_comment", "view_commentreport", "change_commentreport"]


def grant(apps, schema_editor):
    app_config = apps.get_app_config("ideas")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    moderator, _ = Group.objects.get_or_create(name="Moderator")
    moderator.permissions.add(
        *Permission.objects.filter(content_type__app_label="ideas", codename__in=MODERATOR_CODENAMES)
    )


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group in Group.objects.filter(name="Moderator"):
        group.permissions.remove(*Permission.objects.filter(codename__in=MODERATOR_CODENAMES))


class Migration(migrations.Migration):
    dependencies = [("ideas", "0005_notification"), ("meetings", "0002_staff_groups")]
    operations = [migrations.RunPython(grant, revoke)]
