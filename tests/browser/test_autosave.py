"""A meeting being written is autosaved; opened again, the newer text can be restored."""

import re

from playwright.sync_api import expect

from directory.models import KeptForm
from meetings.models import AgendaItem
from tests.browser.conftest import assert_no_axe_violations, visit
from tests.factories import make_agenda_item, make_editor, make_meeting

PASSWORD = "korrekt-hast-batteri-1"
TYPED = "Gruppen pratade om väntetiderna."


def test_typed_minutes_are_autosaved_and_restored_or_discarded(new_page, settings):
    settings.AUTOSAVE_SECONDS = 1
    meeting = make_meeting(published=False)
    make_agenda_item(meeting, heading="Boende", body="")
    make_editor(username="redaktor", password=PASSWORD)
    editor = new_page(locale="sv-SE", timezone_id="Europe/Stockholm")
    change = f"/admin/meetings/meeting/{meeting.pk}/change/"
    visit(editor, change)
    editor.locator("#id_username").fill("redaktor")
    editor.locator("#id_password").fill(PASSWORD)
    editor.locator("#login-form [type=submit]").click()
    # The autosave's script is running (it adds the status line), so it sees the typing.
    expect(editor.locator(".autosave-status")).to_be_attached()

    editor.locator("#id_agenda_items-0-body").fill(TYPED)
    expect(editor.locator(".autosave-status")).to_have_text(
        re.compile(r"Sparat automatiskt kl\. \d{1,2}\.\d{2}\.")
    )
    assert TYPED in str(KeptForm.objects.get().fields)

    # The tab is closed without saving; opened again, the text is offered.
    visit(editor, change)
    offer = editor.locator(".autosave-offer")
    expect(offer).to_contain_text("som är nyare än det som är sparat")
    expect(editor.locator("#id_agenda_items-0-body")).to_have_value("")
    assert_no_axe_violations(editor)
    offer.get_by_role("link", name="Återställ").click()
    expect(editor.locator("#id_agenda_items-0-body")).to_have_value(TYPED)
    expect(editor.locator(".messagelist")).to_contain_text("Det är inte sparat än")
    assert_no_axe_violations(editor)

    # Thrown away instead: the form opens as saved, without the offer.
    visit(editor, change)
    editor.locator(".autosave-offer").get_by_role("button", name="Släng").click()
    expect(editor.locator(".autosave-offer")).to_have_count(0)
    expect(editor.locator(".messagelist")).to_contain_text("borttagen")
    assert not KeptForm.objects.exists()

    # Saved: the kept copy goes with the save.
    editor.locator("#id_agenda_items-0-body").fill(TYPED)
    expect(editor.locator(".autosave-status")).not_to_be_empty()
    editor.locator("input[name=_save]").click()
    expect(editor.locator(".messagelist .success")).to_be_visible()
    assert AgendaItem.objects.get().body == TYPED
    assert not KeptForm.objects.exists()


def test_save_waits_for_an_autosave_on_its_way(new_page, settings):
    """Else the autosave could reach the server after the save and be offered again."""
    settings.AUTOSAVE_SECONDS = 1
    meeting = make_meeting(published=False)
    make_agenda_item(meeting, heading="Boende", body="")
    make_editor(username="redaktor", password=PASSWORD)
    editor = new_page(locale="sv-SE", timezone_id="Europe/Stockholm")
    change = f"/admin/meetings/meeting/{meeting.pk}/change/"
    visit(editor, change)
    editor.locator("#id_username").fill("redaktor")
    editor.locator("#id_password").fill(PASSWORD)
    editor.locator("#login-form [type=submit]").click()
    # The autosave's script is running (it adds the status line), so it sees the typing.
    expect(editor.locator(".autosave-status")).to_be_attached()

    held = []
    editor.route("**/kladd/", lambda route: held.append(route))
    editor.locator("#id_agenda_items-0-body").fill(TYPED)
    for _ in range(100):  # the interval is 1 s, but a loaded machine may take longer
        if held:
            break
        editor.wait_for_timeout(100)
    assert len(held) == 1  # an autosave is on its way, held here
    editor.locator("input[name=_save]").click()
    editor.wait_for_timeout(500)
    expect(editor).to_have_url(re.compile(re.escape(change) + "$"))  # Save waits for it
    held[0].continue_()
    expect(editor.locator(".messagelist .success")).to_be_visible()
    assert AgendaItem.objects.get().body == TYPED
    assert not KeptForm.objects.exists()
