"""The editor sees the minutes as the public page will while writing them: beside the field with
JavaScript (htmx), in a tab of its own without it, and nothing typed is lost either way."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_no_axe_violations, logged_in, visit
from tests.factories import make_agenda_item, make_editor, make_meeting

SWEDISH = {"locale": "sv-SE", "timezone_id": "Europe/Stockholm"}
TYPED = "Vi talade om:\n• boendestöd\n• daglig verksamhet\n\nLäs mer på http://i-nod.se/sip/"


def test_the_preview_follows_the_typing_beside_the_field(new_page, live_server):
    meeting = make_meeting(published=False)
    make_agenda_item(meeting, heading="Boende", body="")
    page = logged_in(new_page, live_server, make_editor(), **SWEDISH)
    visit(page, f"/admin/meetings/meeting/{meeting.pk}/change/")

    body = page.locator("#id_agenda_items-0-body")
    body.focus()
    page.keyboard.type(TYPED)
    preview = page.locator("#id_agenda_items-0-body-preview")
    expect(preview.locator("li")).to_have_text(["boendestöd", "daglig verksamhet"])
    expect(preview.get_by_role("link", name="http://i-nod.se/sip/")).to_be_visible()

    page.keyboard.type("\n• arbete")  # goes on typing: the preview follows
    expect(preview.locator("li")).to_have_count(3)
    page.get_by_role("button", name="Förhandsgranska").nth(1).focus()  # the item's button
    page.keyboard.press("Enter")
    expect(preview.locator("li")).to_have_count(3)
    assert body.input_value().startswith("Vi talade om:")  # nothing submitted, nothing lost
    assert_no_axe_violations(page)

    # An item added with "Lägg till" previews too.
    page.locator("#agenda_items-group .add-row a").click()
    page.locator("#id_agenda_items-1-body").fill("**Nytt**")
    page.locator("#id_agenda_items-1-body").press("End")
    page.keyboard.type("!")
    new = page.locator("#id_agenda_items-1-body-preview")
    expect(new).to_contain_text("Nytt!")  # the typing after the first preview is in it
    expect(new.locator("strong")).to_have_text("Nytt")


def test_without_javascript_the_button_opens_the_preview_in_a_new_tab(new_page, live_server):
    meeting = make_meeting(published=False)
    make_agenda_item(meeting, heading="Boende", body="")
    page = logged_in(new_page, live_server, make_editor(), **SWEDISH, java_script_enabled=False)
    visit(page, f"/admin/meetings/meeting/{meeting.pk}/change/")
    page.locator("#id_agenda_items-0-body").fill(TYPED)
    with page.expect_popup() as opened:
        page.locator("[name='agenda_items-0-body-preview']").click()
    preview = opened.value
    expect(preview.locator(".markdown-preview-body li")).to_have_text(
        ["boendestöd", "daglig verksamhet"]
    )
    # (axe runs as a script, so not here: the next test opens this page with JavaScript.)
    assert page.locator("#id_agenda_items-0-body").input_value() == TYPED  # still there


@pytest.mark.parametrize("language", ["sv", "en"])
def test_the_preview_in_a_tab_of_its_own_passes_axe(new_page, live_server, settings, language):
    # The admin has no /en/ address and speaks LANGUAGE_CODE, Swedish; the English is checked
    # by setting it here.
    settings.LANGUAGE_CODE = language
    meeting = make_meeting(published=False)
    make_agenda_item(meeting, heading="Boende", body=TYPED)
    locale = {"locale": "sv-SE" if language == "sv" else "en-GB"}
    page = logged_in(new_page, live_server, make_editor(), **locale)
    visit(page, f"/admin/meetings/meeting/{meeting.pk}/change/")
    # The page that the button opens without JavaScript; axe needs it to run here.
    with page.expect_popup() as opened:
        page.evaluate(
            """() => {
                const button = document.querySelector("[name='agenda_items-0-body-preview']");
                button.form.requestSubmit(button);
            }"""
        )
    preview = opened.value
    preview.wait_for_load_state()
    expect(preview.locator(".markdown-preview-body li")).to_have_count(2)
    expect(preview.locator("html")).to_have_attribute("lang", language)
    assert_no_axe_violations(preview)
