"""Every table whose rows reach a public page raises the content version when it changes."""

from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.db import connection

pytestmark = pytest.mark.django_db

# Rows that no cached page shows: accounts, private follow-ups, the moderators' queue, the
# personal-data check's record.
NOT_PUBLIC = {
    "meetings.MinutesReminder",
    "directory.Representative",
    "directory.KeptForm",  # staff's kept and autosaved forms
    "directory.Representative_organisations",
    "ideas.Follow",
    "ideas.Notification",
    "ideas.CommentReport",
    "portal.PrivacyConfirmation",  # the record of the personal-data check, for staff
    # E-mail alerts: addresses, what they asked for and what they were sent; on no page.
    "alerts.Subscriber",
    "alerts.Subscription",
    "alerts.Alert",
}
# Rows that change only with a table that has the trigger, in the same statement: the progress
# page's figures follow the ideas.
DERIVED = {"ideas.Figure"}
# Rows that store what a page already showed: a closed report's figures, counted from the trail
# as it stood at its cutoff, which nothing recorded later changes (docs/reports.md). Writing one
# changes no page, so it must not empty the cache.
STORED = {"reports.ReportSnapshot"}


def _tables_with_the_trigger() -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT event_object_table FROM information_schema.triggers "
            "WHERE trigger_name = 'pagecache_bump'"
        )
        return {row[0] for row in cursor.fetchall()}


def _product_apps():
    """Every app of this repository that production installs, so a new one is checked too."""
    root = Path(settings.BASE_DIR)
    for app in apps.get_app_configs():
        if Path(app.path).parent == root and app.label not in ("devtools", "benchmark"):
            yield app


def test_every_content_table_has_the_trigger():
    covered = _tables_with_the_trigger()
    missing = []
    for app in _product_apps():
        for model in app.get_models(include_auto_created=True):
            label = f"{model._meta.app_label}.{model._meta.object_name}"
            if label not in NOT_PUBLIC | DERIVED | STORED and model._meta.db_table not in covered:
                missing.append(label)
    assert not missing, f"add these to a pagecache migration: {missing}"
