"""The three main flows with the keyboard alone: Tab, Shift+Tab, Enter and Space (and typing
into fields). Every stop of the focus must be visible, and no page may trap it."""

import re

import pytest
from playwright.sync_api import Page, expect

from ideas.models import Comment, Status
from tests.browser.conftest import visit
from tests.factories import (
    change_status,
    make_agenda_item,
    make_group,
    make_idea,
    make_meeting,
    make_representative,
    stockholm,
)

MAX_TABS = 250
# The focused element, whether its focus can be seen, and where it points.
_FOCUSED = """() => {
    const el = document.activeElement;
    if (!el || el === document.body) return null;
    const style = getComputedStyle(el);
    const shown = (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0)
        || style.boxShadow !== 'none';
    const box = el.getBoundingClientRect();
    return {
        tag: el.tagName.toLowerCase(), href: el.getAttribute('href') || '', id: el.id,
        text: (el.innerText || el.value || '').trim().slice(0, 60), visible: shown,
        inView: box.bottom > 0 && box.top < window.innerHeight && box.width > 0,
    };
}"""


def _tab_to(page: Page, wanted, *, shift: bool = False) -> dict:
    """Press Tab until the focused element is `wanted`, checking that every stop is visible."""
    key = "Shift+Tab" if shift else "Tab"
    for _ in range(MAX_TABS):
        page.keyboard.press(key)
        focused = page.evaluate(_FOCUSED)
        if focused is None:
            continue  # the focus left the page for the browser's own controls
        assert focused["visible"], f"no visible focus on {focused} at {page.url}"
        assert focused["inView"], f"focused element out of view: {focused} at {page.url}"
        if wanted(focused):
            return focused
    raise AssertionError(f"{MAX_TABS} presses of {key} did not reach the element on {page.url}")


@pytest.fixture
def site():
    group = make_group(name="Gemensam utvecklingsgrupp")
    meeting = make_meeting(
        group=group, title="Gemensam utvecklingsgrupp 3 mars", starts_at=stockholm(2026, 3, 3)
    )
    item = make_agenda_item(
        meeting, heading="Förslag om ledsagning", body="Gruppen **tillstyrkte** förslaget."
    )
    idea = make_idea(
        group=group,
        title="Ledsagning till tandläkaren",
        problem="Att gå till tandläkaren ensam är svårt för många.",
        proposal="Ge ledsagning till den som behöver.",
    )
    item.ideas.add(idea)
    change_status(
        idea, Status.DECIDED, meeting=meeting, agenda_item=item, decided_by="Socialnämnden"
    )
    representative = make_representative()
    return {"meeting": meeting, "idea": idea, "representative": representative}


def test_read_a_meetings_minutes_from_the_home_page(page, site):
    visit(page, "/")
    meeting = site["meeting"]
    _tab_to(page, lambda f: f["href"] == meeting.get_absolute_url())
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(re.escape(meeting.get_absolute_url()) + "$"))
    expect(page.get_by_text("tillstyrkte")).to_be_visible()
    # Back through the page to its top with Shift+Tab: nothing traps the focus.
    _tab_to(
        page, lambda f: "skip-link" in page.evaluate("document.activeElement.className"), shift=True
    )


def test_find_an_idea_and_read_its_trail(page, site):
    idea = site["idea"]
    visit(page, "/")
    _tab_to(page, lambda f: f["href"] == "/ideer/")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/ideer/$"))
    _tab_to(page, lambda f: f["href"] == idea.get_absolute_url())
    page.keyboard.press("Enter")
    expect(page.locator("#trail-heading")).to_be_visible()
    # The trail's decision links to the minutes where it was made.
    _tab_to(page, lambda f: f["href"].startswith(site["meeting"].get_absolute_url()))
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(re.escape(site["meeting"].get_absolute_url())))


def test_log_in_and_comment(page, site):
    idea, representative = site["idea"], site["representative"]
    visit(page, idea.get_absolute_url())
    _tab_to(page, lambda f: f["href"].startswith("/konto/logga-in/"))
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile("/konto/logga-in/"))
    _tab_to(page, lambda f: f["id"] == "id_username")
    page.keyboard.type(representative.user.username)
    _tab_to(page, lambda f: f["id"] == "id_password")
    page.keyboard.type("korrekt-hast-batteri-1")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(re.escape(idea.get_absolute_url())))

    _tab_to(page, lambda f: f["id"] == "id_body")
    page.keyboard.type("Vi vill gärna vara med och ta fram rutinen för ledsagningen.")
    # The organisation to write for comes before the text: back to it with Shift+Tab.
    _tab_to(
        page, lambda f: f["tag"] == "input" and f["id"].startswith("id_organisation"), shift=True
    )
    page.keyboard.press("Space")
    _tab_to(page, lambda f: f["id"] == "send-comment")
    page.keyboard.press("Enter")
    expect(page.get_by_text("Vi vill gärna vara med")).to_be_visible()
    expect(page.get_by_text("Väntar på granskning").first).to_be_visible()
    expect(page.locator("#comments-status")).to_have_text(
        "Din kommentar är skickad. Den visas när en moderator har läst den."
    )
    # The focus stays in the page after the swap, and goes on to the footer and out of it.
    _tab_to(page, lambda f: f["href"] == "/integritet/")


def test_withdrawing_a_comment_keeps_the_focus_and_says_so(page, site):
    idea, representative = site["idea"], site["representative"]
    comment = Comment.objects.create(
        idea=idea,
        author=representative.user,
        organisation=representative.organisations.get(),
        body="En kommentar som ska dras tillbaka.",
        state=Comment.State.APPROVED,
    )
    visit(page, "/konto/logga-in/")
    page.locator("#id_username").fill(representative.user.username)
    page.locator("#id_password").fill("korrekt-hast-batteri-1")
    page.keyboard.press("Enter")
    expect(page).not_to_have_url(re.compile("logga-in"))
    visit(page, idea.get_absolute_url())
    page.once("dialog", lambda dialog: dialog.accept())
    _tab_to(page, lambda f: f["tag"] == "button" and "tillbaka" in f["text"].lower())
    page.keyboard.press("Enter")
    expect(page.locator(f"#kommentar-{comment.pk}")).to_be_focused()
    expect(page.locator(f"#kommentar-{comment.pk}")).to_contain_text("Tillbakadragen")
    expect(page.locator("#comments-status")).to_have_text("Din kommentar är tillbakadragen.")
