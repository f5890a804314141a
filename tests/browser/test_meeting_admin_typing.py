"""Less to type in the meeting admin: copy from the group's previous meeting (adding a new
organisation from an attendee row on the way), and agenda items reordered by keyboard and by
drag, as the public page then shows them."""

import re
from datetime import datetime, timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from directory.models import Organisation
from meetings.models import Meeting
from portal.dates import zone
from tests.browser.conftest import assert_no_axe_violations, log_in_to_admin, visit
from tests.factories import (
    make_agenda_item,
    make_attendee,
    make_editor,
    make_group,
    make_link,
    make_meeting,
    make_organisation,
)

PASSWORD = "korrekt-hast-batteri-1"
MINUTES = "Gruppen diskuterade frågan."


def test_editor_copies_the_previous_meeting_adds_an_organisation_and_saves(new_page):
    group = make_group(name="Brukarrådet")
    previous = make_meeting(
        group=group,
        title="Brukarrådet i mars",
        starts_at=datetime(2026, 3, 13, 13, 0, tzinfo=zone()),
        ends_at=datetime(2026, 3, 13, 15, 30, tzinfo=zone()),
        place="Stadshuset, rum 4",
    )
    make_agenda_item(previous, heading="Besök av förvaltningschefen")
    make_attendee(previous, name="Anna Berg", organisation=make_organisation(name="RSMH"))
    make_link(previous, title="Gruppens sida", url="https://example.org/brukarradet")
    make_link(previous, title="Del 1: Inledning", url="https://bambuser.com/v/4711")
    make_editor(username="redaktor", password=PASSWORD)
    editor = new_page(locale="sv-SE", timezone_id="Europe/Stockholm")
    log_in_to_admin(editor, "redaktor", PASSWORD)

    visit(editor, "/admin/meetings/meeting/add/")
    assert_no_axe_violations(editor)
    editor.locator("#copy-meeting-group").select_option(label="Brukarrådet")
    editor.get_by_role("button", name="Kopiera från förra mötet").click()

    expect(editor.locator(".messagelist")).to_contain_text("Kopierat från Brukarrådet i mars")
    expect(editor.locator("#id_group")).to_have_value(str(group.pk))
    expect(editor.locator("#id_place")).to_have_value("Stadshuset, rum 4")
    expect(editor.locator("#id_starts_at_0")).to_have_value("")
    expect(editor.locator("#id_starts_at_1")).to_have_value(re.compile(r"^13[:.]00"))
    expect(editor.locator("#id_ends_at_1")).to_have_value(re.compile(r"^15[:.]30"))
    expect(editor.locator("#id_attendees-0-name")).to_have_value("Anna Berg")
    expect(editor.locator("#attendees-0 .select2-selection__rendered")).to_have_text("RSMH")
    expect(editor.locator("#id_links-0-title")).to_have_value("Gruppens sida")
    expect(editor.locator("#id_links-1-title")).to_have_count(0)
    expect(editor.locator("#id_agenda_items-0-heading")).to_have_count(0)
    assert_no_axe_violations(editor)

    # A newcomer whose organisation is not in the directory: added from the row's "+".
    editor.locator("#attendees-group .add-row a").click()
    editor.locator("#id_attendees-1-name").fill("Lisa Ny")
    with editor.expect_popup() as opened:
        editor.locator("#add_id_attendees-1-organisation").click()
    popup = opened.value
    popup.locator("#id_name").press_sequentially("Föreningen Nya vägar")
    expect(popup.locator("#id_slug")).to_have_value("foreningen-nya-vagar")
    popup.locator("input[name=_save]").click()
    popup.wait_for_event("close")
    expect(editor.locator("#attendees-1 .select2-selection__rendered")).to_have_text(
        "Föreningen Nya vägar"
    )
    expect(editor.locator("#id_attendees-1-name")).to_have_value("Lisa Ny")

    editor.locator("#id_title").fill("Brukarrådet i maj")
    editor.locator("#id_starts_at_0").fill("13 maj 2026")
    editor.locator("#id_ends_at_0").fill("13 maj 2026")
    _save(editor)

    meeting = Meeting.objects.get(title="Brukarrådet i maj")
    assert timezone.localtime(meeting.starts_at) == datetime(2026, 5, 13, 13, 0, tzinfo=zone())
    assert meeting.place == "Stadshuset, rum 4"
    assert sorted(meeting.attendees.values_list("name", "organisation__name")) == [
        ("Anna Berg", "RSMH"),
        ("Lisa Ny", "Föreningen Nya vägar"),
    ]
    assert list(meeting.links.values_list("title", flat=True)) == ["Gruppens sida"]
    assert not meeting.agenda_items.exists()
    assert Organisation.objects.filter(name="Föreningen Nya vägar").exists()


def test_editor_reorders_agenda_items_by_keyboard_and_by_drag(new_page):
    meeting = make_meeting(
        title="Samverkansmöte", starts_at=timezone.now() - timedelta(days=3), published=True
    )
    for position, heading in enumerate(["Välkommen", "Boendestödet", "Övriga frågor"], 1):
        make_agenda_item(meeting, position=position, heading=heading, body=MINUTES)
    make_editor(username="redaktor", password=PASSWORD)
    # Tall enough for an item to be dragged from the last place to the first without scrolling.
    editor = new_page(
        locale="sv-SE", timezone_id="Europe/Stockholm", viewport={"width": 1280, "height": 3200}
    )
    log_in_to_admin(editor, "redaktor", PASSWORD)
    visit(editor, f"/admin/meetings/meeting/{meeting.pk}/change/")
    # The order is kept by the buttons: no number to type.
    expect(editor.locator("#id_agenda_items-0-position")).to_be_hidden()
    assert_no_axe_violations(editor)
    items = editor.locator("#agenda_items-group .inline-related:not(.empty-form)")
    first = items.nth(0)
    first.get_by_role("button", name="Flytta ner").focus()
    editor.keyboard.press("Enter")
    live = editor.locator("#agenda_items-group [role=status]")
    expect(live).to_have_text("Välkommen är nu punkt 2 av 3.")
    # The button moved with its item and kept the focus: Enter again moves it on.
    editor.keyboard.press("Enter")
    expect(live).to_have_text("Välkommen är nu punkt 3 av 3.")
    editor.keyboard.press("Enter")
    expect(live).to_have_text("Välkommen är redan sista punkten.")
    editor.keyboard.press("Shift+Tab")  # to "Flytta upp" of the same item
    editor.keyboard.press("Enter")
    expect(live).to_have_text("Välkommen är nu punkt 2 av 3.")
    _expect_order(items, ["Boendestödet", "Välkommen", "Övriga frågor"])
    assert_no_axe_violations(editor)
    editor.locator("input[name=_continue]").focus()
    editor.keyboard.press("Enter")
    expect(editor.locator(".messagelist .success")).to_be_visible()

    visitor = new_page(locale="sv-SE")
    visit(visitor, meeting.get_absolute_url())
    expect(visitor.locator(".agenda-items h3")).to_have_text(
        ["Boendestödet", "Välkommen", "Övriga frågor"]
    )

    # By mouse: "Övriga frågor" dragged onto the first item takes its place.
    items = editor.locator("#agenda_items-group .inline-related:not(.empty-form)")
    _expect_order(items, ["Boendestödet", "Välkommen", "Övriga frågor"])
    items.nth(2).locator(".agenda-drag").drag_to(items.nth(0))
    _expect_order(items, ["Övriga frågor", "Boendestödet", "Välkommen"])
    expect(live).to_have_text("Övriga frågor är nu punkt 1 av 3.")
    # A new item gets the next number, and is saved last.
    editor.locator("#agenda_items-group .add-row a").click()
    editor.locator("#id_agenda_items-3-heading").fill("Nästa möte")
    expect(editor.locator("#id_agenda_items-3-position")).to_have_value("4")
    editor.locator("input[name=_continue]").click()
    expect(editor.locator(".messagelist .success")).to_be_visible()

    visit(visitor, meeting.get_absolute_url())
    expect(visitor.locator(".agenda-items h3")).to_have_text(
        ["Övriga frågor", "Boendestödet", "Välkommen", "Nästa möte"]
    )
    # Dropped on the first item's minutes, the drag moved the item and wrote nothing there.
    assert {item.heading: item.body for item in meeting.agenda_items.all()} == {
        "Övriga frågor": MINUTES,
        "Boendestödet": MINUTES,
        "Välkommen": MINUTES,
        "Nästa möte": "",
    }


def test_new_items_moved_removed_or_left_empty_save_as_shown(new_page):
    """Django's inline script numbers the forms by their place on the page when a row is
    removed; the saved items must stay the formset's first forms all the same."""
    meeting = make_meeting(title="Samverkansmöte", published=True)
    for position, heading in enumerate(["Välkommen", "Boendestödet"], 1):
        make_agenda_item(meeting, position=position, heading=heading, body=MINUTES)
    make_editor(username="redaktor", password=PASSWORD)
    editor = new_page(locale="sv-SE", timezone_id="Europe/Stockholm")
    log_in_to_admin(editor, "redaktor", PASSWORD)
    visit(editor, f"/admin/meetings/meeting/{meeting.pk}/change/")
    add = editor.locator("#agenda_items-group .add-row a")
    add.click()
    editor.locator("#id_agenda_items-2-heading").fill("Presentationsrunda")
    up = editor.locator("#agenda_items-2").get_by_role("button", name="Flytta upp")
    up.click()
    up.click()
    add.click()
    editor.locator("#id_agenda_items-3-heading").fill("Ångrad punkt")
    editor.locator("#agenda_items-3 .inline-deletelink").click()
    # A row added and left empty is skipped on saving, as it was before it had a number.
    add.click()
    expect(editor.locator("#id_agenda_items-3-position")).to_have_value("4")
    editor.locator("input[name=_save]").click()
    expect(editor.locator(".messagelist .success")).to_be_visible()
    assert list(meeting.agenda_items.values_list("heading", "position")) == [
        ("Presentationsrunda", 1),
        ("Välkommen", 2),
        ("Boendestödet", 3),
    ]


def test_without_javascript_copying_works_and_the_order_is_typed_as_numbers(new_page):
    meeting = make_meeting(title="Samverkansmöte", published=True, place="Träffpunkten")
    for position, heading in enumerate(["Välkommen", "Boendestödet"], 1):
        make_agenda_item(meeting, position=position, heading=heading)
    make_attendee(meeting, name="Anna Berg")
    make_editor(username="redaktor", password=PASSWORD)
    editor = new_page(locale="sv-SE", java_script_enabled=False)
    log_in_to_admin(editor, "redaktor", PASSWORD)
    visit(editor, "/admin/meetings/meeting/add/")
    editor.locator("#copy-meeting-group").select_option(label=meeting.group.name)
    editor.get_by_role("button", name="Kopiera från förra mötet").click()
    expect(editor.locator("#id_place")).to_have_value("Träffpunkten")
    expect(editor.locator("#id_attendees-0-name")).to_have_value("Anna Berg")

    visit(editor, f"/admin/meetings/meeting/{meeting.pk}/change/")
    expect(editor.get_by_role("button", name="Flytta upp")).to_have_count(0)
    editor.locator("#id_agenda_items-0-position").fill("3")
    editor.locator("input[name=_save]").click()
    expect(editor.locator(".messagelist .success")).to_be_visible()
    assert list(meeting.agenda_items.values_list("heading", flat=True)) == [
        "Boendestödet",
        "Välkommen",
    ]


@pytest.mark.parametrize("javascript", [True, False], ids=["javascript", "no-javascript"])
def test_enter_in_a_field_saves_the_meeting(new_page, javascript):
    """As in every admin form: Enter in a text field is Save, never an earlier button in the
    form ("Förhandsgranska" beside the notice, the agenda items' buttons)."""
    meeting = make_meeting(title="Samverkansmöte", published=False, notice="Välkomna!")
    make_agenda_item(meeting, heading="Välkommen", body=MINUTES)
    make_editor(username="redaktor", password=PASSWORD)
    editor = new_page(locale="sv-SE", java_script_enabled=javascript)
    log_in_to_admin(editor, "redaktor", PASSWORD)
    visit(editor, f"/admin/meetings/meeting/{meeting.pk}/change/")
    if javascript:
        assert_no_axe_violations(editor)  # the Save that Enter presses is unseen and unheard
    editor.locator("#id_title").fill("Samverkansmöte i maj")
    editor.locator("#id_title").press("Enter")

    expect(editor.locator(".messagelist .success")).to_contain_text("Samverkansmöte i maj")
    assert len(editor.context.pages) == 1  # no preview opened in a tab of its own
    meeting.refresh_from_db()
    assert meeting.title == "Samverkansmöte i maj"
    assert list(meeting.agenda_items.values_list("body", flat=True)) == [MINUTES]


def _expect_order(items, headings: list[str]) -> None:
    """The items on the form, from the top, by the headings in their fields."""
    expect(items).to_have_count(len(headings))
    for number, heading in enumerate(headings):
        expect(items.nth(number).locator("input[name$='-heading']")).to_have_value(heading)


def _save(page: Page) -> None:
    page.locator("input[name=_save]").click()
    expect(page.locator(".messagelist .success, .errornote").first).to_be_visible()
    errors = page.locator(".errornote, .errorlist li").all_inner_texts()
    assert not errors, f"the admin refused the meeting: {errors}"
