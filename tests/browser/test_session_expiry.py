"""An editor's session that ends mid-edit loses nothing, and a warning lets them extend it.

The sessions here last a few seconds (the settings are read by the live server in this
process), so the tests wait for real time to pass.
"""

import re
import time

from playwright.sync_api import Page, expect

from meetings.models import AgendaItem
from tests.browser.conftest import assert_no_axe_violations, visit
from tests.factories import make_agenda_item, make_editor, make_group, make_meeting

PASSWORD = "korrekt-hast-batteri-1"
MINUTES = "Gruppen diskuterade väntetiderna till boendet.\n\n* Fler platser\n* Kortare köer"


def _meeting():
    meeting = make_meeting(group=make_group(name="Samverkansgruppen"), published=False)
    make_agenda_item(meeting, heading="Boende", body="")
    return meeting


def _log_in(editor: Page) -> None:
    editor.locator("#id_username").fill("redaktor")
    editor.locator("#id_password").fill(PASSWORD)
    editor.locator("#login-form [type=submit]").click()


def test_what_is_written_when_the_session_ends_comes_back_after_the_login(new_page, settings):
    meeting = _meeting()
    make_editor(username="redaktor", password=PASSWORD)
    settings.STAFF_SESSION_IDLE_SECONDS = 4
    settings.STAFF_SESSION_WARN_SECONDS = 2
    editor = new_page(locale="sv-SE", timezone_id="Europe/Stockholm")
    visit(editor, f"/admin/meetings/meeting/{meeting.pk}/change/")
    _log_in(editor)
    expect(editor.locator("#id_agenda_items-0-body")).to_be_visible()

    editor.locator("#id_agenda_items-0-body").fill(MINUTES)
    body = editor.locator("#id_agenda_items-0-body")
    body.focus()
    notice = editor.get_by_role("alert")
    expect(notice).to_contain_text("Du har loggats ut", timeout=10_000)
    expect(body).to_be_focused()  # an alert: what the editor types still goes into the field
    editor.locator("input[name=_save]").click()

    # The login page says what happened; the text is not saved yet.
    expect(editor).to_have_url(re.compile(r"/admin/login/\?next="))
    expect(editor.locator("#kept-form-notice")).to_contain_text(
        "Du hade loggats ut när du tryckte Spara. Det du skrev är sparat"
    )
    assert_no_axe_violations(editor)
    assert AgendaItem.objects.get().body == ""

    settings.STAFF_SESSION_IDLE_SECONDS = 30 * 60
    _log_in(editor)
    expect(editor.locator(".messagelist")).to_contain_text(
        "Det du skrev innan du loggades ut är ifyllt igen"
    )
    expect(editor.locator("#id_agenda_items-0-body")).to_have_value(MINUTES)
    assert_no_axe_violations(editor)
    assert AgendaItem.objects.get().body == ""

    editor.locator("input[name=_save]").click()
    expect(editor.locator(".messagelist .success")).to_be_visible()
    assert AgendaItem.objects.get().body.replace("\r\n", "\n") == MINUTES
    visit(editor, f"/admin/meetings/meeting/{meeting.pk}/change/")
    expect(editor.locator("#id_agenda_items-0-body")).to_have_value(MINUTES)


def test_the_warning_comes_in_time_and_stay_logged_in_extends_the_session(new_page, settings):
    meeting = _meeting()
    make_editor(username="redaktor", password=PASSWORD)
    settings.STAFF_SESSION_IDLE_SECONDS = 10
    settings.STAFF_SESSION_WARN_SECONDS = 8
    editor = new_page(locale="sv-SE", timezone_id="Europe/Stockholm")
    visit(editor, f"/admin/meetings/meeting/{meeting.pk}/change/")
    _log_in(editor)
    loaded = time.monotonic()
    body = editor.locator("#id_agenda_items-0-body")
    body.focus()

    notice = editor.get_by_role("alertdialog")
    expect(notice).to_contain_text(
        re.compile(r"Du loggas ut kl\. \d{1,2}\.\d{2} om du inte gör något\.")
    )
    button = notice.get_by_role("button", name="Fortsätt vara inloggad")
    expect(button).to_be_focused()
    assert_no_axe_violations(editor)
    editor.keyboard.press("Enter")
    expect(notice).to_be_hidden()
    expect(body).to_be_focused()  # back where the editor was
    expect(editor.get_by_role("status").filter(has_text="Du är inloggad till kl.")).to_be_visible()

    # Past the first end, before the new one: still logged in.
    time.sleep(max(0, loaded + 11 - time.monotonic()))
    visit(editor, "/admin/")
    expect(editor).to_have_url(re.compile(r"/admin/$"))


def test_at_the_12_hour_limit_the_warning_says_it_cannot_be_extended(new_page, settings):
    meeting = _meeting()
    make_editor(username="redaktor", password=PASSWORD)
    settings.STAFF_SESSION_MAX_SECONDS = 60
    editor = new_page(locale="sv-SE", timezone_id="Europe/Stockholm")
    visit(editor, f"/admin/meetings/meeting/{meeting.pk}/change/")
    _log_in(editor)
    notice = editor.get_by_role("alert")
    expect(notice).to_contain_text("kan inte förlängas")
    expect(notice).to_contain_text("Det du skriver sparas när du trycker Spara")
    expect(notice.get_by_role("button")).to_be_hidden()
    assert_no_axe_violations(editor)


def test_a_tab_does_not_warn_when_another_tab_has_moved_the_end(new_page, settings):
    meeting = _meeting()
    make_editor(username="redaktor", password=PASSWORD)
    settings.STAFF_SESSION_IDLE_SECONDS = 12
    settings.STAFF_SESSION_WARN_SECONDS = 6
    first = new_page(locale="sv-SE", timezone_id="Europe/Stockholm")
    visit(first, "/admin/")
    _log_in(first)
    expect(first).to_have_url(re.compile(r"/admin/$"))
    loaded = time.monotonic()
    time.sleep(3)
    second = first.context.new_page()  # the same browser, another tab: the session moves on
    visit(second, f"/admin/meetings/meeting/{meeting.pk}/change/")
    # The first tab's own warning would come 6 s after it loaded; the session now ends later.
    time.sleep(max(0, loaded + 8 - time.monotonic()))
    expect(first.get_by_role("alertdialog")).to_be_hidden()
    expect(first.get_by_role("alertdialog")).to_contain_text("Du loggas ut kl.", timeout=5_000)
