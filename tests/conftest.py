import os
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path
from unittest import mock

import pytest
from django.core.management import call_command
from django.db import connection, connections
from django.db.backends.postgresql.operations import DatabaseOperations
from django.test import override_settings
from django.utils import translation
from hypothesis import settings as hypothesis_settings

# Hypothesis's 200 ms deadline per example measures the machine, not the code: on a busy CI
# machine a first call that loads a module took 265 ms and failed a test that was right. What
# the properties assert holds whatever the time; the benchmark measures speed.
hypothesis_settings.register_profile("oppnasoc", deadline=None)
hypothesis_settings.load_profile("oppnasoc")


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
    """Uploaded files and open-data files go to a temporary folder, never into the project."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.EXPORTS_ROOT = tmp_path / "exports"


@pytest.fixture(autouse=True)
def _swedish_outside_requests():
    """A request to /en/ leaves English active in the thread; each test starts in Swedish."""
    translation.activate("sv")
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _tasks_run_at_once(settings):
    """Background tasks run inside the test, so their e-mails are in the outbox at once."""
    settings.TASKS = {
        "default": {
            "BACKEND": "django.tasks.backends.immediate.ImmediateBackend",
            "QUEUES": settings.TASK_QUEUES,
        }
    }


@pytest.fixture(autouse=True)
def _no_limits_on_reading(settings):
    """A test reads a page or the API as often as it needs, at once too;
    tests/test_rate_limits.py turns the limits on (the comment, login and report limits stay
    on everywhere)."""
    settings.RATE_LIMITS = dict.fromkeys(settings.RATE_LIMITS, "0")
    settings.EXPENSIVE_AT_ONCE = 0
    settings.REFUSAL_DELAY_MS = 0  # a refusal held a second: tests/test_rate_limits.py


@pytest.fixture(autouse=True)
def _rate_limits_count_from_zero(monkeypatch):
    """Rate limits count in the cache; each test starts with none of another test's requests.

    They count in windows of their period that end at a moment of their own (django-ratelimit
    staggers them by key), so a test's requests could straddle the end of one and be counted
    from zero again: three slow PDFs in a "3/m" window were, on a slow machine. During a test
    the limits' clock stands still at its start."""
    import time
    from types import SimpleNamespace

    from django.core.cache import cache
    from django_ratelimit import core

    cache.clear()
    started = time.time()
    monkeypatch.setattr(core, "time", SimpleNamespace(time=lambda: started))


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
    for each in connections.all():
        contents = getattr(each, "_test_serialized_contents", None)
        if contents is None:
            continue
        call_command(
            "flush",
            database=each.alias,
            interactive=False,
            verbosity=0,
            reset_sequences=False,
            inhibit_post_migrate=True,
        )
        each.creation.deserialize_db_from_string(contents)


# gunicorn as in production, with the settings in oppnasoc/gunicorn.conf.py

ROOT = Path(__file__).resolve().parent.parent


def _database_url() -> str:
    db = connection.settings_dict
    user = urllib.parse.quote(db["USER"] or "", safe="")
    password = urllib.parse.quote(db["PASSWORD"] or "", safe="")
    host = urllib.parse.quote(db["HOST"] or "", safe="")
    port = f":{db['PORT']}" if db["PORT"] else ""
    return f"postgres://{user}:{password}@{host}{port}/{db['NAME']}"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def gunicorn_env() -> dict:
    """More environment for the `gunicorn` fixture; a test module may override it."""
    return {}


@pytest.fixture(scope="session")
def collected_static():
    """Production's static files, as `make serve` collects them: a server started by a test
    reads their manifest, and on a fresh clone staticfiles/ does not exist yet."""
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--no-input", "--verbosity", "0"],
        cwd=ROOT,
        check=True,
    )


@pytest.fixture
def gunicorn(django_db_serialized_rollback, tmp_path, gunicorn_env, collected_static):
    """gunicorn as `make serve` starts it, on the test database; yields its address and log.

    gunicorn sees only committed data, so the test is transactional; serialized rollback and
    tests/conftest.py put back what the data migrations made.
    """
    port = _free_port()
    log = tmp_path / "gunicorn.log"
    env = os.environ | {
        "DATABASE_URL": _database_url(),
        "DATABASE_POOL": "false",
        "BIND": f"127.0.0.1:{port}",
        "WEB_CONCURRENCY": "1",
        **gunicorn_env,
    }
    with log.open("w") as output:
        process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "--config", "oppnasoc/gunicorn.conf.py"],
            cwd=ROOT,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(150):
            try:
                urllib.request.urlopen(f"{base}/robots.txt", timeout=10)
                break
            except OSError:
                time.sleep(0.1)
        else:
            pytest.fail(log.read_text())
        yield base, log
    finally:
        process.terminate()
        process.wait(timeout=30)
