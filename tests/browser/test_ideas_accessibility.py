"""The idea pages: no axe violations in either language; charts, filters and keyboard work."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from ideas.models import Idea, NextStep, Status
from tests.browser.conftest import assert_no_axe_violations, visit
from tests.factories import (
    change_status,
    make_agenda_item,
    make_group,
    make_idea,
    make_meeting,
    make_organisation,
    make_staff_user,
    make_theme,
)

LANGUAGES = {"sv": "", "en": "/en"}
SHOW = {"sv": "Visa", "en": "Show"}
REJECTED = {"sv": "Avslagen", "en": "Will not be carried out"}
# The status each of the other ideas has now, in turn: every status gets ideas.
STATUSES = [
    Status.RECEIVED,
    Status.PREPARING,
    Status.DECIDED,
    Status.IN_PROGRESS,
    Status.DONE,
    Status.REJECTED,
    Status.ON_HOLD,
    Status.HANDED_OVER,
]
TOPICS = [
    "kortare väntetid till första samtalet",
    "en kontaktperson genom hela ärendet",
    "brev på lätt svenska",
    "boendestöd även på helger",
    "tolk vid alla möten",
    "brukarrevision av boendena",
    "kvällsöppet på mottagningen",
    "samordnad plan med regionen",
]


@pytest.fixture
def ideas_site():
    """More ideas than fit on one page, in every status, raised over the last two years."""
    today = timezone.localdate()
    staff = make_staff_user()
    innovation = make_group(name="Innovationsgruppen", slug="innovationsgruppen")
    joint = make_group(name="Samverkansgruppen", slug="samverkansgruppen")
    themes = [
        make_theme(name="Boende", slug="boende"),
        make_theme(name="Första kontakten", slug="forsta-kontakten"),
        make_theme(name="Samordning", slug="samordning"),
    ]
    organisations = [
        make_organisation(name="Brukarföreningen Vägen", slug="vagen"),
        make_organisation(name="Anhörigföreningen", slug="anhoriga"),
    ]

    meeting = make_meeting(
        group=joint,
        title="Samverkansmöte om samordnad plan",
        slug="samverkansmote-om-samordnad-plan",
        starts_at=timezone.now() - timedelta(days=120),
    )
    item = make_agenda_item(
        meeting, heading="Förslag om SIP", body="Gruppen beslutade att gå vidare."
    )
    main = make_idea(
        title="En SIP för alla myndigheter",
        slug="en-sip-for-alla-myndigheter",
        group=joint,
        theme=themes[2],
        organisation=organisations[0],
        problem="Den som har kontakt med både kommunen och regionen får berätta allt flera gånger.",
        proposal="Gör en samordnad individuell plan (SIP) som alla myndigheter använder.",
        raised_on=today - timedelta(days=200),
        recorded_by=staff,
    )
    item.ideas.add(main)
    change_status(
        main,
        Status.PREPARING,
        decided_on=today - timedelta(days=150),
        decided_by="Samverkansgruppen",
        recorded_by=staff,
    )
    change_status(
        main,
        Status.DECIDED,
        decided_on=timezone.localdate(meeting.starts_at),
        meeting=meeting,
        agenda_item=item,
        explanation="Förvaltningen tar fram en gemensam mall tillsammans med regionen.",
        recorded_by=staff,
    )
    wrong = change_status(
        main, Status.DONE, decided_on=today - timedelta(days=30), recorded_by=staff
    )
    change_status(
        main,
        Status.IN_PROGRESS,
        decided_on=today - timedelta(days=29),
        corrects=wrong,
        explanation="Felregistrerat: mallen är inte klar, arbetet pågår.",
        recorded_by=staff,
    )

    for n in range(24):
        status = STATUSES[n % len(STATUSES)]
        raised = today - timedelta(days=10 + 31 * n)
        idea = make_idea(
            title=f"Förslag {n + 1}: {TOPICS[n % len(TOPICS)]}",
            slug=f"forslag-{n + 1}",
            group=innovation if n % 3 else joint,
            theme=themes[n % len(themes)],
            organisation=organisations[n % 2] if n % 4 else None,
            raised_on=raised,
            recorded_by=staff,
        )
        if status != Status.RECEIVED:
            change_status(
                idea,
                status,
                decided_on=raised + timedelta(days=min(5 + n, 9)),
                recorded_by=staff,
            )
        elif n < 12:  # a next step whose month has passed: late on the progress page
            month = (today.replace(day=1) - timedelta(days=60)).replace(day=1)
            step = NextStep.objects.create(
                idea=idea, text="Förvaltningen utreder frågan.", by_body="Förvaltningen",
                planned_month=month, recorded_by=staff,
            )  # fmt: skip
            Idea.objects.filter(pk=idea.pk).update(next_step=step, next_step_month=month)
    return {"main": main, "meeting": meeting, "item": item, "today": today}


PAGES = {
    "idea-list": lambda site: "/ideer/",
    "idea-list-filtered": lambda site: "/ideer/?status=rejected&ordning=nyast",
    "idea-list-page-2": lambda site: "/ideer/?sida=2",
    "idea-list-late": lambda site: "/ideer/?visa=forsenat",
    "idea-list-waiting": lambda site: "/ideer/?ordning=aldst&visa=vantar",
    "idea": lambda site: site["main"].get_absolute_url(),
    "progress": lambda site: "/ideer/framsteg/",
}


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("name", PAGES)
def test_idea_page_has_no_axe_violations(page: Page, ideas_site, name, language):
    visit(page, LANGUAGES[language] + PAGES[name](ideas_site))
    expect(page.locator("html")).to_have_attribute("lang", language)
    if name == "idea":
        # What makes this page worth checking is there: the correction and the meeting link.
        expect(page.locator("ol.timeline > li")).to_have_count(5)
        expect(page.locator(".timeline .correction")).to_have_count(2)
        item = ideas_site["item"]
        meeting_link = page.locator(f".timeline a[href$='/{item.meeting.slug}/#punkt-{item.pk}']")
        expect(meeting_link).to_have_text(ideas_site["meeting"].title)
        expect(page.locator("section[aria-labelledby=discussed-heading] li")).to_have_count(1)
    elif name == "idea-list-filtered":
        expect(page.locator(".idea-summary .status")).to_have_text([REJECTED[language]] * 3)
    elif name == "idea-list-late":
        expect(page.locator(".idea-summary")).not_to_have_count(0)
        expect(page.locator(".idea-summary").first).to_contain_text("Förvaltningen utreder")
    elif name == "idea-list-waiting":
        expect(page.locator(".idea-summary")).not_to_have_count(0)
    elif name == "progress":
        expect(page.locator(".key-figure")).to_be_visible()
        expect(
            page.locator("section[aria-labelledby=late-heading] .idea-summary")
        ).not_to_have_count(0)
        expect(
            page.locator("section[aria-labelledby=waiting-heading] .idea-summary")
        ).not_to_have_count(0)
    else:
        expect(page.locator(".pagination")).to_be_visible()
    assert_no_axe_violations(page)


@pytest.mark.parametrize("language", LANGUAGES)
def test_each_chart_is_a_named_image_followed_by_a_table_of_its_figures(
    page: Page, ideas_site, language
):
    visit(page, f"{LANGUAGES[language]}/ideer/framsteg/")
    charts = page.locator("figure.chart > svg")
    expect(charts).to_have_count(2)
    for svg in charts.all():
        expect(svg).to_have_attribute("role", "img")
        title_id = svg.get_attribute("aria-labelledby")
        assert title_id, "the chart has no aria-labelledby"
        title = svg.locator(f"title[id='{title_id}']")
        expect(title).to_have_count(1)
        assert title.text_content().strip(), f"the chart's <title id={title_id}> is empty"
        expect(svg).to_have_accessible_name(title.text_content().strip())
        following = svg.locator("xpath=ancestor::figure[1]/following-sibling::*[1]")
        assert following.evaluate("e => e.tagName") == "TABLE", "no table right after the chart"

    status_chart, quarter_chart = charts.all()
    status_table = status_chart.locator("xpath=ancestor::figure[1]/following-sibling::table[1]")
    labels = status_chart.locator("text.chart-label").all_text_contents()
    values = status_chart.locator("text.chart-value").all_text_contents()
    assert len(labels) == len(Status.choices)
    expect(status_table.locator("tbody th")).to_have_text(labels)
    expect(status_table.locator("tbody td")).to_have_text(values)
    counts = {value: Idea.objects.filter(status=value).count() for value in Status.values}
    assert values == [str(counts[value]) for value in Status.values]
    assert all(counts.values()), "every status should have ideas, so every bar is drawn"
    expect(status_table.locator("tfoot td")).to_have_text(str(Idea.objects.count()))

    quarter_table = quarter_chart.locator("xpath=ancestor::figure[1]/following-sibling::table[1]")
    quarter_labels = quarter_chart.locator("text.chart-label").all_text_contents()
    assert len(quarter_labels) == 8
    expect(quarter_table.locator("tbody th")).to_have_text(quarter_labels)
    rows = quarter_table.locator("tbody tr")
    figures = [[int(n) for n in row.locator("td").all_text_contents()] for row in rows.all()]
    top = max(n for row in figures for n in row)
    assert any(raised for raised, _ in figures) and any(decided for _, decided in figures)
    raised_bars = quarter_chart.locator("rect.status-received")
    decided_bars = quarter_chart.locator("rect.status-decided")
    for i, (raised, decided) in enumerate(figures):
        assert raised_bars.nth(i).get_attribute("height") == str(round(150 * raised / top))
        assert decided_bars.nth(i).get_attribute("height") == str(round(150 * decided / top))


@pytest.mark.parametrize("language", LANGUAGES)
def test_idea_filter_works_without_javascript(new_page, ideas_site, language):
    page = new_page(java_script_enabled=False)
    visit(page, f"{LANGUAGES[language]}/ideer/")
    page.locator("#id_status").select_option(label=REJECTED[language])
    page.get_by_role("button", name=SHOW[language], exact=True).click()

    expect(page).to_have_url(
        re.compile(rf"{LANGUAGES[language]}/ideer/\?(.*&)?status=rejected(&|$)")
    )
    expect(page.locator("html")).to_have_attribute("lang", language)
    expect(page.locator("#id_status")).to_have_value("rejected")
    expect(page.locator(".idea-summary .status")).to_have_text([REJECTED[language]] * 3)
    expect(page.locator("#results-heading")).to_contain_text("3")


def test_idea_filter_updates_results_in_place_with_htmx(page: Page, ideas_site):
    total = Idea.objects.count()
    rejected = Idea.objects.filter(status=Status.REJECTED).count()
    visit(page, "/ideer/")
    expect(page.locator("#results-heading")).to_contain_text(str(total))
    page.evaluate("window.__marker = 1")
    page.evaluate("window.__status = document.getElementById('results-status')")

    with page.expect_response(lambda r: "status=rejected" in r.url) as answer:
        page.locator("#id_status").select_option("rejected")
    assert answer.value.request.headers.get("hx-request") == "true"

    expect(page).to_have_url(re.compile(r"/ideer/\?(.*&)?status=rejected(&|$)"))
    expect(page.locator("#results-heading")).to_contain_text(str(rejected))
    expect(page.locator(".idea-summary .status")).to_have_text(["Avslagen"] * rejected)
    expect(page.locator(".pagination")).to_have_count(0)
    assert page.evaluate("window.__marker") == 1, "the filter reloaded the whole page"
    # The count is announced by the live region that was already in the page.
    expect(page.locator("#results-status")).to_have_text(re.compile(rf"^{rejected}\b"))
    assert page.evaluate("document.getElementById('results-status') === window.__status")
    expect(page.locator("#id_status")).to_have_value("rejected")
    expect(page.locator("h1")).to_have_count(1)
    assert_no_axe_violations(page)

    page.go_back()
    expect(page).to_have_url(re.compile(r"/ideer/$"))
    expect(page.locator("#results-heading")).to_contain_text(str(total))
    expect(page.locator("#results-status")).to_have_count(1)


def test_tab_reaches_the_status_filter_and_focus_is_always_visible(page: Page, ideas_site):
    visit(page, "/ideer/")
    status = page.locator("#id_status")
    for _ in range(30):
        page.keyboard.press("Tab")
        focused = page.locator(":focus")
        expect(focused).to_have_count(1)
        assert focused.evaluate("e => e.matches(':focus-visible')")
        style = focused.evaluate(
            "e => { const s = getComputedStyle(e);"
            " return {outline: s.outlineStyle, width: s.outlineWidth, shadow: s.boxShadow}; }"
        )
        visible_outline = style["outline"] != "none" and style["width"] != "0px"
        assert visible_outline or style["shadow"] != "none", (
            f"{focused.evaluate('e => e.outerHTML.slice(0, 120)')} has no visible focus: {style}"
        )
        if status.evaluate("e => e === document.activeElement"):
            break
    else:
        pytest.fail("30 presses of Tab did not reach the status filter")
    expect(status).to_be_focused()
    expect(status).to_be_in_viewport()
