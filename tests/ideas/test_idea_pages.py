import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from ideas.models import Status
from tests.factories import (
    change_status,
    make_agenda_item,
    make_group,
    make_idea,
    make_meeting,
    make_organisation,
    make_theme,
)

pytestmark = pytest.mark.django_db


def _queries(client, path) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(path)
    assert response.status_code == 200, path
    return len(ctx.captured_queries)


def test_idea_page_shows_the_whole_trail_newest_first_with_reasons(client):
    idea = make_idea(title="En SIP för alla myndigheter")
    change_status(idea, Status.PREPARING, decided_on=timezone.localdate() - timedelta(days=5))
    change_status(idea, Status.REJECTED, explanation="Regionen äger frågan om SIP-mallen.")
    page = client.get(idea.get_absolute_url()).text
    assert "En SIP för alla myndigheter" in page
    timeline = page[page.index('class="timeline"') :]
    assert timeline.index("Avslagen") < timeline.index("Bereds") < timeline.index("Inkommen")
    assert "Regionen äger frågan om SIP-mallen." in timeline
    assert "Status nu:" in page


def test_decision_links_to_the_minutes_where_it_was_taken(client):
    meeting = make_meeting(title="Gemensam utvecklingsgrupp 12 februari")
    item = make_agenda_item(meeting, heading="Förslag om checklista")
    idea = make_idea()
    item.ideas.add(idea)
    change_status(idea, Status.DECIDED, meeting=meeting, agenda_item=item)
    page = client.get(idea.get_absolute_url()).text
    assert f'href="{item.get_absolute_url()}"' in page
    assert "Diskuterades på" in page
    minutes = client.get(meeting.get_absolute_url()).text
    assert f'href="{idea.get_absolute_url()}"' in minutes


def test_a_draft_meeting_is_not_linked_from_the_idea(client):
    meeting = make_meeting(title="Hemligt utkast", published=False)
    item = make_agenda_item(meeting)
    idea = make_idea()
    item.ideas.add(idea)
    change_status(idea, Status.DECIDED, meeting=meeting)
    page = client.get(idea.get_absolute_url()).text
    assert "Hemligt utkast" not in page


def test_corrections_are_shown_on_both_entries(client):
    idea = make_idea()
    wrong = change_status(idea, Status.DONE)
    change_status(idea, Status.IN_PROGRESS, corrects=wrong, explanation="Inte klart än.")
    page = client.get(idea.get_absolute_url()).text
    assert "Uppgiften rättar" in page
    assert "En senare uppgift rättar den här." in page


def test_the_trail_is_in_order_of_decision_with_corrections_beside_what_they_correct(client):
    """An entry recorded late for an earlier decision goes where its date puts it, not on top."""
    today = timezone.localdate()
    idea = make_idea(raised_on=today - timedelta(days=200))
    change_status(idea, Status.PREPARING, decided_on=today - timedelta(days=100))
    wrong = change_status(idea, Status.DONE, decided_on=today - timedelta(days=30))
    change_status(idea, Status.DECIDED, decided_on=today - timedelta(days=60))  # recorded late
    change_status(
        idea,
        Status.IN_PROGRESS,
        corrects=wrong,
        decided_on=today - timedelta(days=5),
        explanation="Inte klart än.",
    )
    change_status(
        idea, Status.ON_HOLD, decided_on=today - timedelta(days=10), explanation="Väntar."
    )

    page = client.get(idea.get_absolute_url()).text
    trail = page.split('class="timeline"')[1].split("</ol>")[0]
    shown = re.findall(r'class="status status-([a-z_]+)"', trail)
    assert shown == ["on_hold", "in_progress", "done", "decided", "preparing", "received"]


def test_list_filters_by_status_group_theme_and_organisation(client):
    group, theme, org = make_group(slug="g"), make_theme(slug="t"), make_organisation(slug="o")
    match = make_idea(title="Träffen", group=group, theme=theme, organisation=org)
    change_status(match, Status.DECIDED)
    make_idea(title="Fel grupp", theme=theme, organisation=org)
    make_idea(title="Fel status", group=group, theme=theme, organisation=org)
    page = client.get("/ideer/?status=decided&grupp=g&tema=t&organisation=o").text
    assert "Träffen" in page
    assert "Fel grupp" not in page and "Fel status" not in page


def test_list_sorts_by_latest_change_or_newest(client):
    old = make_idea(title="Gammal idé", raised_on=timezone.localdate() - timedelta(days=300))
    make_idea(title="Ny idé", raised_on=timezone.localdate() - timedelta(days=10))
    change_status(old, Status.PREPARING)
    by_change = client.get("/ideer/").text
    assert by_change.index("Gammal idé") < by_change.index("Ny idé")
    newest = client.get("/ideer/?ordning=nyast").text
    assert newest.index("Ny idé") < newest.index("Gammal idé")


def test_list_shows_in_full_the_ideas_waiting_for_an_answer_longest_first(client):
    today = timezone.localdate()
    longest = make_idea(title="Väntat längst", raised_on=today - timedelta(days=400))
    make_idea(title="Väntat länge", raised_on=today - timedelta(days=200))
    make_idea(title="Ny idé", raised_on=today - timedelta(days=10))
    answered = make_idea(title="Avslagen idé", raised_on=today - timedelta(days=300))
    change_status(answered, Status.REJECTED, decided_on=today - timedelta(days=200))
    page = client.get("/ideer/?visa=vantar&ordning=aldst").text
    results = page[page.index('id="results-heading"') :]
    assert "2 idéer" in results
    assert results.index("Väntat längst") < results.index("Väntat länge")
    assert "Ny idé" not in results and "Avslagen idé" not in results
    assert longest.title in client.get("/ideer/?visa=vantar").text


def test_progress_page_shows_twenty_waiting_and_links_to_them_all(client):
    today = timezone.localdate()
    for n in range(21):
        make_idea(title=f"Väntande {n:02}", raised_on=today - timedelta(days=100 + n))
    page = client.get("/ideer/framsteg/").text
    waiting = page[page.index('id="waiting-heading"') :]
    assert waiting.count('class="idea-summary"') == 20
    assert "Väntande 20" in waiting and "Väntande 00" not in waiting, "longest first"
    link = 'href="/ideer/?ordning=aldst&amp;visa=vantar">Alla 21 idéer som väntar på svar'
    assert link in waiting


@pytest.mark.parametrize(
    "query", ["status=nej", "grupp=finns-inte", "sida=999", "ordning=x", "visa=alla"]
)
def test_unknown_filters_and_pages_are_404(client, query):
    make_idea()
    assert client.get(f"/ideer/?{query}").status_code == 404


def test_htmx_filter_returns_only_the_results(client):
    make_idea(title="Idén")
    response = client.get("/ideer/", headers={"HX-Request": "true"})
    assert "<html" not in response.text and "Idén" in response.text


def test_progress_page_counts_statuses_median_and_waiting(client):
    today = timezone.localdate()
    make_idea(title="Väntar länge", raised_on=today - timedelta(days=200))
    decided = make_idea(title="Beslutad", raised_on=today - timedelta(days=40))
    change_status(decided, Status.DECIDED, decided_on=today - timedelta(days=10))
    declined = make_idea(title="Avslagen idé", raised_on=today - timedelta(days=60))
    change_status(declined, Status.REJECTED, decided_on=today - timedelta(days=10))
    page = client.get("/ideer/framsteg/").text

    assert '<td class="num">1</td>' in page  # one each of received, decided and rejected
    assert "<strong>40 dagar</strong>" in page  # median of 30 and 50 days
    waiting_section = page[page.index('id="waiting-heading"') :]
    assert "Väntar länge" in waiting_section
    assert "Beslutad" not in waiting_section
    assert 'role="img"' in page and "<table" in page


def test_group_page_and_home_show_ideas_and_latest_changes(client):
    group = make_group()
    idea = make_idea(title="Checklista vid akut sjukdom", group=group)
    change_status(idea, Status.IN_PROGRESS)
    assert "Checklista vid akut sjukdom" in client.get(group.get_absolute_url()).text
    home = client.get("/").text
    assert "Checklista vid akut sjukdom" in home and "Pågår" in home


def test_english_page_translates_statuses(client):
    idea = make_idea()
    change_status(idea, Status.REJECTED)
    page = client.get("/en" + idea.get_absolute_url()).text
    assert "Will not be carried out" in page


def _fill(count: int, group, theme):
    for n in range(count):
        idea = make_idea(group=group, theme=theme, raised_on=timezone.localdate() - timedelta(n))
        change_status(idea, Status.PREPARING)
        change_status(idea, Status.REJECTED)


@pytest.mark.parametrize(
    "path",
    ["/ideer/", "/ideer/framsteg/", "/", "/ideer/?status=rejected", "/ideer/?visa=vantar"],
)
def test_idea_pages_do_not_grow_with_ideas(client, path):
    group, theme = make_group(), make_theme()
    _fill(3, group, theme)
    few = _queries(client, path)
    _fill(27, make_group(), make_theme())
    assert _queries(client, path) == few


def test_idea_page_does_not_grow_with_its_trail(client):
    short, long = make_idea(), make_idea()
    meeting = make_meeting()
    for _ in range(2):
        change_status(short, Status.PREPARING, meeting=meeting)
    for _ in range(30):
        change_status(long, Status.PREPARING, meeting=meeting)
    assert _queries(client, short.get_absolute_url()) == _queries(client, long.get_absolute_url())


def test_a_trail_of_agenda_items_and_corrections_costs_no_query_an_entry(client):
    """The trail reads only the columns it shows (ideas.views.TRAIL_COLUMNS): an entry's
    agenda item, meeting and the entry it corrects are shown without a query each."""
    short, long = make_idea(), make_idea()
    meeting = make_meeting(title="Stormöte i mars")
    item = make_agenda_item(meeting, heading="Ledsagning")
    change_status(short, Status.PREPARING, meeting=meeting)
    for _ in range(10):
        wrong = change_status(long, Status.PREPARING, meeting=meeting, agenda_item=item)
        change_status(long, Status.IN_PROGRESS, corrects=wrong, explanation="Fel status.")
    page = client.get(long.get_absolute_url()).text
    # Ten entries of the trail, and the meeting once under "Diskuterades på".
    assert page.count(f'href="{item.get_absolute_url()}" lang="sv">Stormöte i mars</a>') == 11
    assert page.count(f'href="#andring-{wrong.pk}">') == 1
    assert _queries(client, short.get_absolute_url()) == _queries(client, long.get_absolute_url())


def test_group_page_does_not_grow_with_ideas(client):
    group = make_group()
    _fill(3, group, make_theme())
    few = _queries(client, group.get_absolute_url())
    _fill(27, group, make_theme())
    assert _queries(client, group.get_absolute_url()) == few


def test_home_lists_the_latest_decisions_by_their_date(client):
    today = timezone.localdate()
    older = make_idea(title="Gammalt beslut", raised_on=today - timedelta(days=100))
    newer = make_idea(title="Nytt beslut", raised_on=today - timedelta(days=100))
    change_status(newer, Status.DECIDED, decided_on=today - timedelta(days=1))
    change_status(older, Status.DECIDED, decided_on=today - timedelta(days=50))  # recorded last
    home = client.get("/").text
    news = home[home.index('id="changes-heading"') :]
    assert news.index("Nytt beslut") < news.index("Gammalt beslut")


def test_the_list_counts_from_the_figures_the_database_keeps(client):
    """All ideas and those of one status are counted from ideas.Figure, not by COUNT(*): the
    heading and the pages must still say exactly how many there are."""
    group = make_group()
    for n in range(21):
        make_idea(group=group, title=f"Förslag {n}", slug=f"forslag-{n}")
    rejected = make_idea(group=group, title="Avslaget", slug="avslaget")
    change_status(rejected, Status.REJECTED)

    page = client.get("/ideer/").content.decode()
    assert re.search(r"22\s+idéer", page)
    assert "Sida 1 av 2" in page
    assert re.search(r"1\s+idé\b", client.get("/ideer/?status=rejected").content.decode())
    assert client.get("/ideer/?sida=2").status_code == 200
    assert client.get("/ideer/?sida=3").status_code == 404

    make_idea(group=group, title="En till", slug="en-till")
    assert re.search(r"23\s+idéer", client.get("/ideer/").content.decode())


def test_the_pages_of_the_list_show_every_idea_once_in_order(client):
    """The list's pages read their ids first (portal.http.paginate): together they still show
    each idea once, the most recently changed first, filtered or not."""
    group, other = make_group(), make_group()
    today = timezone.localdate()
    for n in range(45):
        make_idea(
            group=group if n % 3 else other,
            slug=f"ordning-{n:02}",
            raised_on=today - timedelta(days=100 + n),
        )

    def shown(query: str) -> list[str]:
        slugs = []
        for number in (1, 2, 3):
            page = client.get(f"/ideer/?{query}&sida={number}&ordning=nyast")
            if page.status_code == 404:
                break
            slugs += re.findall(r'href="/ideer/(ordning-\d+)/"', page.content.decode())
        return slugs

    assert shown("") == [f"ordning-{n:02}" for n in range(45)]
    assert shown(f"grupp={group.slug}") == [f"ordning-{n:02}" for n in range(45) if n % 3]
