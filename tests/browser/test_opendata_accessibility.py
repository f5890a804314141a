"""The open-data page: no axe violations in either language, and its links lead to the data."""

import io

import openpyxl
import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import assert_no_axe_violations, visit
from tests.factories import make_idea

LANGUAGES = {"sv": "", "en": "/en"}
HEADINGS = {
    "sv": ["Öppna data", "Det här finns", "Licens", "Följ i en flödesläsare eller en kalender",
           "Ladda ner som kalkylblad", "Återrapporteringens siffror", "För programmerare: API:et"],
    "en": ["Open data", "What is there", "Licence", "Follow in a feed reader or a calendar",
           "Download as a spreadsheet", "The report-back's figures", "For programmers: the API"],
}  # fmt: skip


@pytest.mark.parametrize("language", LANGUAGES)
def test_open_data_page_has_no_axe_violations(page: Page, language):
    make_idea(title="Kvällsöppet på mottagningen")
    visit(page, f"{LANGUAGES[language]}/oppna-data/")
    expect(page.locator("html")).to_have_attribute("lang", language)
    expect(page.locator("main").get_by_role("heading")).to_have_text(HEADINGS[language])
    assert_no_axe_violations(page)
    # On a phone the curl example wraps instead of scrolling sideways.
    page.set_viewport_size({"width": 320, "height": 640})
    example = page.locator("pre.code-example")
    assert example.evaluate("e => e.scrollWidth <= e.clientWidth")
    assert_no_axe_violations(page)


def test_the_footer_link_leads_to_the_page_and_its_links_to_the_data(page: Page):
    make_idea(title="Kvällsöppet på mottagningen")
    visit(page, "/")
    page.locator("footer").get_by_role("link", name="Öppna data").click()
    expect(page.locator("h1")).to_have_text("Öppna data")

    with page.expect_download() as download:
        page.get_by_role("link", name="Alla idéer (CSV)").click()
    assert download.value.suggested_filename.startswith("ideer-")
    assert "Kvällsöppet på mottagningen" in download.value.path().read_text(encoding="utf-8-sig")

    with page.expect_download() as download:
        page.get_by_role("link", name="Alla idéer (Excel)").click()
    assert download.value.suggested_filename.startswith("ideer-")
    assert download.value.suggested_filename.endswith(".xlsx")
    # The saved download has no file ending, which openpyxl needs to see a path as xlsx.
    sheet = openpyxl.load_workbook(io.BytesIO(download.value.path().read_bytes()))["ideer"]
    assert sheet["C2"].value == "Kvällsöppet på mottagningen"

    href = page.get_by_role("link", name="API:ets OpenAPI-beskrivning").get_attribute("href")
    assert page.request.get(href).json()["openapi"] == "3.1.0"


def test_a_page_on_another_origin_may_read_the_api(new_page, live_server):
    """A real browser's CORS check, with a preflight: the header below is not a simple one."""
    make_idea(title="Kvällsöppet på mottagningen")
    # Another origin: the same server by another name, with a page of its own (the portal's
    # pages would not do, as their CSP allows connections to themselves only).
    elsewhere = live_server.url.replace("localhost", "127.0.0.1") + "/elsewhere.html"
    page = new_page(permissions=["local-network-access"])
    page.route(elsewhere, lambda route: route.fulfill(body="<!doctype html><title>x</title>"))
    page.goto(elsewhere)
    titles = page.evaluate(
        """async url => {
            const response = await fetch(url, {headers: {"X-Requested-With": "test"}});
            const page = await response.json();
            return page.results.map(idea => idea.title);
        }""",
        f"{live_server.url}/api/ideas/",
    )
    assert titles == ["Kvällsöppet på mottagningen"]


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_refusals_have_no_axe_violations(page: Page, settings, monkeypatch, language):
    """A visitor beyond a rate limit, and a download asked for before its file is made."""
    prefix = LANGUAGES[language]
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "search": "0/m"}
    visit(page, f"{prefix}/sok/?q=vård", status=429)
    expect(page.locator("h1")).to_have_text(
        {"sv": "För många förfrågningar", "en": "Too many requests"}[language]
    )
    assert_no_axe_violations(page)

    monkeypatch.setattr("opendata.tasks.schedule", lambda **kwargs: None)
    visit(page, f"{prefix}/oppna-data/ideer.csv", status=503)
    expect(page.locator("h1")).to_have_text(
        {"sv": "Filen görs i ordning", "en": "The file is being made"}[language]
    )
    assert_no_axe_violations(page)
    page.get_by_role(
        "link", name={"sv": "Tillbaka till öppna data", "en": "Back to open data"}[language]
    ).click()
    expect(page.locator("h1")).to_have_text({"sv": "Öppna data", "en": "Open data"}[language])
