"""Dates and times as Swedes type them, in the admin's meeting form (portal/fields.py)."""

from datetime import date, time

import pytest
from django.urls import reverse
from django.utils import timezone

from meetings.models import Meeting
from portal.dates import read_date, read_time
from tests.factories import make_editor, make_group


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("2026-03-13", date(2026, 3, 13)),
        ("13/3 2026", date(2026, 3, 13)),
        ("13/3/2026", date(2026, 3, 13)),
        ("13 mars 2026", date(2026, 3, 13)),
        (" 13  Mars 2026 ", date(2026, 3, 13)),
        ("13 mar 2026", date(2026, 3, 13)),
        ("1 december 2026", date(2026, 12, 1)),
        ("31/2 2026", None),
        ("13 ma 2026", None),  # mars or maj?
        ("i morgon", None),
        ("13/3", None),  # which year?
    ],
)
def test_dates(typed, expected):
    assert read_date(typed) == expected


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("13.00", time(13, 0)),
        ("13:00", time(13, 0)),
        ("kl. 13", time(13, 0)),
        ("kl 9.30", time(9, 30)),
        ("1300", time(13, 0)),
        ("13:00:00", time(13, 0)),  # as the admin shows a saved time, and its "Nu" writes one
        ("13:05:30", time(13, 5, 30)),
        ("9", time(9, 0)),
        ("25.00", None),
        ("13.75", None),
        ("eftermiddag", None),
    ],
)
def test_times(typed, expected):
    assert read_time(typed) == expected


def _meeting(group, starts: tuple[str, str], ends: tuple[str, str] = ("", "")) -> dict:
    empty = {
        f"{prefix}-{key}": "0"
        for prefix in ("agenda_items", "attendees", "links", "attachments")
        for key in ("TOTAL_FORMS", "INITIAL_FORMS")
    }
    return {
        "group": group.pk, "title": "Rådets möte", "slug": "", "place": "", "notice": "",
        "status": "draft", "starts_at_0": starts[0], "starts_at_1": starts[1],
        "ends_at_0": ends[0], "ends_at_1": ends[1], **empty,
    }  # fmt: skip


@pytest.mark.django_db
def test_the_meeting_form_takes_what_swedes_type(client):
    client.force_login(make_editor())
    group = make_group()
    page = client.get(reverse("admin:meetings_meeting_add")).text
    assert "13/3 2026 eller 13 mars 2026" in page  # the expected forms, in the help

    response = client.post(
        reverse("admin:meetings_meeting_add"),
        _meeting(group, ("13 mars 2031", "kl. 13"), ("13/3 2031", "15.30")),
    )

    assert response.status_code == 302, response.text
    meeting = Meeting.objects.get()
    assert timezone.localtime(meeting.starts_at).replace(tzinfo=None).isoformat() == (
        "2031-03-13T13:00:00"
    )
    assert timezone.localtime(meeting.ends_at).time() == time(15, 30)


@pytest.mark.django_db
def test_a_saved_meeting_is_saved_again_unchanged(client):
    client.force_login(make_editor())
    client.post(
        reverse("admin:meetings_meeting_add"), _meeting(make_group(), ("2031-03-13", "13:00"))
    )
    meeting = Meeting.objects.get()
    url = reverse("admin:meetings_meeting_change", args=[meeting.pk])
    form = client.get(url).text
    shown_time = form.split('name="starts_at_1"')[1].split('value="')[1].split('"')[0]
    shown_date = form.split('name="starts_at_0"')[1].split('value="')[1].split('"')[0]
    data = _meeting(meeting.group, (shown_date, shown_time))
    data["slug"] = meeting.slug
    assert client.post(url, data).status_code == 302
    meeting.refresh_from_db()
    assert timezone.localtime(meeting.starts_at).time() == time(13, 0)


@pytest.mark.django_db
def test_a_date_it_cannot_read_says_the_forms_it_takes_and_keeps_what_was_typed(client):
    client.force_login(make_editor())
    response = client.post(
        reverse("admin:meetings_meeting_add"), _meeting(make_group(), ("i morgon", "25.00"))
    )
    html = response.text
    assert response.status_code == 200
    assert "Skriv datumet som 2026-03-13, 13/3 2026 eller 13 mars 2026." in html
    assert "Skriv tiden som 13.00, 13:00 eller kl. 13." in html
    assert 'value="i morgon"' in html and 'value="25.00"' in html
    assert Meeting.objects.count() == 0
