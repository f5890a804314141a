"""A title pasted too long is kept whole, counted as it is typed, and refused with a message."""

from playwright.sync_api import expect

from tests.browser.conftest import assert_no_axe_violations, log_in_to_admin, visit
from tests.factories import make_editor, make_group
from tests.test_lengths import LONG_TITLE

PASSWORD = "korrekt-hast-batteri-1"


def test_a_pasted_title_is_never_cut_and_its_length_is_shown(new_page):
    make_group(name="Samverkansgruppen")
    make_editor(username="redaktor", password=PASSWORD)
    editor = new_page(locale="sv-SE", timezone_id="Europe/Stockholm")
    log_in_to_admin(editor, "redaktor", PASSWORD)

    visit(editor, "/admin/meetings/meeting/add/")
    title = editor.locator("#id_title")
    expect(editor.locator("#id_title-length")).to_have_text("0 av 200 tecken")
    title.focus()
    editor.keyboard.insert_text(LONG_TITLE)  # as a paste: a maxlength would cut it at 200
    expect(title).to_have_value(LONG_TITLE)
    expect(editor.locator("#id_title-length")).to_have_text("282 av 200 tecken: 82 för många")
    assert_no_axe_violations(editor)

    editor.locator("#id_group").select_option(label="Samverkansgruppen")
    editor.locator("#id_starts_at_0").fill("2031-02-12")
    editor.locator("#id_starts_at_1").fill("13:00")
    editor.locator("input[name=_save]").click()
    expect(editor.locator(".errorlist")).to_contain_text("som mest 200 tecken (den har 282)")
    expect(editor.locator("#id_title")).to_have_value(LONG_TITLE)
    assert_no_axe_violations(editor)
