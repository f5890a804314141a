"""An editor publishes a meeting in the admin; visitors find it, and never find a draft."""

import re
from datetime import timedelta

from django.utils import timezone
from playwright.sync_api import Page, expect

from meetings.models import Meeting
from tests.browser.conftest import assert_no_axe_violations, log_in_to_admin, visit
from tests.factories import make_editor, make_group, make_organisation

TITLE = "Samverkansmöte om boendestöd"
DRAFT_TITLE = "Utkast: budgetsamtal"
AGENDA = [
    ("Mötets öppnande", "Ordföranden **öppnade** mötet."),
    ("Rapport om boendestödet", "Förvaltningen berättade om:\n\n* köerna\n* de nya lokalerna"),
    ("Övriga frågor", "Inga övriga frågor."),
]
ATTENDEES = [("Anna Lind", "Brukarföreningen Vägen"), ("Per Ek", "Anhörigföreningen")]
ATTENDEES_BY_ORGANISATION = sorted(ATTENDEES, key=lambda attendee: attendee[1])
RECORDING = ("Del 1: Inledning", "https://example.org/inspelning/1")
PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n%%EOF\n"


def test_editor_publishes_meeting_that_visitors_find(new_page, tmp_path):
    group = make_group(name="Samverkansgruppen", slug="samverkansgruppen")
    for name in ["Brukarföreningen Vägen", "Anhörigföreningen", "Socialförvaltningen"]:
        make_organisation(name=name)
    make_editor(username="redaktor", password="korrekt-hast-batteri-1")
    pdf = tmp_path / "protokoll.pdf"
    pdf.write_bytes(PDF)
    # Minutes of a meeting two days ago: listed under "Latest minutes" on the home page.
    held = timezone.localdate() - timedelta(days=2)
    # A draft for later this week would be under "Upcoming meetings", were it public.
    planned = timezone.localdate() + timedelta(days=3)

    editor = new_page(locale="sv-SE", timezone_id="Europe/Stockholm")
    log_in_to_admin(editor, "redaktor", "korrekt-hast-batteri-1")

    visit(editor, "/admin/meetings/meeting/add/")
    _fill_meeting(editor, group.name, TITLE, held.isoformat(), "13:00", "15:30")
    editor.locator("#id_place").fill("Socialförvaltningen, Södergatan 3")
    for n, (heading, body) in enumerate(AGENDA):
        _add_row(editor, "agenda_items")
        editor.locator(f"#id_agenda_items-{n}-heading").fill(heading)
        editor.locator(f"#id_agenda_items-{n}-body").fill(body)
    for n, (name, organisation) in enumerate(ATTENDEES):
        _add_row(editor, "attendees")
        editor.locator(f"#id_attendees-{n}-name").fill(name)
        _autocomplete(editor, f"#attendees-{n}", organisation.split()[-1], organisation)
    _add_row(editor, "links")
    editor.locator("#id_links-0-title").fill(RECORDING[0])
    editor.locator("#id_links-0-url").fill(RECORDING[1])
    _add_row(editor, "attachments")
    editor.locator("#id_attachments-0-title").fill("Protokoll")
    editor.locator("#id_attachments-0-file").set_input_files(pdf)
    editor.locator("#id_status").select_option("published")
    _save(editor)

    visit(editor, "/admin/meetings/meeting/add/")
    _fill_meeting(editor, group.name, DRAFT_TITLE, planned.isoformat(), "10:00", "12:00")
    _add_row(editor, "agenda_items")
    editor.locator("#id_agenda_items-0-heading").fill("Budgeten för nästa år")
    expect(editor.locator("#id_status")).to_have_value("draft")
    _save(editor)

    meeting = Meeting.objects.get(title=TITLE)
    draft = Meeting.objects.get(title=DRAFT_TITLE)
    assert meeting.is_published
    assert not draft.is_published
    # The editor may preview the draft; that the visitor gets a 404 is not a wrong address.
    visit(editor, draft.get_absolute_url())
    expect(editor.locator(".notice-draft")).to_be_visible()

    visitor = new_page(locale="sv-SE")
    for path in ["/moten/", group.get_absolute_url(), "/"]:
        visit(visitor, path)
        expect(visitor.get_by_role("link", name=TITLE, exact=True)).to_be_visible()
        expect(visitor.get_by_text(DRAFT_TITLE)).to_have_count(0)
    latest_minutes = visitor.locator("section[aria-labelledby=minutes-heading]")
    latest_minutes.get_by_role("link", name=TITLE, exact=True).click()

    expect(visitor).to_have_url(re.compile(rf"/moten/{held.year}/{meeting.slug}/$"))
    expect(visitor.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(visitor.locator(".agenda-items h3")).to_have_text([heading for heading, _ in AGENDA])
    expect(visitor.locator(".agenda-items strong")).to_have_text("öppnade")
    expect(visitor.locator(".attendees li")).to_have_text(
        [re.compile(rf"{name}.*{organisation}") for name, organisation in ATTENDEES_BY_ORGANISATION]
    )
    for _, organisation in ATTENDEES:
        expect(visitor.get_by_role("link", name=organisation)).to_be_visible()
    recording = visitor.get_by_role("link", name=RECORDING[0])
    expect(recording).to_have_attribute("href", RECORDING[1])
    attachment = visitor.get_by_role("link", name="Protokoll", exact=True)
    expect(attachment).to_be_visible()
    download = visitor.request.get(attachment.get_attribute("href"))
    assert download.status == 200
    assert download.headers["content-type"] == "application/pdf"
    assert download.body() == PDF
    assert_no_axe_violations(visitor)

    visit(visitor, draft.get_absolute_url(), status=404)


def _fill_meeting(page: Page, group: str, title: str, day: str, start: str, end: str) -> None:
    page.locator("#id_group").select_option(label=group)
    page.locator("#id_title").fill(title)
    page.locator("#id_starts_at_0").fill(day)
    page.locator("#id_starts_at_1").fill(start)
    page.locator("#id_ends_at_0").fill(day)
    page.locator("#id_ends_at_1").fill(end)


def _add_row(page: Page, prefix: str) -> None:
    """Click the inline's "Add another …" link, as the editor does for each new row."""
    page.locator(f"#{prefix}-group .add-row a").click()


def _autocomplete(page: Page, row: str, search: str, choice: str) -> None:
    """Choose in the admin's select2 autocomplete: open it, type, pick the option."""
    page.locator(f"{row} .select2-selection").click()
    page.locator(".select2-container--open .select2-search__field").fill(search)
    page.locator(".select2-results__option", has_text=choice).click()
    expect(page.locator(f"{row} .select2-selection__rendered")).to_have_text(choice)


def _save(page: Page) -> None:
    page.locator("input[name=_save]").click()
    expect(page.locator(".messagelist .success, .errornote").first).to_be_visible()
    errors = page.locator(".errornote, .errorlist li").all_inner_texts()
    assert not errors, f"the admin refused the meeting: {errors}"
    expect(page).to_have_url(re.compile(r"/admin/meetings/meeting/$"))
    expect(page.locator(".messagelist .success")).to_be_visible()
