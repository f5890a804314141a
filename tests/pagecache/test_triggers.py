"""Every table whose rows reach a public page raises the content version when it changes."""

import pytest
from django.apps import apps
from django.db import connection

pytestmark = pytest.mark.django_db

# Rows that no cached page shows: accounts, private follow-ups, the moderators' queue.
NOT_PUBLIC = {
    "directory.Representative",
    "directory.Representative_organisations",
    "ideas.Follow",
    "ideas.Notification",
    "ideas.CommentReport",
}


def _tables_with_the_trigger() -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT event_object_table FROM information_schema.triggers "
            "WHERE trigger_name = 'pagecache_bump'"
        )
        return {row[0] for row in cursor.fetchall()}


def test_every_content_table_has_the_trigger():
    covered = _tables_with_the_trigger()
    missing = []
    for app in ["directory", "meetings", "ideas", "pages"]:
        for model in apps.get_app_config(app).get_models(include_auto_created=True):
            label = f"{model._meta.app_label}.{model._meta.object_name}"
            if label not in NOT_PUBLIC and model._meta.db_table not in covered:
                missing.append(label)
    assert not missing, f"add these to a pagecache migration: {missing}"
