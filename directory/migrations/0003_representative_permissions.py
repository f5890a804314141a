"""Editors invite and manage the user organisations' representatives."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

CODENAMES = ["add_representative", "change_representative", "view_representative"]


def grant(apps, schema_editor):
    app_config = apps.get_app_config("directory")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    editor, _ = Group.objects.get_or_create(name="Redaktör")
    editor.permissions.add(
        *Permission.objects.filter(content_type__app_label="directory", codename__in=CODENAMES)
    )


def revoke(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    for group in apps.get_model("auth", "Group").objects.filter(name="Redaktör"):
        group.permissions.remove(*Permission.objects.filter(codename__in=CODENAMES))


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("directory", "0002_representative"),
    ]
    operations = [migrations.RunPython(grant, revoke)]
