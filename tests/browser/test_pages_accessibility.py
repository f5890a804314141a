"""The accessibility statement, the pages about the portal and the easy-to-read summaries:
no axe violations in either language, and the report form works with and without JavaScript."""

import re

import pytest
from django.core import mail
from playwright.sync_api import Page, expect

from tests.browser.conftest import assert_no_axe_violations, visit
from tests.factories import make_group, make_idea

LANGUAGES = {"sv": "", "en": "/en"}
SLUGS = ["oppna-soc", "sa-hanteras-forslagen", "sa-deltar-din-organisation"]
SEND = {"sv": "Skicka rapporten", "en": "Send your report"}
SUMMARY = {"sv": "Lättläst sammanfattning", "en": "Easy-to-read summary"}


@pytest.fixture
def summaries():
    group = make_group(
        name="Brukarnas innovationsgrupp",
        slug="brukarnas-innovationsgrupp",
        summary="Brukare samlar idéer om hur stödet kan bli bättre.",
        easy_read="Här träffas människor som får hjälp av socialtjänsten.\n\n"
        "De pratar om hur hjälpen kan bli bättre.",
        why="För att brukarnas erfarenheter ska tas till vara.",
    )
    idea = make_idea(
        title="Kvällsöppen mottagning",
        slug="kvallsoppen-mottagning",
        group=group,
        problem="Mottagningen har bara öppet på dagtid.",
        proposal="Håll öppet en kväll i veckan.",
        easy_read="Mottagningen är bara öppen på dagen.\n\nVi vill att den är öppen en kväll.",
    )
    return {"group": group, "idea": idea}


PAGES = {
    "statement": "/tillganglighet/",
    "easy-read-index": "/lattlast/",
    **{f"page-{slug}": f"/om/{slug}/" for slug in SLUGS},
    **{f"easy-read-{slug}": f"/om/{slug}/lattlast/" for slug in SLUGS},
}


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("name", PAGES)
def test_page_has_no_axe_violations(page: Page, name, language):
    visit(page, LANGUAGES[language] + PAGES[name])
    expect(page.locator("html")).to_have_attribute("lang", language)
    expect(page.locator("h1")).to_have_count(1)
    if name.startswith("page-"):
        expect(page.locator(".version-link a")).to_have_attribute(
            "href", f"{LANGUAGES[language]}{PAGES[name]}lattlast/"
        )
    elif name.startswith("easy-read-") and name != "easy-read-index":
        expect(page.locator(".version-link a")).to_have_attribute(
            "href", LANGUAGES[language] + PAGES[name].removesuffix("lattlast/")
        )
    assert_no_axe_violations(page)


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("kind", ["idea", "group"])
def test_easy_read_summary_comes_first_and_has_no_axe_violations(
    page: Page, summaries, kind, language
):
    visit(page, LANGUAGES[language] + summaries[kind].get_absolute_url())
    box = page.locator(".easy-read-summary")
    expect(box.get_by_role("heading", level=2)).to_have_text(SUMMARY[language])
    expect(box.locator("[lang=sv] p")).to_have_count(2)
    # Nothing but the page's heading comes before it.
    assert page.evaluate(
        "document.querySelector('main h1').nextElementSibling"
        " === document.querySelector('.easy-read-summary')"
    )
    assert_no_axe_violations(page)


@pytest.mark.parametrize("language", LANGUAGES)
def test_report_form_errors_are_summarised_focused_and_accessible(page: Page, language):
    prefix = LANGUAGES[language]
    visit(page, f"{prefix}/tillganglighet/")
    page.locator("#id_page").fill("/ideer/")
    page.locator("#id_email").fill("inte-en-adress")
    page.get_by_role("button", name=SEND[language]).click()

    summary = page.locator("#error-summary")
    expect(summary).to_be_focused()
    expect(summary.locator("a")).to_have_count(2)
    expect(page.locator("#id_page")).to_have_value("/ideer/")
    expect(page.locator("#id_email")).to_have_value("inte-en-adress")
    expect(page.locator("#id_description")).to_have_attribute("aria-invalid", "true")
    assert_no_axe_violations(page)

    summary.locator("a[href='#id_description']").click()
    expect(page.locator("#id_description")).to_be_focused()
    assert mail.outbox == []


def test_report_form_works_without_javascript(new_page, settings):
    settings.ACCESSIBILITY_CONTACT_EMAILS = ["webb@example.org"]
    page = new_page(java_script_enabled=False)
    visit(page, "/tillganglighet/")
    page.locator("#id_name").fill("Eva Ek")
    page.get_by_role("button", name=SEND["sv"]).click()
    expect(page.locator("#error-summary")).to_be_visible()
    expect(page.locator("#id_name")).to_have_value("Eva Ek")

    page.locator("#id_description").fill("Knappen syns inte i mörkt läge.")
    page.get_by_role("button", name=SEND["sv"]).click()
    expect(page.locator(".messages")).to_contain_text("Tack! Din rapport har skickats")
    expect(page).to_have_url(re.compile(r"/tillganglighet/$"))
    [message] = mail.outbox
    assert message.to == ["webb@example.org"]
    assert "Knappen syns inte i mörkt läge." in message.body


def test_language_link_follows_a_list_filtered_in_place(page: Page, summaries):
    visit(page, "/ideer/")
    page.evaluate("window.__marker = 1")
    with page.expect_response(lambda r: "status=received" in r.url):
        page.locator("#id_status").select_option("received")
    expect(page).to_have_url(re.compile(r"/ideer/\?(.*&)?status=received(&|$)"))
    assert page.evaluate("window.__marker") == 1, "the filter reloaded the whole page"
    # The same page in English, its address without the filters left at their default.
    expect(page.locator(".language-link")).to_have_attribute("href", "/en/ideer/?status=received")
    expect(page.locator("#language-links")).to_have_count(1)
    page.locator(".language-link").click()
    expect(page).to_have_url(re.compile(r"/en/ideer/\?(.*&)?status=received(&|$)"))
    expect(page.locator("#id_status")).to_have_value("received")
