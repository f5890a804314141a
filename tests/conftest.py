from unittest import mock

import pytest
from django.core.management import call_command
from django.db import connections
from django.db.backends.postgresql.operations import DatabaseOperations
from django.test import override_settings
from django.utils import translation


@pytest.fixture(autouse=True, scope="session")
def _static_files_without_collectstatic():
    """Tests use the plain static storage: production's manifest needs `collectstatic` first."""
    with override_settings(
        STORAGES={
            "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        },
        WHITENOISE_AUTOREFRESH=True,
        # Tests make many accounts; a deliberately slow password hash would only cost time here.
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
    ):
        yield


@pytest.fixture(autouse=True, scope="session")
def _flushes_may_empty_the_trail():
    """Transactional tests empty every table after them, the status trail too.

    The database refuses TRUNCATE of the trail unless the transaction sets the deliberate switch
    (ideas.models.ALLOW_TRAIL_TRUNCATE); Django's flush runs its statements in one transaction.
    """
    from ideas.models import ALLOW_TRAIL_TRUNCATE

    sql_flush = DatabaseOperations.sql_flush

    def flush_with_switch(self, style, tables, **kwargs):
        statements = sql_flush(self, style, tables, **kwargs)
        return [ALLOW_TRAIL_TRUNCATE, *statements] if statements else statements

    with mock.patch.object(DatabaseOperations, "sql_flush", flush_with_switch):
        yield


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    """Uploaded files go to a temporary folder, never into the project's media/."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _swedish_outside_requests():
    """A request to /en/ leaves English active in the thread; each test starts in Swedish."""
    translation.activate("sv")
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _tasks_run_at_once(settings):
    """Background tasks run inside the test, so their e-mails are in the outbox at once."""
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture(autouse=True)
def _rate_limits_count_from_zero():
    """Rate limits count in the cache; each test starts with none of another test's requests."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def _page_cache_off(settings):
    """Views' own tests see every request reach the view (and count its queries).

    The page cache is on where it is the subject (tests/pagecache) and in the browser tests,
    where every flow runs through it as in production.
    """
    settings.PAGE_CACHE_SECONDS = 0


@pytest.fixture(autouse=True, scope="session")
def _leave_migrated_data(django_db_setup, django_db_blocker):
    """Leave a kept test database (--reuse-db) as the migrations made it, not emptied.

    Transactional tests (the browser tests, gunicorn in tests/test_logs.py) empty the tables
    after them; otherwise the next run's other tests would find no "Redaktör" group.
    """
    yield
    with django_db_blocker.unblock():
        _reset_to_migrated_data()


def _reset_to_migrated_data() -> None:
    for connection in connections.all():
        contents = getattr(connection, "_test_serialized_contents", None)
        if contents is None:
            continue
        call_command(
            "flush",
            database=connection.alias,
            interactive=False,
            verbosity=0,
            reset_sequences=False,
            inhibit_post_migrate=True,
        )
        connection.creation.deserialize_db_from_string(contents)
