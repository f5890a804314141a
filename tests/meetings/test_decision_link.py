"""Issue #14 §4: a decision on an idea linked to an agenda item shows under the item on the
meeting page and in the idea's "Diskuterades på", from that one link."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ideas.models import Status
from tests.factories import change_status, make_agenda_item, make_idea, make_meeting

pytestmark = pytest.mark.django_db


def _queries(client, path) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(path)
    assert response.status_code == 200, path
    return len(ctx.captured_queries)


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", html))


def _item(page: str, item) -> str:
    """The agenda item's part of the meeting page."""
    start = page.index(f'id="punkt-{item.pk}"')
    end = page.find('<li id="punkt-', start + 1)
    return page[start : end if end != -1 else page.index("</ol>", start)]


def test_the_meeting_page_shows_the_decision_under_its_agenda_item(client):
    meeting = make_meeting(title="Gemensam utvecklingsgrupp 12 februari")
    first = make_agenda_item(meeting, heading="Besök av boendeenheten")
    item = make_agenda_item(meeting, heading="Förslag om ledsagning")
    idea = make_idea(title="Ledsagning till tandläkaren")
    change_status(idea, Status.REJECTED, meeting=meeting, agenda_item=item)

    page = client.get(meeting.get_absolute_url()).text
    under_item = _item(page, item)
    assert "Beslut: Ledsagning till tandläkaren – Avslagen" in _text(under_item)
    assert f'href="{idea.get_absolute_url()}"' in under_item
    assert "Beslut:" not in _item(page, first)


def test_a_decision_that_was_corrected_is_not_shown_but_its_correction_is(client):
    meeting = make_meeting()
    item = make_agenda_item(meeting)
    idea = make_idea(title="Kamratstöd")
    wrong = change_status(idea, Status.DONE, meeting=meeting, agenda_item=item)
    change_status(
        idea, Status.DECIDED, meeting=meeting, agenda_item=item, corrects=wrong,
        explanation="Fel status.",
    )  # fmt: skip
    text = _text(_item(client.get(meeting.get_absolute_url()).text, item))
    assert "Beslut: Kamratstöd – Beslutad – genomförs" in text
    assert text.count("Beslut:") == 1
    assert "Genomförd" not in text


@pytest.mark.parametrize("linked", ["item cites the idea", "decision names the item", "both"])
def test_the_idea_lists_the_meeting_once_however_it_was_linked(client, linked):
    meeting = make_meeting(title="Stormöte i mars")
    item = make_agenda_item(meeting, heading="Ledsagning")
    other_item = make_agenda_item(meeting, heading="Övrigt")
    idea = make_idea()
    if linked != "decision names the item":
        item.ideas.add(idea)
        other_item.ideas.add(idea)
    change_status(
        idea,
        Status.DECIDED,
        meeting=meeting,
        agenda_item=None if linked == "item cites the idea" else item,
    )
    page = client.get(idea.get_absolute_url()).text
    start = page.index('id="discussed-heading"')
    section = page[start : page.index("</section>", start)]
    assert "Diskuterades på" in page
    assert section.count("Stormöte i mars") == 1
    assert f'href="{item.get_absolute_url()}"' in section


def test_a_decision_at_a_draft_meeting_is_not_listed_on_the_idea(client):
    meeting = make_meeting(title="Hemligt utkast", published=False)
    item = make_agenda_item(meeting)
    idea = make_idea()
    change_status(idea, Status.DECIDED, meeting=meeting, agenda_item=item)
    assert "Hemligt utkast" not in client.get(idea.get_absolute_url()).text


def test_the_meeting_page_does_not_grow_with_decisions(client):
    small, large = make_meeting(), make_meeting()
    change_status(make_idea(), Status.DECIDED, agenda_item=make_agenda_item(small), meeting=small)
    for _ in range(15):
        item = make_agenda_item(large)
        for status in (Status.PREPARING, Status.DECIDED):
            change_status(make_idea(), status, meeting=large, agenda_item=item)
    assert _queries(client, small.get_absolute_url()) == _queries(client, large.get_absolute_url())


def test_the_idea_page_does_not_grow_with_the_meetings_that_discussed_it(client):
    few, many = make_idea(), make_idea()
    item = make_agenda_item(make_meeting())
    item.ideas.add(few)
    change_status(few, Status.PREPARING, meeting=item.meeting, agenda_item=item)
    for _ in range(15):
        meeting = make_meeting()
        cited, decided = make_agenda_item(meeting), make_agenda_item(meeting)
        cited.ideas.add(many)
        change_status(many, Status.PREPARING, meeting=meeting, agenda_item=decided)
    assert _queries(client, few.get_absolute_url()) == _queries(client, many.get_absolute_url())


def test_discussed_at_reads_only_the_ideas_own_agenda_items():
    """A city has 100,000 agenda items: the idea page must find its few by index, not read them
    all (an OR of the two links made PostgreSQL scan every item: 47 ms a page at scale 1.0)."""
    from ideas.views import _discussed_at

    meeting = make_meeting()
    idea = make_idea()
    make_agenda_item(meeting).ideas.add(idea)
    change_status(idea, Status.DECIDED, meeting=meeting, agenda_item=make_agenda_item(meeting))
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")  # as the planner does for big tables
    plan = _discussed_at(idea).explain()
    # Not every published meeting's items tested against the two sets: the items by their ids.
    assert "hashed SubPlan" not in plan and "Seq Scan on meetings_agendaitem " not in plan, plan
    assert [item.meeting for item in _discussed_at(idea)] == [meeting]


def test_the_meeting_page_leaves_out_corrected_decisions_by_an_anti_join():
    """A city's trail has a million entries: the meeting page's decisions must leave out the
    corrected ones by probing the corrections, not by joining every entry's row (PostgreSQL 15
    planned the join as a scan of the whole index and its rows: 9 ms a meeting page)."""
    from meetings.views import _DECISIONS

    meeting = make_meeting()
    item = make_agenda_item(meeting)
    idea = make_idea()
    wrong = change_status(idea, Status.DONE, meeting=meeting, agenda_item=item)
    change_status(idea, Status.DECIDED, meeting=meeting, agenda_item=item, corrects=wrong)
    decisions = _DECISIONS.filter(agenda_item=item)
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")  # as the planner does for big tables
    assert "Anti Join" in decisions.explain()
    assert [entry.status for entry in decisions] == [Status.DECIDED]
