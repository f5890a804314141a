"""The pages with links to feeds and calendars: no axe violations, the links named and reachable."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from ideas.models import Status
from tests.browser.conftest import assert_no_axe_violations, visit
from tests.factories import (
    change_status,
    make_agenda_item,
    make_group,
    make_idea,
    make_meeting,
    make_staff_user,
)

LANGUAGES = {"sv": "", "en": "/en"}
# Each page, the subscription links it shows, by the start of their text in each language.
LINKS = {
    "home": {
        "sv": [
            "Prenumerera på mötena",
            "Prenumerera på nya minnesanteckningar",
            "Prenumerera på ändrad status",
        ],
        "en": ["Subscribe to the meetings", "Subscribe to new minutes", "Subscribe to the ideas"],
    },
    "meeting-list": {
        "sv": ["Prenumerera på nya minnesanteckningar", "Prenumerera på mötena"],
        "en": ["Subscribe to new minutes", "Subscribe to the meetings"],
    },
    "group": {
        "sv": [
            "Prenumerera på gruppens möten",
            "Prenumerera på ändrad status",
            "Prenumerera på gruppens nya",
        ],
        "en": [
            "Subscribe to the group's meetings",
            "Subscribe to the changes",
            "Subscribe to the group's new",
        ],
    },
    "meeting": {"sv": ["Lägg till i kalendern"], "en": ["Add to your calendar"]},
    "idea-list": {"sv": ["Prenumerera på ändrad status"], "en": ["Subscribe to the ideas"]},
    "idea": {"sv": ["Prenumerera på ändrad status"], "en": ["Subscribe to this idea"]},
}


@pytest.fixture
def feeds_site():
    group = make_group(
        name="Samverkansgruppen",
        slug="samverkansgruppen",
        summary="Förvaltningen och brukarföreningarna utvecklar stödet tillsammans.",
    )
    past = make_meeting(
        group=group,
        title="Samverkansmöte i höstas",
        slug="samverkansmote-i-hostas",
        starts_at=timezone.now() - timedelta(days=40),
    )
    make_agenda_item(past, heading="Boende", body="Gruppen diskuterade boendet.")
    upcoming = make_meeting(
        group=group,
        title="Samverkansmöte nästa vecka",
        slug="samverkansmote-nasta-vecka",
        starts_at=timezone.now() + timedelta(days=7),
    )
    make_agenda_item(upcoming, heading="Välkommen", body="")
    staff = make_staff_user()
    idea = make_idea(
        title="Kortare väntetid",
        slug="kortare-vantetid",
        group=group,
        problem="Det tar sex veckor att få ett första samtal. Många ger upp.",
        recorded_by=staff,
    )
    change_status(idea, Status.REJECTED, meeting=past, recorded_by=staff)
    return {"group": group, "meeting": upcoming, "idea": idea}


PAGES = {
    "home": lambda site: "/",
    "meeting-list": lambda site: "/moten/",
    "group": lambda site: site["group"].get_absolute_url(),
    "meeting": lambda site: site["meeting"].get_absolute_url(),
    "idea-list": lambda site: "/ideer/",
    "idea": lambda site: site["idea"].get_absolute_url(),
}


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("name", PAGES)
def test_pages_with_feed_links_have_no_axe_violations(page: Page, feeds_site, name, language):
    visit(page, LANGUAGES[language] + PAGES[name](feeds_site))
    expect(page.locator("html")).to_have_attribute("lang", language)
    links = page.locator(".subscribe a, .subscribe-one a")
    expect(links).to_have_count(len(LINKS[name][language]))
    for link, text in zip(links.all(), LINKS[name][language], strict=True):
        expect(link).to_be_visible()
        assert link.inner_text().startswith(text), f"{link.inner_text()!r} is not {text!r}…"
        href = link.get_attribute("href")
        assert href.startswith(LANGUAGES[language] + "/"), href
        assert href.endswith(("/flode/", ".ics")), href
    alternates = page.locator("head link[rel=alternate][title]")
    assert alternates.count() >= 1
    assert_no_axe_violations(page)


def test_feed_links_are_reached_with_the_keyboard(page: Page, feeds_site):
    visit(page, "/moten/")
    link = page.get_by_role("link", name="Prenumerera på nya minnesanteckningar (Atom-flöde)")
    for _ in range(40):
        page.keyboard.press("Tab")
        if link.evaluate("e => e === document.activeElement"):
            break
    else:
        pytest.fail("40 presses of Tab did not reach the feed link")
    assert link.evaluate("e => e.matches(':focus-visible')")
    expect(link).to_be_in_viewport()
