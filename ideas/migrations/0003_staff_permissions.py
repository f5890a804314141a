"""Editors record ideas and status changes; nobody gets to change or delete an entry."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

EDITOR_CODENAMES = [
    "add_theme",
    "change_theme",
    "view_theme",
    "add_idea",
    "change_idea",
    "view_idea",
    "add_statuschange",
    "view_statuschange",
]


def grant(apps, schema_editor):
    app_config = apps.get_app_config("ideas")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ideas = Permission.objects.filter(content_type__app_label="ideas")
    editor, _ = Group.objects.get_or_create(name="Redaktör")
    editor.permissions.add(*ideas.filter(codename__in=EDITOR_CODENAMES))
    moderator, _ = Group.objects.get_or_create(name="Moderator")
    moderator.permissions.add(*ideas.filter(codename__startswith="view_"))


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ideas = Permission.objects.filter(content_type__app_label="ideas")
    for group in Group.objects.filter(name__in=["Redaktör", "Moderator"]):
        group.permissions.remove(*ideas)


class Migration(migrations.Migration):
    dependencies = [
        ("ideas", "0002_append_only_trail"),
        ("meetings", "0002_staff_groups"),
    ]
    operations = [migrations.RunPython(grant, revoke)]
