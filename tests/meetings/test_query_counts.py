"""List and detail pages use a fixed number of queries, whatever the amount of data."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.factories import make_agenda_item, make_attendee, make_group, make_link, make_meeting

pytestmark = pytest.mark.django_db


def _queries(client, path) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(path)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def _fill_group(group, meetings: int):
    for n in range(meetings):
        past = n % 3 != 0
        when = timezone.now() + (timedelta(days=-30 * n - 1) if past else timedelta(days=n + 1))
        meeting = make_meeting(group=group, starts_at=when)
        make_agenda_item(meeting, body="Anteckningar" if past else "")
        make_attendee(meeting)


@pytest.mark.parametrize("path", ["/", "/moten/", "/grupper/", "/organisationer/"])
def test_list_pages_do_not_grow_with_meetings(client, path):
    _fill_group(make_group(), 3)
    few = _queries(client, path)
    _fill_group(make_group(), 27)
    assert _queries(client, path) == few


def test_group_page_does_not_grow_with_meetings(client):
    group = make_group()
    _fill_group(group, 3)
    few = _queries(client, group.get_absolute_url())
    _fill_group(group, 27)
    assert _queries(client, group.get_absolute_url()) == few


def test_organisation_page_does_not_grow_with_meetings(client):
    meetings = [make_meeting() for _ in range(30)]
    organisation = make_attendee(meetings[0]).organisation
    few = _queries(client, organisation.get_absolute_url())
    for meeting in meetings[1:]:
        make_attendee(meeting, organisation=organisation)
    assert _queries(client, organisation.get_absolute_url()) == few


def test_meeting_page_does_not_grow_with_agenda_items(client):
    small = make_meeting(agenda_items=3)
    make_attendee(small)
    make_link(small)
    large = make_meeting(agenda_items=30)
    for _ in range(30):
        make_attendee(large)
        make_link(large)
    assert _queries(client, small.get_absolute_url()) == _queries(client, large.get_absolute_url())


def test_meeting_page_query_budget(client, django_assert_max_num_queries):
    meeting = make_meeting(agenda_items=30)
    # The meeting, its agenda items, their ideas, the decisions linked to them, attendees,
    # links and files: one query each.
    with django_assert_max_num_queries(7):
        client.get(meeting.get_absolute_url())
