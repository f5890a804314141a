"""Issue #15 §2 and §4 in a browser: an editor gives a next step with a status change and a
diary number; the idea page, the progress page and a meeting show them, with no axe violations
in Swedish and English, the admin form with and without its errors too."""

import re
from datetime import date, datetime, time, timedelta

from django.utils import timezone
from playwright.sync_api import expect

from ideas.models import Idea, NextStep
from portal.dates import zone
from tests.browser.conftest import assert_no_axe_violations, log_in_to_admin, visit
from tests.factories import make_editor, make_idea, make_meeting, make_staff_user

PASSWORD = "korrekt-hast-batteri-1"
LANGUAGES = {"sv": "", "en": "/en"}


def test_the_editor_gives_a_next_step_and_a_diary_number_with_a_status_change(new_page):
    idea = make_idea(title="Ledsagning till tandläkaren")
    make_editor(username="redaktor", password=PASSWORD)
    editor = new_page(locale="sv-SE", timezone_id="Europe/Stockholm")
    log_in_to_admin(editor, "redaktor", PASSWORD)
    visit(editor, f"/admin/ideas/idea/{idea.pk}/change/")
    assert_no_axe_violations(editor)

    editor.locator("#id_trail-0-status").select_option("preparing")
    editor.locator("#id_trail-0-decided_by").fill("Gemensam utvecklingsgrupp")
    editor.locator("#id_trail-0-diary_number").fill("SN 2026/123")
    what = editor.locator("#id_trail-0-next_step_text")
    expect(editor.get_by_role("textbox", name="Nästa steg: vad som händer härnäst")).to_have_id(
        "id_trail-0-next_step_text"
    )
    what.fill("Förvaltningen tar fram ett förslag.")
    editor.get_by_role("button", name="Spara", exact=True).click()
    # Who and when are missing: the form comes back with its errors and what was typed.
    expect(editor.locator(".errorlist").first).to_be_visible()
    expect(editor.locator("#id_trail-0-next_step_text")).to_have_value(
        "Förvaltningen tar fram ett förslag."
    )
    assert_no_axe_violations(editor)

    editor.locator("#id_trail-0-next_step_by").fill("Förvaltningen")
    editor.locator("#id_trail-0-next_step_month").fill("mars 2099")
    editor.get_by_role("button", name="Spara", exact=True).click()
    expect(editor).to_have_url(re.compile(r"/admin/ideas/idea/$"))
    step = Idea.objects.get(pk=idea.pk).next_step
    assert step.planned_month == date(2099, 3, 1)

    for language, prefix in LANGUAGES.items():
        visit(editor, f"{prefix}{idea.get_absolute_url()}")
        current = editor.locator(".next-step")
        expect(current).to_contain_text("Förvaltningen tar fram ett förslag.")
        expect(current).to_contain_text("mars 2099" if language == "sv" else "March 2099")
        expect(editor.locator(f"#steg-{step.pk}")).to_be_visible()
        expect(editor.locator(".timeline")).to_contain_text("SN 2026/123")
        assert_no_axe_violations(editor)


def test_late_next_steps_and_diary_numbers_on_the_public_pages(page, settings):
    settings.DIARY_URL_TEMPLATE = "https://diarium.example.se/sok?q={number}"
    idea = make_idea(title="Kamratstöd i mottagningen", diary_number="SN 2026/77")
    month = (timezone.localdate().replace(day=1) - timedelta(days=40)).replace(day=1)
    step = NextStep.objects.create(
        idea=idea,
        text="Socialnämnden beslutar om pengar.",
        by_body="Socialnämnden",
        planned_month=month,
        recorded_by=make_staff_user(),
        recorded_at=datetime.combine(month - timedelta(days=20), time(10), zone()),
    )
    Idea.objects.filter(pk=idea.pk).update(next_step=step, next_step_month=month)
    meeting = make_meeting(title="Stormöte", diary_number="SN 2026/78")

    for language, prefix in LANGUAGES.items():
        visit(page, f"{prefix}/ideer/framsteg/")
        late = page.get_by_role("region", name="Försenade nästa steg" if language == "sv" else
                                "Late next steps")  # fmt: skip
        expect(late.get_by_role("link", name="Kamratstöd i mottagningen")).to_be_visible()
        expect(late.get_by_role("link", name="SN 2026/77")).to_be_visible()
        assert_no_axe_violations(page)

        visit(page, f"{prefix}{idea.get_absolute_url()}")
        expect(page.locator(".next-step-late")).to_be_visible()
        diary = page.get_by_role("link", name="SN 2026/77")
        expect(diary).to_have_attribute("href", re.compile(r"q=SN%202026%2F77$"))
        assert_no_axe_violations(page)

        visit(page, f"{prefix}{meeting.get_absolute_url()}")
        expect(page.get_by_role("link", name="SN 2026/78")).to_be_visible()
        assert_no_axe_violations(page)
