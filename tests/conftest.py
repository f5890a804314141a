import pytest
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
def _page_cache_off(settings):
    """Views' own tests see every request reach the view (and count its queries).

    The page cache is on where it is the subject (tests/pagecache) and in the browser tests,
    where every flow runs through it as in production.
    """
    settings.PAGE_CACHE_SECONDS = 0
