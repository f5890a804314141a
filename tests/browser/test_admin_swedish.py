"""The admin speaks Swedish to each kind of staff: Django's texts, the packages', and the scripts'.

Each role's admin is walked in Chromium as that person sees it: the login, the index, a section's
page, every list (with a filter of each kind and a step of the date hierarchy), the lists' tools
(the import of minutes), every add form, a change form and its history, the password form; with
the browser in another time zone than the server's so that the admin's time-zone note shows.
The visible text of each page may hold none of the English that the admin used to show, nor
common English words.
"""

import re

from django.contrib.auth.models import User
from playwright.sync_api import Page, expect

from tests.browser.conftest import visit
from tests.factories import make_editor, make_moderator, make_site

PASSWORD = "korrekt-hast-batteri-1"
# What the admin showed in English before (Django 6.1, django-axes, django-tasks-db, select2).
KNOWN_ENGLISH = [
    "Select an option",
    "Filter by",
    "Note: Enter times",
    "hour ahead",
    "hours behind",
    "server time",
    "No results found",
    "Searching",
    "403 Forbidden",
    "Tasks Database Backend",
    "Task Result",
    "access attempt",
    "access failure",
    "access log",
    "Attempt Time",
    "Logout Time",
    "User Agent",
    "IP Address",
    "Meta Data",
    "queue name",
    "priority",
]
# Words of English sentences and labels that Swedish does not share.
ENGLISH_WORDS = re.compile(
    r"\b(the|you|your|and|of|by|an|is|are|this|that|with|select|note|hours?|ahead|behind"
    r"|searching|results|found|please|enter|choose|today|yesterday|tomorrow|now)\b",
    re.IGNORECASE,
)


def _log_in(page: Page, username: str) -> None:
    visit(page, "/admin/")
    assert not _english_on(page), "English on the admin's login page"
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("#login-form [type=submit]").click()
    expect(page).to_have_url(re.compile(r"/admin/$"))


def _english_on(page: Page) -> list[str]:
    # The browser's own user agent, shown by django-axes, is data, not interface.
    text = page.locator("body").inner_text().replace(page.evaluate("navigator.userAgent"), "")
    found = [known for known in KNOWN_ENGLISH if known.lower() in text.lower()]
    found += [f"{line!r}" for line in text.splitlines() if ENGLISH_WORDS.search(line)]
    return found


def _hrefs(page: Page, selector: str) -> list[str]:
    return page.eval_on_selector_all(selector, "links => links.map(a => a.getAttribute('href'))")


def _walk(page: Page, apps: list[str] | None = None) -> dict[str, list[str]]:
    """Visit what the admin's index offers (only `apps`, when given); English found, per page."""
    english: dict[str, list[str]] = {}

    def check(path: str) -> None:
        visit(page, path)
        if page.locator(".datetimeshortcuts").count():
            # The time-zone note is added by the admin's script once the page has loaded.
            expect(page.locator(".timezonewarning").first).to_be_visible()
        if found := _english_on(page):
            english[path] = found

    check("/admin/")
    lists = _hrefs(page, "#content-main tr[class^=model-] th a")
    adds = _hrefs(page, "#content-main a.addlink")
    sections = _hrefs(page, "#content-main caption a")
    # The pages of each person's own: their password, and the page of one section of the admin.
    others = ["/admin/password_change/", *sections[:1]]
    if apps:
        lists = [href for href in lists if href.split("/")[2] in apps]
        adds = [href for href in adds if href.split("/")[2] in apps]
    for changelist in lists:
        check(changelist)
        # One filter of each kind, the date hierarchy's first step and the first object.
        follow = []
        for filter_list in page.locator("#changelist-filter details ul").all():
            links = filter_list.locator("li:not(.selected) a")
            if links.count():
                follow.append(changelist + links.first.get_attribute("href"))
        follow += [changelist + href for href in _hrefs(page, ".toplinks a:not(.date-back)")[:1]]
        # django-axes names a login "Access Log for admin @ 2026-…" in code (an f-string, which no
        # catalogue can translate), so its objects' own pages are left out.
        change = [] if "/axes/" in changelist else _hrefs(page, "#result_list tbody th a")[:1]
        # The list's own tools besides its add form (the import of minutes).
        others += [href for href in _hrefs(page, ".object-tools a") if href not in adds]
        for path in follow:
            check(path)
        for path in change:
            check(path)
            for history in _hrefs(page, "a.historylink"):
                check(history)
    for path in dict.fromkeys(adds + others):
        check(path)
    return english


def test_the_admin_speaks_swedish_to_editors_moderators_and_superusers(new_page):
    site = make_site()
    make_editor(username="redaktor", password=PASSWORD)
    make_moderator(username="moderator", password=PASSWORD)
    User.objects.create_superuser("admin", "admin@example.org", PASSWORD)
    english = {}

    # The editor's browser is an hour ahead of the server, the moderator's an hour behind.
    editor = new_page(locale="sv-SE", timezone_id="Europe/Helsinki")
    _log_in(editor, "redaktor")
    english |= {f"redaktor {path}": found for path, found in _walk(editor).items()}

    moderator = new_page(locale="sv-SE", timezone_id="Europe/London")
    _log_in(moderator, "moderator")
    english |= {f"moderator {path}": found for path, found in _walk(moderator).items()}

    # What only a superuser sees: accounts, django-axes' logins and the task queue.
    superuser = new_page(locale="sv-SE", timezone_id="Europe/London")
    _log_in(superuser, "admin")
    others = ["auth", "axes", "django_tasks_database"]
    english |= {f"admin {path}": found for path, found in _walk(superuser, others).items()}

    assert not english, "English in the Swedish admin:\n" + "\n".join(
        f"{page}: {', '.join(found)}" for page, found in english.items()
    )

    # The notes the admin's script writes, in Swedish.
    visit(editor, f"/admin/meetings/meeting/{site['meeting'].pk}/change/")
    expect(editor.locator(".timezonewarning").first).to_have_text(
        "Obs! Skriv tider i tidszonen Europe/Stockholm. (Din dator ligger 1 timme före.)"
    )


def test_the_autocomplete_speaks_swedish(new_page):
    site = make_site()
    make_editor(username="redaktor", password=PASSWORD)
    editor = new_page(locale="sv-SE", timezone_id="Europe/Stockholm")
    _log_in(editor, "redaktor")
    visit(editor, f"/admin/meetings/meeting/{site['meeting'].pk}/change/")

    editor.locator(".field-organisation .select2-selection").first.click()
    search = editor.locator(".select2-container--open .select2-search__field")
    search.fill("Vägen")
    expect(editor.locator(".select2-results__option").first).to_have_text("Brukarföreningen Vägen")
    search.fill("Finns inte alls")
    expect(editor.locator(".select2-results__message")).to_have_text("Inga träffar")
