"""The report-back's pages: no axe violations in either language, with a closed report that
lists a correction and an open one."""

from datetime import datetime, time, timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from ideas.models import Idea, NextStep, Status, StatusChange
from portal.dates import zone
from reports.periods import Period
from tests.browser.conftest import assert_no_axe_violations, visit
from tests.factories import make_agenda_item, make_group, make_meeting, make_staff_user, make_theme

LANGUAGES = {"sv": "", "en": "/en"}
H1 = Period(timezone.localdate().year - 1, 1)


def _entry(idea, status, decided_on, recorded_on, staff, **fields):
    return StatusChange.objects.create(
        idea=idea, status=status, decided_on=decided_on, decided_by="Gemensam utvecklingsgrupp",
        recorded_by=staff, recorded_at=datetime.combine(recorded_on, time(10), zone()), **fields,
    )  # fmt: skip


@pytest.fixture
def reports_site():
    staff = make_staff_user()
    theme = make_theme()
    groups = [
        make_group(name="Innovationsgruppen", slug="innovationsgruppen"),
        make_group(name="Gemensam utvecklingsgrupp", slug="gemensam"),
    ]
    start, today = H1.start, timezone.localdate()
    rejected = None
    for n in range(8):
        idea = Idea.objects.create(
            title=f"Förslag {n + 1}: kvällsöppet", slug=f"forslag-{n + 1}", problem="-",
            proposal="-", theme=theme, group=groups[n % 2], raised_on=start,
        )  # fmt: skip
        _entry(idea, Status.RECEIVED, start + timedelta(days=n), start + timedelta(days=n), staff)
        decided = start + timedelta(days=30 + n)
        if n % 3 == 0:
            rejected = _entry(
                idea, Status.REJECTED, decided, decided, staff, explanation="Inga pengar i år."
            )
        elif n % 3 == 1:
            _entry(idea, Status.DONE, decided, decided, staff)
        # The rest wait, into this year.
    _entry(
        rejected.idea, Status.DECIDED, rejected.decided_on, today, staff, corrects=rejected,
        explanation="Felregistrerat: förslaget blir av.",
    )  # fmt: skip
    meeting = make_meeting(
        group=groups[1], starts_at=datetime.combine(start + timedelta(days=20), time(13), zone())
    )
    make_agenda_item(meeting)
    # The waiting "Förslag 3" was promised a proposal for March; by June nothing had come.
    NextStep.objects.create(
        idea=Idea.objects.get(slug="forslag-3"), text="Förvaltningen tar fram ett förslag.",
        by_body="Förvaltningen", planned_month=start.replace(month=3), recorded_by=staff,
        recorded_at=datetime.combine(start + timedelta(days=40), time(15), zone()),
    )  # fmt: skip


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize(
    "path", ["/aterrapportering/", f"/aterrapportering/{H1.slug}/", "/aterrapportering/{year}/"]
)
def test_report_pages_have_no_axe_violations(page: Page, reports_site, path, language):
    path = path.format(year=timezone.localdate().year)
    visit(page, LANGUAGES[language] + path)
    expect(page.locator("html")).to_have_attribute("lang", language)
    if path.endswith(f"{H1.slug}/"):
        expect(page.locator("#corrections-heading")).to_be_visible()
        expect(page.locator("section[aria-labelledby=corrections-heading] li")).to_have_count(1)
        expect(page.locator("figure.chart svg[role=img]")).to_be_visible()
        expect(page.locator("section[aria-labelledby=late-heading] li")).to_have_count(1)
    assert_no_axe_violations(page)
