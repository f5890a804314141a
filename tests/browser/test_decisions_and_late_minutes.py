"""Issue #14 §4 in a browser: the editor sees the meetings whose minutes are late at the top of
the admin and reaches one by keyboard; the public meeting page shows the decision under its item."""

import re
from datetime import timedelta

from django.utils import timezone
from playwright.sync_api import expect

from ideas.models import Status
from tests.browser.conftest import assert_no_axe_violations, log_in_to_admin, visit
from tests.factories import (
    change_status,
    make_agenda_item,
    make_editor,
    make_group,
    make_idea,
    make_meeting,
)

PASSWORD = "korrekt-hast-batteri-1"


def test_the_editor_sees_the_late_minutes_at_the_top_of_the_admin(new_page):
    group = make_group(name="Brukarråd Norr")
    late = make_meeting(
        group=group, title="Brukarråd 3 mars", starts_at=timezone.now() - timedelta(days=10)
    )
    make_agenda_item(late, heading="Lokalfrågan", body="")
    make_meeting(group=group, title="Möte i förrgår", starts_at=timezone.now() - timedelta(days=3))
    make_editor(username="redaktor", password=PASSWORD)
    editor = new_page(locale="sv-SE", timezone_id="Europe/Stockholm")
    log_in_to_admin(editor, "redaktor", PASSWORD)

    overview = editor.get_by_role("region", name="Minnesanteckningar som dröjer")
    expect(overview).to_be_visible()
    expect(overview.get_by_role("link")).to_have_count(1)
    assert "Möte i förrgår" not in overview.inner_text()
    assert_no_axe_violations(editor)

    link = overview.get_by_role("link", name="Brukarråd 3 mars")
    link.focus()
    expect(link).to_be_focused()
    editor.keyboard.press("Enter")
    expect(editor).to_have_url(re.compile(rf"/admin/meetings/meeting/{late.pk}/change/$"))
    expect(editor.get_by_label("Inga minnesanteckningar förs")).not_to_be_checked()
    assert_no_axe_violations(editor)


def test_the_public_meeting_page_shows_the_decision_under_its_item(page):
    meeting = make_meeting(title="Gemensam utvecklingsgrupp 12 februari")
    item = make_agenda_item(meeting, heading="Förslag om ledsagning")
    idea = make_idea(title="Ledsagning till tandläkaren")
    change_status(idea, Status.REJECTED, meeting=meeting, agenda_item=item)

    visit(page, meeting.get_absolute_url())
    under_item = page.locator(f"#punkt-{item.pk}")
    expect(under_item).to_contain_text("Beslut: Ledsagning till tandläkaren – Avslagen")
    assert_no_axe_violations(page)

    under_item.get_by_role("link", name="Ledsagning till tandläkaren").click()
    expect(page).to_have_url(re.compile(re.escape(idea.get_absolute_url())))
    discussed = page.get_by_role("region", name="Diskuterades på")
    expect(discussed.get_by_role("link", name=meeting.title)).to_have_count(1)
    assert_no_axe_violations(page)
