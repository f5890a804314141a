"""Axe finds no WCAG 2.1 A/AA violations on the public pages; the filters and keyboard work."""

import re
from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone
from playwright.sync_api import Page, expect

from directory.models import Group, Organisation
from meetings.models import Attachment, Meeting
from tests.browser.conftest import assert_no_axe_violations, visit
from tests.factories import (
    make_agenda_item,
    make_attendee,
    make_group,
    make_link,
    make_meeting,
    make_organisation,
)

PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n%%EOF\n"
LANGUAGES = {"sv": "", "en": "/en"}


@pytest.fixture
def site():
    """Enough content to fill every section of every public page."""
    now = timezone.now()
    association = make_organisation(
        name="Brukarföreningen Vägen",
        slug="vagen",
        description="En förening för och av personer med egen erfarenhet av missbruk.",
        website="https://vagen.example.org/",
        contact_name="Anna Lind",
        contact_email="anna@vagen.example.org",
        contact_phone="040-12 34 56",
    )
    relatives = make_organisation(name="Anhörigföreningen", slug="anhoriga")
    department = make_organisation(
        name="Socialförvaltningen",
        slug="socialforvaltningen",
        kind=Organisation.Kind.DEPARTMENT,
        description="Kommunens socialförvaltning.",
    )
    region = make_organisation(name="Regionen", slug="regionen", kind=Organisation.Kind.REGION)
    joint = make_group(
        name="Samverkansgruppen",
        slug="samverkansgruppen",
        kind=Group.Kind.JOINT_DEVELOPMENT,
        summary="Förvaltningen och brukarföreningarna utvecklar stödet tillsammans.",
        why="För att de som får stödet ska vara med och forma det.",
        who="Två representanter från varje förening och förvaltningens ledning.",
        where="Socialförvaltningen, Södergatan 3.",
        when="Fyra gånger om året.",
        proposals="Förslagen går till socialnämnden.",
        contact_name="Karin Berg",
        contact_role="samordnare",
        contact_phone="040-34 10 00",
        contact_email="karin.berg@example.org",
    )
    joint.organisations.add(association, relatives, department)
    innovation = make_group(
        name="Innovationsgruppen", slug="innovationsgruppen", summary="Nya idéer."
    )
    innovation.organisations.add(department, region)

    with_minutes = make_meeting(
        group=joint,
        title="Förra samverkansmötet",
        slug="forra-samverkansmotet",
        starts_at=now - timedelta(days=20),
        notice="Välkomna till **samverkansmötet**.\n\n* Kaffe från 12.30\n* Mötet börjar 13.00",
    )
    make_agenda_item(with_minutes, heading="Mötets öppnande", body="Ordföranden öppnade mötet.")
    make_agenda_item(
        with_minutes,
        heading="Rapport från förvaltningen",
        body=(
            "# Boendestöd\n\n"
            "Förvaltningen berättade om **boendestödet**:\n\n1. köerna\n2. de nya lokalerna"
        ),
    )
    make_agenda_item(with_minutes, heading="Övriga frågor", body="")
    make_attendee(with_minutes, name="Anna Lind", organisation=association, role="ordförande")
    make_attendee(with_minutes, name="Per Ek", organisation=relatives)
    make_attendee(with_minutes, name="Karin Berg", organisation=department, role="sekreterare")
    make_link(with_minutes, title="Del 1: Inledning", url="https://example.org/inspelning/1")
    make_link(with_minutes, title="Del 2: Rapporter", url="https://example.org/inspelning/2")
    Attachment.objects.create(
        meeting=with_minutes, title="Protokoll", file=ContentFile(PDF, name="protokoll.pdf")
    )

    upcoming = make_meeting(
        group=joint,
        title="Nästa samverkansmöte",
        slug="nasta-samverkansmote",
        starts_at=now + timedelta(days=10),
        notice="Kallelse till samverkansmöte.",
    )
    for heading in ["Mötets öppnande", "Boendestödet", "Nästa möte"]:
        make_agenda_item(upcoming, heading=heading, body="")
    without_minutes = make_meeting(
        group=joint, title="Möte utan protokoll", starts_at=now - timedelta(days=40)
    )
    for heading in ["Mötets öppnande", "Uppföljning"]:
        make_agenda_item(without_minutes, heading=heading, body="")
    make_meeting(group=joint, title="Utkast som inte syns", published=False)

    # More meetings than fit on one page of the list, over two or three years.
    for n in range(1, 23):
        meeting = make_meeting(
            group=innovation,
            title=f"Innovationsmöte {n}",
            starts_at=now - timedelta(days=30 * n + 5),
            agenda_items=2 if n % 2 else 0,
        )
        if n == 1:
            make_attendee(meeting, organisation=region)
    return {
        "joint": joint,
        "innovation": innovation,
        "association": association,
        "with_minutes": with_minutes,
        "upcoming": upcoming,
    }


PAGES = {
    "home": lambda site: "/",
    "meeting-list": lambda site: "/moten/",
    "meeting-list-filtered": lambda site: f"/moten/?ar={site['with_minutes'].year}",
    "meeting-with-minutes": lambda site: site["with_minutes"].get_absolute_url(),
    "upcoming-meeting": lambda site: site["upcoming"].get_absolute_url(),
    "group-list": lambda site: "/grupper/",
    "group": lambda site: site["joint"].get_absolute_url(),
    "organisation-list": lambda site: "/organisationer/",
    "organisation": lambda site: site["association"].get_absolute_url(),
    "not-found": lambda site: "/finns-inte/",
}


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("name", PAGES)
def test_page_has_no_axe_violations(page: Page, site, name, language):
    path = LANGUAGES[language] + PAGES[name](site)
    visit(page, path, status=404 if name == "not-found" else 200)
    expect(page.locator("html")).to_have_attribute("lang", language)
    assert_no_axe_violations(page)


def test_meeting_filter_works_without_javascript(new_page, site):
    page = new_page(java_script_enabled=False)
    visit(page, "/moten/")
    page.locator("#id_grupp").select_option(label="Samverkansgruppen")
    page.locator(".filters button[type=submit]").click()

    expect(page).to_have_url(re.compile(r"/moten/\?(.*&)?grupp=samverkansgruppen(&|$)"))
    expect(page.locator("#id_grupp")).to_have_value("samverkansgruppen")
    expect(page.locator(".meeting-summary .meeting-title")).to_have_text(
        ["Nästa samverkansmöte", "Förra samverkansmötet", "Möte utan protokoll"]
    )
    expect(page.locator(".meeting-summary .meta a")).to_have_text(["Samverkansgruppen"] * 3)


def test_meeting_filter_updates_results_in_place_with_htmx(page: Page, site):
    year = site["with_minutes"].year
    expected = Meeting.objects.published().filter(starts_at__year=year).count()
    total = Meeting.objects.published().count()
    visit(page, "/moten/")
    page.evaluate("window.__marker = 1")
    page.evaluate("window.__status = document.getElementById('results-status')")

    with page.expect_response(lambda r: f"ar={year}" in r.url) as answer:
        page.locator("#id_ar").select_option(str(year))
    assert answer.value.request.headers.get("hx-request") == "true"

    expect(page).to_have_url(re.compile(rf"/moten/\?(.*&)?ar={year}(&|$)"))
    expect(page.locator("#results-heading")).to_contain_text(str(expected))
    expect(page.locator(".meeting-summary")).to_have_count(min(expected, 20))
    assert page.evaluate("window.__marker") == 1, "the filter reloaded the whole page"
    dates = page.locator(".meeting-summary .meta time[datetime]:first-child")
    for value in dates.evaluate_all("times => times.map(t => t.getAttribute('datetime'))"):
        assert value.startswith(f"{year}-")
    # Screen readers announce changes inside a live region that was already there, so the
    # count must be written into the same element rather than a replacement.
    expect(page.locator("#results-status")).to_have_text(re.compile(rf"^{expected}\b"))
    assert page.evaluate("document.getElementById('results-status') === window.__status")
    assert_no_axe_violations(page)

    page.go_back()
    expect(page).to_have_url(re.compile(r"/moten/$"))
    expect(page.locator("#results-heading")).to_contain_text(str(total))
    expect(page.locator("#results-status")).to_have_count(1)


def test_first_tab_reaches_the_visible_skip_link(page: Page, site):
    visit(page, "/")
    page.keyboard.press("Tab")

    skip_link = page.locator(".skip-link")
    expect(skip_link).to_be_focused()
    expect(skip_link).to_be_in_viewport()
    assert skip_link.evaluate("link => link.matches(':focus-visible')")
    outline = skip_link.evaluate("link => getComputedStyle(link).outlineStyle")
    assert outline != "none"

    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()
