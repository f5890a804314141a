"""Browser tests: Debian's Chromium, driven by Playwright, against pytest-django's live server.

Every test here is marked `browser`; deselect them with `-m "not browser"` where there is no
Chromium. Playwright's own browser download does not work here, so Chromium is always launched
from CHROMIUM_PATH (default /usr/bin/chromium).
"""

import os
import re
import weakref
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.conf import settings
from django.db import connections
from django.test import Client
from playwright.sync_api import ConsoleMessage, Page, Response, expect, sync_playwright

HERE = Path(__file__).parent
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
    "resultTypes": ["violations"],
}
_axe = Axe()
_console_logs: "weakref.WeakKeyDictionary[Page, ConsoleLog]" = weakref.WeakKeyDictionary()


def pytest_collection_modifyitems(items):
    for item in items:
        if item.path.is_relative_to(HERE):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(autouse=True)
def _page_cache_on(settings):
    """Anonymous pages come through the page cache, as in production."""
    settings.PAGE_CACHE_SECONDS = 300


@pytest.fixture(autouse=True)
def _browser_db(live_server, django_db_serialized_rollback):
    """Each test gets the live server and a database as the migrations left it.

    The live server sees only committed data, so these tests are transactional and the tables
    are emptied after each one; serialized rollback puts back what the data migrations made
    (the "Redaktör" staff group) before the next test.
    """


@pytest.fixture(scope="package")
def browser(django_db_setup):
    """One Chromium for all the browser tests.

    Playwright's sync API keeps an event loop running in the tests' thread while it is open,
    and Django refuses database queries from a thread with a running loop unless
    DJANGO_ALLOW_ASYNC_UNSAFE is set (it is safe here: nothing else runs in that loop). The
    variable is set only while the browser is open, hence "package" rather than "session"
    scope: pytest-django runs the tests without a database after these, and one of them runs
    `manage.py check --deploy` in a subprocess, which rejects that variable.
    """
    if not os.access(CHROMIUM, os.X_OK):
        pytest.fail(
            f"No Chromium at {CHROMIUM}: run `make chromium`, set CHROMIUM_PATH, "
            'or leave the browser tests out with -m "not browser".',
            pytrace=False,
        )
    set_here = "DJANGO_ALLOW_ASYNC_UNSAFE" not in os.environ
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    serialized = {
        connection.alias: connection._test_serialized_contents
        for connection in connections.all()
        if hasattr(connection, "_test_serialized_contents")
    }
    try:
        with sync_playwright() as playwright:
            # While an event loop runs in this thread, Django's connections live in a
            # context-local store (asgiref's Local) apart from those pytest-django set up;
            # they need the serialized data too, or serialized rollback restores nothing.
            for alias, contents in serialized.items():
                connections[alias]._test_serialized_contents = contents
            browser = playwright.chromium.launch(
                executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
            )
            yield browser
            browser.close()
    finally:
        if set_here:
            del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]


class ConsoleLog:
    """The console errors, uncaught exceptions and CSP violations of one page."""

    def __init__(self, page: Page):
        self.page = page
        self.errors: list[tuple[str, str]] = []
        self.expected: dict[str, int] = {}
        page.on("console", self._on_console)
        page.on("pageerror", lambda error: self.errors.append((page.url, f"Uncaught {error}")))

    def _on_console(self, message: ConsoleMessage) -> None:
        if message.type == "error" or "Content Security Policy" in message.text:
            self.errors.append((self.page.url, message.text))

    def expect_status(self, url: str, status: int) -> None:
        """The browser reports an error status as a console error; here that one is intended."""
        self.expected[url] = status

    def public_errors(self) -> list[str]:
        found = []
        for url, text in self.errors:
            path = re.sub(r"^https?://[^/]+", "", url)
            if path.startswith("/admin/"):
                continue
            status = self.expected.get(url)
            if status and text.startswith(
                f"Failed to load resource: the server responded with a status of {status}"
            ):
                continue
            found.append(f"{path}: {text}")
        return found


@pytest.fixture
def new_page(browser, live_server):
    """Make pages in fresh browser contexts (separate cookies), checked for console errors."""
    contexts = []
    logs = []

    def make(**context_options) -> Page:
        context = browser.new_context(base_url=live_server.url, **context_options)
        context.set_default_timeout(5_000)
        contexts.append(context)
        page = context.new_page()
        logs.append(ConsoleLog(page))
        _console_logs[page] = logs[-1]
        return page

    yield make
    for context in contexts:
        context.close()
    errors = [error for log in logs for error in log.public_errors()]
    if errors:
        pytest.fail("Browser console errors on public pages:\n" + "\n".join(errors), pytrace=False)


@pytest.fixture
def page(new_page) -> Page:
    return new_page()


def visit(page: Page, path: str, status: int = 200) -> Response:
    """Go to `path` and check the status of the answer.

    An error status is also logged to the console by the browser; when it is the one asked
    for here, that message is not counted as a console error.
    """
    response = page.goto(path)
    assert response is not None
    assert response.status == status, f"{path} answered {response.status}, not {status}"
    if status >= 400:
        _console_logs[page].expect_status(response.url, status)
    return response


def assert_no_axe_violations(page: Page) -> None:
    """Run axe-core's WCAG 2.1 A and AA rules on the page as it is now.

    axe runs as a script in the page, so not in a context made with java_script_enabled=False
    (Playwright then waits for it forever).
    """
    violations = _axe.run(page, options=AXE_OPTIONS).response["violations"]
    if not violations:
        return
    lines = [f"{len(violations)} accessibility violations on {page.url}:"]
    for violation in violations:
        lines.append(f"- {violation['id']} ({violation['impact']}): {violation['help']}")
        lines.append(f"  {violation['helpUrl']}")
        for node in violation["nodes"]:
            target = " ".join(str(part) for part in node["target"])
            lines.append(f"    at {target}")
            if node.get("failureSummary"):
                summary = node["failureSummary"].replace("\n", "\n      ")
                lines.append(f"      {summary}")
    raise AssertionError("\n".join(lines))


def log_in_to_admin(page: Page, username: str, password: str) -> None:
    """Log in on the admin's login page as a person does, and land on the admin's index."""
    visit(page, "/admin/")
    expect(page).to_have_url(re.compile(r"/admin/login/"))
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(password)
    page.locator("#login-form [type=submit]").click()
    expect(page).to_have_url(re.compile(r"/admin/$"))


def logged_in(new_page, live_server, user, **context_options) -> Page:
    """A page whose browser context carries `user`'s session, for tests of what comes after
    the login (the login itself is tested on its own)."""
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    page = new_page(**context_options)
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": live_server.url}]
    )
    return page
