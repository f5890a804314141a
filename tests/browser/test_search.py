"""The search page in Chromium: results as you type, the plain form without JavaScript, axe."""

import re
from datetime import date

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_no_axe_violations, visit
from tests.factories import change_status, make_agenda_item, make_group, make_idea, make_meeting

LANGUAGES = {"sv": "", "en": "/en"}
RESULTS = {"sv": "träffar", "en": "results"}


@pytest.fixture
def searchable():
    group = make_group(name="Gemensam utvecklingsgrupp")
    idea = make_idea(
        group=group,
        title="Behandling på hemmaplan",
        problem="Den som behöver missbruksvården placeras ofta långt bort från familjen.",
        proposal="Bygg ut öppenvården i kommunen.",
        raised_on=date(2025, 2, 1),
    )
    change_status(idea, "rejected", explanation="Det finns inga pengar till missbruksvården i år.")
    meeting = make_meeting(group=group, title="Möte om missbruksvård")
    make_agenda_item(meeting, heading="Missbruksvård på hemmaplan", body="Gruppen **enades**.")
    return idea


@pytest.mark.parametrize("language", LANGUAGES)
def test_search_states_have_no_axe_violations(page, searchable, language):
    prefix = LANGUAGES[language]
    visit(page, f"{prefix}/sok/")
    assert page.locator("html").get_attribute("lang") == language
    assert_no_axe_violations(page)
    visit(page, f"{prefix}/sok/?q=missbruk")
    expect(page.locator("mark").first).to_be_visible()
    assert_no_axe_violations(page)
    visit(page, f"{prefix}/sok/?q=finnsintealls")
    expect(page.locator("#results-heading")).to_contain_text("0")
    assert_no_axe_violations(page)
    visit(page, f"{prefix}/sok/?q=" + "missbruk+" * 30)
    expect(page.locator("#error-summary")).to_be_focused()
    assert_no_axe_violations(page)


def test_results_appear_as_you_type(page, searchable):
    visit(page, "/sok/")
    page.get_by_label("Sök efter").press_sequentially("missbruk", delay=30)
    expect(page.locator("#results-heading")).to_have_text(re.compile(r"\d+ träffar på ”missbruk”"))
    expect(page.locator("#results-status")).to_contain_text("träffar")
    expect(page).to_have_url(re.compile(r"/sok/\?q=missbruk"))
    expect(page.get_by_label("Sök efter")).to_be_focused()  # typing is not interrupted
    page.get_by_label("Visa").select_option("ideer")
    expect(page).to_have_url(re.compile(r"typ=ideer"))
    links = page.locator(".search-result h3 a")
    expect(links.first).to_be_visible()
    for href in links.evaluate_all("links => links.map(a => a.getAttribute('href'))"):
        assert href.startswith("/ideer/")


def test_plain_form_without_javascript(new_page, searchable):
    page = new_page(java_script_enabled=False)
    visit(page, "/sok/")
    page.get_by_label("Sök efter").fill("missbruksvården")
    page.get_by_role("button", name="Sök", exact=True).click()
    expect(page).to_have_url(re.compile(r"q=missbruksv"))
    expect(page.locator("#results-heading")).to_contain_text("träffar")
    page.locator(".search-result h3 a", has_text="Behandling på hemmaplan").first.click()
    expect(page).to_have_url(re.compile(searchable.get_absolute_url()))
