"""The whole public site, crawled in Chromium: axe, reflow and language on every page type.

From the home page, every link two levels deep, in Swedish and in English, on the demo content
with comments added. Pages of the same type (the same view with the same query parameters) are
checked twice at most, so the crawl covers every type without reading all 49 meetings. Each
checked page gets axe's WCAG 2.1 A and AA rules, then is narrowed to 320 CSS pixels and to 640
(a 1280-pixel window at 200% zoom), where nothing may scroll sideways. With reduced motion
asked for, nothing on the page may move. The pages checked are printed (`pytest -s` shows them).
"""

import re
from urllib.parse import parse_qsl, urlsplit

import pytest
from django.core.management import call_command
from django.urls import Resolver404, resolve
from django.utils import translation
from playwright.sync_api import Page, expect

from ideas.models import Comment, Idea
from tests.browser.conftest import _console_logs, assert_no_axe_violations, visit
from tests.factories import make_representative

LANGUAGES = {"sv": "", "en": "/en"}
PER_TYPE = 2
DEPTH = 2
# Not HTML pages (feeds, calendars, data, files), or not for the public.
SKIPPED = (".xml", ".ics", ".csv", ".xlsx", ".json", ".txt", ".pdf",
           "/flode/", "/api/", "/bilagor/", "/admin")  # fmt: skip
WIDTHS = (320, 640)


@pytest.fixture
def demo_site(capsys):
    with capsys.disabled():
        call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    representative = make_representative()
    organisation = representative.organisations.get()
    idea = Idea.objects.order_by("pk").first()
    Comment.objects.create(
        idea=idea,
        author=representative.user,
        organisation=organisation,
        body="Vi håller med och vill gärna vara med när förslaget tas fram.",
        state=Comment.State.APPROVED,
    )
    return representative


def _page_type(path: str, query: str) -> str:
    language = "en" if path.startswith("/en/") else "sv"
    try:
        with translation.override(language):
            match = resolve(path)
    except Resolver404:
        return f"404 {path}"
    keys = ",".join(sorted({key for key, _value in parse_qsl(query)}))
    return f"{match.view_name}?{keys}"


def _wanted(href: str, origin: str, language: str) -> str | None:
    parts = urlsplit(href)
    if f"{parts.scheme}://{parts.netloc}" != origin:
        return None
    path = parts.path
    if any(marker in path for marker in SKIPPED):
        return None
    if (language == "en") != path.startswith("/en/"):
        return None  # the language switcher: the other crawl covers that side
    return path + (f"?{parts.query}" if parts.query else "")


def _assert_reflows(page: Page) -> None:
    """At each narrow width, no text needs sideways scrolling (WCAG 1.4.10)."""
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 800})
        overflow = page.evaluate(
            """() => {
                const width = document.documentElement.clientWidth;
                if (document.documentElement.scrollWidth <= width) return [];
                return [...document.querySelectorAll('body *')]
                    .filter(el => el.getBoundingClientRect().right > width + 1)
                    .slice(0, 5)
                    .map(el => el.tagName.toLowerCase() + '.' + el.className);
            }"""
        )
        assert not overflow, f"{page.url} scrolls sideways at {width}px: {overflow}"
    page.set_viewport_size({"width": 1280, "height": 800})


def _crawl(page: Page, live_server, language: str) -> list[str]:
    prefix = LANGUAGES[language]
    page.emulate_media(reduced_motion="reduce")
    queue, seen, checked = [(f"{prefix}/", 0)], {f"{prefix}/"}, []
    per_type: dict[str, int] = {}
    while queue:
        path, depth = queue.pop(0)
        kind = _page_type(*urlsplit(path)[2:4])
        if per_type.get(kind, 0) >= PER_TYPE:
            continue
        per_type[kind] = per_type.get(kind, 0) + 1
        visit(page, path)
        assert page.locator("html").get_attribute("lang") == language, path
        expect(page.locator("main")).to_have_count(1)
        assert_no_axe_violations(page)
        _assert_reflows(page)
        assert page.evaluate("document.getAnimations().length") == 0, f"{path} moves"
        checked.append(f"{language} {path}  [{kind}]")
        if depth == DEPTH:
            continue
        hrefs = page.locator("a[href]").evaluate_all("links => links.map(a => a.href)")
        for href in hrefs:
            wanted = _wanted(href.split("#")[0], live_server.url, language)
            if wanted and wanted not in seen:
                seen.add(wanted)
                queue.append((wanted, depth + 1))
    return checked


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_page_type_passes_axe_and_reflows(page, live_server, demo_site, language):
    checked = _crawl(page, live_server, language)
    prefix = LANGUAGES[language]

    # The states a crawl does not reach by links.
    states = [
        (f"{prefix}/sok/?q=missbruk", 200),
        (f"{prefix}/sok/?q=ingenting-alls-finns", 200),
        (f"{prefix}/finns-inte/", 404),
        (f"{prefix}/moten/1999/", 404),
    ]
    for path, status in states:
        visit(page, path, status)
        assert_no_axe_violations(page)
        _assert_reflows(page)
        checked.append(f"{language} {path}  [state {status}]")

    print(f"\nChecked {len(checked)} pages ({language}):\n" + "\n".join(checked))
    kinds = {line.split("[")[1] for line in checked}
    for wanted in ["pages:home", "meetings:list", "meetings:detail", "ideas:list",
                   "ideas:detail", "ideas:progress", "directory:groups", "directory:group",
                   "directory:organisations", "directory:organisation", "directory:login",
                   "directory:privacy", "search:search", "pages:statement", "pages:page",
                   "pages:easy_read", "pages:easy_read_index", "opendata:index"]:  # fmt: skip
        assert any(kind.startswith(wanted + "?") for kind in kinds), f"{wanted} not reached"


@pytest.mark.parametrize("language", LANGUAGES)
def test_form_error_states_pass_axe(page, demo_site, language):
    """A failed login, and a comment sent empty."""
    prefix = LANGUAGES[language]
    visit(page, f"{prefix}/konto/logga-in/")
    page.locator("#id_username").fill(demo_site.user.username)
    page.locator("#id_password").fill("fel-lösenord")
    page.locator("form.stacked-form button[type=submit]").click()
    expect(page.locator("#error-summary")).to_be_visible()
    assert_no_axe_violations(page)
    _assert_reflows(page)

    page.locator("#id_password").fill("korrekt-hast-batteri-1")
    page.locator("form.stacked-form button[type=submit]").click()
    expect(page).not_to_have_url(re.compile("logga-in"))
    idea = Idea.objects.filter(open_for_comments=True).order_by("pk").first()
    visit(page, f"{prefix}{idea.get_absolute_url()}")
    page.locator("#id_body").fill("   ")
    _console_logs[page].expect_status(page.url, 422)  # htmx's answer to the empty form
    page.locator("#send-comment").click()
    expect(page.locator("#skriv-kommentar .field-error").first).to_be_visible()
    assert_no_axe_violations(page)
    _assert_reflows(page)
