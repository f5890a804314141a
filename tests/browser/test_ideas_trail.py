"""An editor records a rejection in the admin; the visitor sees it with its date and reason."""

import re
from datetime import timedelta

from django.utils import timezone
from playwright.sync_api import Page, expect

from ideas.models import Idea, Status
from tests.browser.conftest import log_in_to_admin, visit
from tests.factories import change_status, make_editor, make_group, make_idea, make_theme

USERNAME, PASSWORD = "redaktor", "korrekt-hast-batteri-1"
SWEDISH_MONTHS = [
    "januari", "februari", "mars", "april", "maj", "juni",
    "juli", "augusti", "september", "oktober", "november", "december",
]  # fmt: skip
DECIDED_BY = "Gemensam utvecklingsgrupp för socialtjänsten"
EXPLANATION = "Regionen äger frågan om SIP-mallen, så förslaget lämnas inte vidare härifrån."
# The two inlines share the relation "trail": the new entry's form comes first and gets the
# prefix "trail", the read-only list of recorded entries gets "trail-2".
NEW = "trail"
RECORDED = "trail-2"


def swedish_date(day) -> str:
    return f"{day.day} {SWEDISH_MONTHS[day.month - 1]} {day.year}"


def test_editor_rejects_an_idea_only_with_a_reason_and_visitors_see_it(new_page):
    today = timezone.localdate()
    idea = make_idea(
        title="En SIP för alla myndigheter",
        group=make_group(name="Innovationsgruppen"),
        theme=make_theme(name="Samordning"),
        raised_on=today - timedelta(days=40),
    )
    change_status(
        idea, Status.PREPARING, decided_on=today - timedelta(days=20), decided_by="Förvaltningen"
    )
    recorded = list(idea.trail.values_list("pk", flat=True))
    make_editor(USERNAME, PASSWORD)

    editor = new_page(locale="sv-SE", timezone_id="Europe/Stockholm")
    log_in_to_admin(editor, USERNAME, PASSWORD)
    change_page = f"/admin/ideas/idea/{idea.pk}/change/"
    visit(editor, change_page)

    # What is recorded is shown, not offered for editing or deleting.
    trail = editor.locator(f"#{RECORDED}-group")
    expect(trail.locator("tr.form-row.has_original")).to_have_count(len(recorded))
    expect(trail).to_contain_text("Bereds")
    expect(trail).to_contain_text("Förvaltningen")
    editable = "input:not([type=hidden]), select, textarea, button, [contenteditable]"
    expect(trail.locator(editable)).to_have_count(0)
    expect(trail.locator("input[name$='-DELETE'], .inline-deletelink")).to_have_count(0)
    expect(trail.locator(".add-row")).to_be_hidden()

    new_entry = editor.locator(f"#{NEW}-group")
    expect(new_entry.locator("input[name$='-DELETE']")).to_have_count(0)
    # Not the date the form suggests (today): the one typed must be the one kept and shown.
    decided_on = today - timedelta(days=1)
    _fill_new_entry(editor, "rejected", decided_on.isoformat(), DECIDED_BY)
    editor.locator("input[name=_save]").click()

    # Refused: the reason is missing. Nothing is lost of what the editor typed.
    expect(editor.locator(".errornote")).to_be_visible()
    error = new_entry.locator(".field-explanation .errorlist")
    expect(new_entry.locator(".errorlist")).to_have_count(1)
    expect(error).to_have_text(re.compile(r"^Skriv varför"))
    expect(error).to_be_visible()
    expect(editor).to_have_url(re.compile(rf"{re.escape(change_page)}$"))
    expect(editor.locator(f"#id_{NEW}-0-status")).to_have_value("rejected")
    expect(editor.locator(f"#id_{NEW}-0-decided_on")).to_have_value(decided_on.isoformat())
    expect(editor.locator(f"#id_{NEW}-0-decided_by")).to_have_value(DECIDED_BY)
    expect(editor.locator(f"#id_{NEW}-0-explanation")).to_have_value("")
    idea.refresh_from_db()
    assert idea.status == Status.PREPARING
    assert idea.trail.count() == len(recorded)

    editor.locator(f"#id_{NEW}-0-explanation").fill(EXPLANATION)
    editor.locator("input[name=_save]").click()
    expect(editor.locator(".messagelist .success")).to_be_visible()
    assert not editor.locator(".errornote, .errorlist li").all_inner_texts()
    expect(editor).to_have_url(re.compile(r"/admin/ideas/idea/$"))
    idea = Idea.objects.get(pk=idea.pk)
    assert idea.status == Status.REJECTED
    assert idea.status_changed_on == decided_on
    latest = idea.trail.first()
    assert (latest.decided_by, latest.explanation) == (DECIDED_BY, EXPLANATION)
    assert latest.recorded_by.username == USERNAME

    # The admin now lists the new entry among the read-only ones.
    visit(editor, change_page)
    expect(editor.locator(f"#{RECORDED}-group tr.form-row.has_original")).to_have_count(
        len(recorded) + 1
    )
    expect(editor.locator(f"#{RECORDED}-group").locator(editable)).to_have_count(0)

    visitor = new_page(locale="sv-SE")
    visit(visitor, idea.get_absolute_url())
    expect(visitor.locator(".current-status .status")).to_have_text("Avslagen")
    entries = visitor.locator("ol.timeline > li")
    expect(entries).to_have_count(len(recorded) + 1)
    first = entries.first
    expect(first.locator("h3 .status")).to_have_text("Avslagen")
    expect(first.locator(".timeline-date")).to_have_text(swedish_date(decided_on))
    expect(first.locator(".timeline-date time")).to_have_attribute(
        "datetime", decided_on.isoformat()
    )
    expect(first.locator(".meta")).to_contain_text(DECIDED_BY)
    expect(first.locator(".explanation")).to_have_text(EXPLANATION)
    expect(entries.nth(1).locator("h3 .status")).to_have_text("Bereds")
    expect(entries.last.locator("h3 .status")).to_have_text("Inkommen")

    visit(visitor, "/ideer/?status=rejected")
    expect(visitor.locator("#id_status")).to_have_value("rejected")
    expect(visitor.locator(".idea-summary .idea-title")).to_have_text([idea.title])
    expect(visitor.locator(".idea-summary .status")).to_have_text(["Avslagen"])

    visit(visitor, "/ideer/framsteg/")
    rows = visitor.locator("table.figures").first.locator("tbody tr")
    rejected = rows.filter(has=visitor.locator("th", has_text=re.compile(r"^Avslagen$")))
    expect(rejected).to_have_count(1)
    expect(rejected.locator("td")).to_have_text("1")
    expect(rejected.locator("th a")).to_have_attribute("href", "/ideer/?status=rejected")


def _fill_new_entry(page: Page, status: str, day: str, decided_by: str) -> None:
    page.locator(f"#id_{NEW}-0-status").select_option(status)
    expect(page.locator(f"#id_{NEW}-0-status option:checked")).to_have_text("Avslagen")
    page.locator(f"#id_{NEW}-0-decided_on").fill(day)
    page.locator(f"#id_{NEW}-0-decided_by").fill(decided_by)
