"""The record of the personal-data check in the admin: an editor finds who confirmed a hit,
where and when, by keyboard, with no axe violations. (The admin is Swedish only: its addresses
carry no language.)"""

import re

from playwright.sync_api import expect

from meetings import services
from portal import privacy
from tests.browser.conftest import assert_no_axe_violations, logged_in, visit
from tests.factories import make_agenda_item, make_editor, make_meeting


def test_an_editor_reads_the_record_from_the_admins_front_page(new_page, live_server):
    editor = make_editor()
    meeting = make_meeting(published=False, title="Brukarråd mars")
    make_agenda_item(meeting, heading="Frågor", body="Anna (811218-9876) berättade.")
    review = services.privacy_review(meeting)
    privacy.confirm(meeting, review, review.pending_keys, by=editor)
    page = logged_in(new_page, live_server, editor)

    visit(page, "/admin/")
    section = page.get_by_role("link", name="Kontroll av personuppgifter", exact=True)
    expect(section).to_be_visible()
    assert_no_axe_violations(page)

    visit(page, "/admin/portal/privacyconfirmation/")
    expect(page.locator("#result_list tbody tr")).to_have_count(1)
    expect(page.locator("#result_list")).to_contain_text("811218-9876")
    subject = page.get_by_role("link", name="Möte: Brukarråd mars", exact=True)
    expect(subject).to_have_attribute(
        "href", re.compile(rf"/meetings/meeting/{meeting.pk}/change/$")
    )
    assert_no_axe_violations(page)

    # The entry, read only, reached by the keyboard from the list.
    page.locator("#result_list tbody tr th a").first.focus()
    page.keyboard.press("Enter")
    expect(page.locator("body")).to_contain_text("Anna (811218-9876) berättade.")
    expect(page.locator("input[name=_save]")).to_have_count(0)
    assert_no_axe_violations(page)
