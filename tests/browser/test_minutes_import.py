"""An editor imports minutes in the admin from each kind of file, adjusts the split by keyboard,
saves a draft, publishes it, and visitors find the items, lists, links and recordings; and keeps
and drops the attendees the minutes name."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from directory.models import Organisation
from meetings.models import Meeting
from tests.browser.conftest import assert_no_axe_violations, log_in_to_admin, visit
from tests.factories import make_editor, make_group, make_organisation

FILES = Path(__file__).resolve().parent.parent / "fixtures" / "minutes"
PASSWORD = "korrekt-hast-batteri-1"


def _editor_in_the_admin(new_page):
    """An editor logged in to the admin, with the directory's one organisation."""
    make_organisation(name="Socialförvaltningen")
    make_editor(username="redaktor", password=PASSWORD)
    editor = new_page(locale="sv-SE", timezone_id="Europe/Stockholm")
    log_in_to_admin(editor, "redaktor", PASSWORD)
    return editor


@pytest.mark.parametrize("suffix", ["docx", "odt", "pdf"])
def test_editor_imports_adjusts_and_publishes_minutes(new_page, suffix):
    group = make_group(name="Funktionshinderrådet", slug="funktionshinderradet")
    editor = _editor_in_the_admin(new_page)

    visit(editor, "/admin/meetings/meeting/")
    editor.get_by_role("link", name="Importera minnesanteckningar").click()
    expect(editor.get_by_role("heading", level=1)).to_have_text("Importera minnesanteckningar")
    assert_no_axe_violations(editor)

    # A file it cannot read first: the message says why, in Swedish, and is checked by axe.
    editor.locator("#id_group").select_option(label=group.name)
    editor.locator("#id_file").set_input_files(FILES / "skannad.pdf")
    editor.get_by_role("button", name="Förhandsgranska").click()
    expect(editor.locator(".errorlist")).to_contain_text("troligen skannad")
    assert_no_axe_violations(editor)

    editor.locator("#id_file").set_input_files(FILES / f"funktionshinder.{suffix}")
    editor.get_by_role("button", name="Förhandsgranska").click()
    expect(editor.get_by_role("heading", name="Källan")).to_be_visible()
    expect(editor.locator("legend")).to_have_count(5)
    assert_no_axe_violations(editor)

    # Adjust by keyboard: rename the first item, merge "Inspelningar" into the one before.
    editor.locator("#id_form-0-heading").focus()
    editor.keyboard.press("Control+A")
    editor.keyboard.type("Mötets öppnande")
    body = editor.locator("#id_form-1-body")
    body.fill(body.input_value() + "\n\nLisa Berg, 811218-9876, berättade om sin plan.")
    editor.locator("#id_form-3-merge").focus()
    editor.keyboard.press("Space")
    editor.get_by_role("button", name="Visa igen med ändringarna").click()
    expect(editor.locator("legend")).to_have_count(4)
    editor.get_by_role("button", name="Spara som utkast").focus()
    editor.keyboard.press("Enter")
    expect(editor.locator(".messagelist .success")).to_contain_text("sparades som utkast med 4")

    meeting = Meeting.objects.get()
    assert not meeting.is_published
    editor.locator("#id_status").select_option("published")
    editor.locator("input[name=_save]").click()

    # The personal-data check stops it: the group's own address and the personal number typed
    # above, each with the text around it; confirmed by keyboard, then published.
    expect(editor.get_by_role("heading", level=1)).to_contain_text("Granska och publicera")
    expect(editor.locator(".messagelist .warning")).to_contain_text("sparat som utkast")
    hits = editor.locator(".privacy-hit")
    expect(hits).to_have_count(2)
    expect(hits.locator("mark")).to_have_text(["811218-9876", "funktionshinder@helsingborg.se"])
    expect(hits.first).to_contain_text("Personnummer eller samordningsnummer")
    assert_no_axe_violations(editor)
    editor.get_by_role("button", name="Publicera").click()
    expect(editor.locator(".errornote")).to_contain_text("2 träffar är inte bekräftade")
    assert not Meeting.objects.get().is_published
    assert_no_axe_violations(editor)
    for box in editor.get_by_role("checkbox", name="Ingen känslig uppgift").all():
        box.focus()
        editor.keyboard.press("Space")
    editor.get_by_role("button", name="Publicera").focus()
    editor.keyboard.press("Enter")
    expect(editor.locator(".messagelist .success")).to_contain_text("Mötet är publicerat")
    assert Meeting.objects.get().is_published

    visitor = new_page(locale="sv-SE")
    visit(visitor, Meeting.objects.get().get_absolute_url())
    expect(visitor.locator(".agenda-items h3")).to_have_text(
        [
            "Mötets öppnande",
            "Samordnad individuell plan (SIP)",
            "Tillgänglighet i lokalerna",
            "Nästa möte",
        ]
    )
    expect(visitor.locator(".agenda-items ol li")).to_have_count(3)
    expect(visitor.get_by_role("link", name="http://i-nod.se/sip/")).to_have_attribute(
        "href", "http://i-nod.se/sip/"
    )
    expect(visitor.get_by_role("link", name="Del 1: Inledning och SIP")).to_have_attribute(
        "href", "https://bambuser.com/v/4711001"
    )
    assert_no_axe_violations(visitor)


PRESENT = """Brukarrådet 13 mars 2026

Närvarande: Maria Holm, ordförande, Socialförvaltningen; Jonas Ek, Autism- och Aspergerföreningen; \
Eva Ström; Sara Nilsson, Föreningen för hörselskadade

1. Välkommen

Ordföranden hälsade alla välkomna.

2. Övriga frågor

Inga.
"""


def test_editor_keeps_and_drops_the_attendees_the_minutes_name(new_page):
    group = make_group(name="Brukarrådet", slug="brukarradet")
    editor = _editor_in_the_admin(new_page)

    visit(editor, "/admin/meetings/meeting/importera/")
    editor.locator("#id_group").select_option(label=group.name)
    editor.locator("#id_text").fill(PRESENT)
    editor.get_by_role("button", name="Förhandsgranska").click()

    rows = editor.locator(".minutes-import-attendees tbody tr")
    expect(rows).to_have_count(4)
    expect(editor.get_by_role("checkbox", name="Ta med Jonas Ek")).to_be_checked()
    expect(rows.nth(0)).to_contain_text("Finns i katalogen: Socialförvaltningen.")
    expect(editor.get_by_role("textbox", name="Maria Holm: roll")).to_have_value("ordförande")
    jonas = editor.get_by_role("combobox", name="Jonas Ek: organisation")
    expect(jonas.locator("option:checked")).to_have_text(
        "Lägg till ”Autism- och Aspergerföreningen” i katalogen"
    )
    assert_no_axe_violations(editor)

    # Saved as it is, Eva Ström, written without an organisation, stops it beside her row.
    editor.get_by_role("textbox", name="Jonas Ek: namn").fill("Jonas Eklund")
    editor.get_by_role("textbox", name="Jonas Ek: roll").fill("sekreterare")
    editor.get_by_role("button", name="Spara som utkast").click()
    expect(editor.locator(".errornote")).to_contain_text("Rätta felen nedan")
    eva = editor.get_by_role("combobox", name="Eva Ström: organisation")
    expect(eva).to_have_attribute("aria-invalid", "true")
    expect(rows.nth(2).locator(".errorlist")).to_contain_text("välj en, eller ta inte med")
    expect(editor.get_by_role("textbox", name="Jonas Ek: namn")).to_have_value("Jonas Eklund")
    expect(editor.get_by_role("textbox", name="Jonas Ek: roll")).to_have_value("sekreterare")
    assert Meeting.objects.count() == 0
    assert_no_axe_violations(editor)

    # Eva Ström and Sara Nilsson dropped by keyboard; Jonas Ek kept, his organisation added.
    for name in ("Eva Ström", "Sara Nilsson"):
        editor.get_by_role("checkbox", name=f"Ta med {name}").focus()
        editor.keyboard.press("Space")
    editor.get_by_role("button", name="Spara som utkast").click()
    expect(editor.locator(".messagelist .success")).to_contain_text("sparades som utkast med 2")

    expect(editor.locator("#id_attendees-0-name")).to_have_value("Jonas Eklund")
    expect(editor.locator("#attendees-0 .select2-selection__rendered")).to_have_text(
        "Autism- och Aspergerföreningen"
    )
    expect(editor.locator("#id_attendees-0-role")).to_have_value("sekreterare")
    expect(editor.locator("#id_attendees-1-name")).to_have_value("Maria Holm")
    expect(editor.locator("#id_attendees-1-role")).to_have_value("ordförande")
    expect(editor.locator("#id_attendees-2-name")).to_have_count(0)
    meeting = Meeting.objects.get()
    assert sorted(meeting.attendees.values_list("name", "organisation__name")) == [
        ("Jonas Eklund", "Autism- och Aspergerföreningen"),
        ("Maria Holm", "Socialförvaltningen"),
    ]
    assert sorted(Organisation.objects.values_list("name", flat=True)) == [
        "Autism- och Aspergerföreningen",
        "Socialförvaltningen",
    ]
