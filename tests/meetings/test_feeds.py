"""Atom feeds of new minutes and iCalendar files of meetings: valid, Stockholm time, no drafts."""

from datetime import UTC, datetime, timedelta

import icalendar
import pytest
from django.conf import settings
from django.utils import timezone

from tests.factories import make_agenda_item, make_group, make_meeting, stockholm
from tests.feeds import count_queries, parse_feed

pytestmark = pytest.mark.django_db


def _calendar(client, path) -> icalendar.Calendar:
    response = client.get(path)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return icalendar.Calendar.from_ical(response.content)


@pytest.fixture
def site():
    """A group with minutes, a notice without minutes, a draft with minutes and another group."""
    group = make_group(name="Gemensam utvecklingsgrupp", slug="gemensam")
    minutes = make_meeting(
        group=group, title="Boende & stöd i februari", starts_at=stockholm(2025, 2, 12, 13)
    )
    make_agenda_item(minutes, heading="Bostad först", body="Gruppen diskuterade.")
    make_agenda_item(minutes, heading="Övriga frågor", body="Inga.")
    notice = make_meeting(
        group=group, title="Kallelse utan anteckningar", starts_at=timezone.now() + timedelta(7)
    )
    make_agenda_item(notice, heading="Välkommen", body="")
    # Upcoming, so it would be in the calendars too, with minutes, so it would be in the feeds.
    draft = make_meeting(
        group=group,
        title="Hemligt utkast",
        published=False,
        agenda_items=2,
        starts_at=timezone.now() + timedelta(days=3),
    )
    other = make_meeting(title="Annan grupps möte", agenda_items=1)
    return {"group": group, "minutes": minutes, "notice": notice, "draft": draft, "other": other}


def test_minutes_feed_is_valid_atom_with_one_entry_per_meeting_with_minutes(client, site):
    feed = parse_feed(client, "/moten/flode/")

    assert feed.feed.title == "Nya minnesanteckningar – Öppna soc"
    assert feed.feed.link == f"{settings.SITE_URL}/moten/"
    assert feed.feed.language == "sv"
    assert {link.rel for link in feed.feed.links} == {"alternate", "self"}
    titles = [entry.title for entry in feed.entries]
    assert sorted(titles) == ["Annan grupps möte", "Boende & stöd i februari"]

    entry = next(e for e in feed.entries if e.title == "Boende & stöd i februari")
    meeting = site["minutes"]
    assert entry.link == f"{settings.SITE_URL}{meeting.get_absolute_url()}"
    assert entry.id.startswith("tag:") and entry.id.endswith(f":meeting/{meeting.pk}")
    assert entry.author == "Gemensam utvecklingsgrupp"
    assert [tag.term for tag in entry.tags] == ["Gemensam utvecklingsgrupp"]
    assert entry.published_parsed and entry.updated_parsed
    assert datetime(*entry.updated_parsed[:6], tzinfo=UTC) == meeting.updated_at.replace(
        microsecond=0
    )
    assert "Gemensam utvecklingsgrupp" in entry.summary
    assert "12 februari 2025" in entry.summary
    assert "Bostad först" in entry.summary and "Övriga frågor" in entry.summary


def test_entry_ids_stay_the_same_when_a_meeting_is_renamed(client, site):
    before = {e.link: e.id for e in parse_feed(client, "/moten/flode/").entries}
    meeting = site["minutes"]
    meeting.title = "Nytt namn"
    meeting.slug = "nytt-namn"
    meeting.save()
    after = parse_feed(client, "/moten/flode/").entries
    assert after[0].title == "Nytt namn", "the changed meeting comes first"
    assert after[0].id in before.values()
    assert set(before.values()) == {entry.id for entry in after}


def test_group_feed_has_only_that_groups_minutes(client, site):
    feed = parse_feed(client, "/grupper/gemensam/moten/flode/")
    assert [entry.title for entry in feed.entries] == ["Boende & stöd i februari"]
    assert "Gemensam utvecklingsgrupp" in feed.feed.title
    assert feed.feed.link == f"{settings.SITE_URL}/grupper/gemensam/"


def test_feed_in_english_has_english_labels_and_addresses(client, site):
    feed = parse_feed(client, "/en/moten/flode/")
    assert feed.feed.title == "New minutes – Öppna soc"
    assert feed.feed.language == "en"
    entry = next(e for e in feed.entries if e.title == "Boende & stöd i februari")
    assert entry.link.startswith(f"{settings.SITE_URL}/en/moten/")
    assert "Minutes of a meeting of Gemensam utvecklingsgrupp" in entry.summary
    assert "12 February 2025" in entry.summary


def test_unknown_group_has_no_feed_or_calendar(client, db):
    assert client.get("/grupper/finns-inte/moten/flode/").status_code == 404
    assert client.get("/grupper/finns-inte/kalender.ics").status_code == 404


@pytest.mark.parametrize(
    "path",
    [
        "/moten/flode/",
        "/grupper/gemensam/moten/flode/",
        "/moten/kalender.ics",
        "/grupper/gemensam/kalender.ics",
    ],
)
def test_drafts_are_in_no_feed_or_calendar(client, site, path):
    draft = site["draft"]
    response = client.get(path)
    assert response.status_code == 200
    assert b"Hemligt utkast" not in response.content
    assert draft.slug.encode() not in response.content


def test_a_drafts_calendar_file_is_not_found_even_for_staff(admin_client, site):
    draft = site["draft"]
    assert admin_client.get(f"{draft.get_absolute_url()}kalender.ics").status_code == 404


def test_feed_lists_at_most_50_entries_newest_first(client, db):
    group = make_group()
    for _ in range(55):
        make_meeting(group=group, agenda_items=1)
    feed = parse_feed(client, "/moten/flode/")
    assert len(feed.entries) == 50
    updated = [entry.updated_parsed for entry in feed.entries]
    assert updated == sorted(updated, reverse=True)


# iCalendar


def test_site_calendar_has_upcoming_and_recent_meetings_in_stockholm_time(client, db):
    year = timezone.localdate().year + 1
    group = make_group(name="Brukarrådet", slug="brukarradet")
    winter = make_meeting(group=group, title="Vintermöte", starts_at=stockholm(year, 1, 14, 13))
    summer = make_meeting(
        group=group, title="Sommarmöte", starts_at=stockholm(year, 7, 8, 13), ends_at=None
    )
    recent = make_meeting(group=group, title="Förra månadens möte")
    recent.starts_at = timezone.now() - timedelta(days=30)
    recent.ends_at = recent.starts_at + timedelta(hours=1)
    recent.save()
    make_meeting(group=group, title="Gammalt möte", starts_at=timezone.now() - timedelta(days=200))

    calendar = _calendar(client, "/moten/kalender.ics")

    assert calendar["METHOD"] == "PUBLISH"
    assert calendar["VERSION"] == "2.0"
    assert calendar["PRODID"]
    assert calendar["X-WR-CALNAME"] == "Möten – Öppna soc"
    assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == ["Europe/Stockholm"]
    # The VTIMEZONE itself, not only its name, gives winter and summer time.
    defined = calendar.walk("VTIMEZONE")[0].to_tz(lookup_tzid=False)
    assert datetime(year, 1, 14, 13, tzinfo=defined).utcoffset() == timedelta(hours=1)
    assert datetime(year, 7, 8, 13, tzinfo=defined).utcoffset() == timedelta(hours=2)
    events = {str(event["SUMMARY"]): event for event in calendar.walk("VEVENT")}
    assert set(events) == {"Vintermöte", "Sommarmöte", "Förra månadens möte"}

    start = events["Vintermöte"].decoded("DTSTART")
    assert events["Vintermöte"]["DTSTART"].params["TZID"] == "Europe/Stockholm"
    assert (start.hour, start.astimezone(UTC).hour) == (13, 12)
    assert events["Vintermöte"].decoded("DTEND") == winter.ends_at

    start = events["Sommarmöte"].decoded("DTSTART")
    assert (start.hour, start.astimezone(UTC).hour) == (13, 11)
    assert start == summer.starts_at
    # Without an end time a meeting is two hours long.
    assert events["Sommarmöte"].decoded("DTEND") - start == timedelta(hours=2)

    event = events["Vintermöte"]
    assert str(event["UID"]) == f"meeting-{winter.pk}@127.0.0.1"
    assert event.decoded("DTSTAMP").tzinfo is not None
    assert str(event["LOCATION"]) == "Socialförvaltningen, Södergatan 3"
    assert str(event["URL"]) == f"{settings.SITE_URL}{winter.get_absolute_url()}"
    description = str(event["DESCRIPTION"])
    assert "Brukarrådet" in description
    assert winter.get_absolute_url() in description
    assert "<" not in description, "the description is plain text"


def test_calendar_times_are_the_same_when_read_again(client, db):
    """A UID is stable and a meeting keeps its time across requests and languages."""
    meeting = make_meeting(starts_at=stockholm(timezone.localdate().year + 1, 3, 30, 9, 30))
    first = _calendar(client, "/moten/kalender.ics").walk("VEVENT")[0]
    again = _calendar(client, "/en/moten/kalender.ics").walk("VEVENT")[0]
    assert first["UID"] == again["UID"]
    assert first.decoded("DTSTART") == again.decoded("DTSTART") == meeting.starts_at
    # 30 March is after the change to summer time: 9.30 in Stockholm is 7.30 UTC.
    assert first.decoded("DTSTART").astimezone(UTC).strftime("%H:%M") == "07:30"


def test_group_calendar_has_only_that_groups_meetings(client, site):
    calendar = _calendar(client, "/grupper/gemensam/kalender.ics")
    assert [str(e["SUMMARY"]) for e in calendar.walk("VEVENT")] == ["Kallelse utan anteckningar"]
    assert "Gemensam utvecklingsgrupp" in str(calendar["X-WR-CALNAME"])


def test_one_meeting_downloads_as_a_calendar_file(client, site):
    meeting = site["notice"]
    response = client.get(f"{meeting.get_absolute_url()}kalender.ics")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Content-Disposition"] == f'attachment; filename="{meeting.slug}.ics"'
    calendar = icalendar.Calendar.from_ical(response.content)
    (event,) = calendar.walk("VEVENT")
    assert event.decoded("DTSTART") == meeting.starts_at.replace(microsecond=0)
    assert "Välkommen" in str(event["DESCRIPTION"])
    assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == ["Europe/Stockholm"]


def test_meeting_calendar_under_the_wrong_year_redirects(client, site):
    meeting = site["minutes"]
    response = client.get(f"/moten/2019/{meeting.slug}/kalender.ics")
    assert response.status_code == 301
    assert response["Location"] == f"{meeting.get_absolute_url()}kalender.ics"


def test_unknown_meeting_has_no_calendar_file(client, db):
    assert client.get("/moten/2025/finns-inte/kalender.ics").status_code == 404


# A fixed number of queries whatever the number of meetings


def _fill(group, count):
    for n in range(count):
        meeting = make_meeting(group=group, starts_at=timezone.now() + timedelta(days=n - 20))
        make_agenda_item(meeting)
        make_agenda_item(meeting)


@pytest.mark.parametrize(
    "path",
    [
        "/moten/flode/",
        "/grupper/{slug}/moten/flode/",
        "/moten/kalender.ics",
        "/grupper/{slug}/kalender.ics",
    ],
)
def test_feeds_and_calendars_do_not_grow_with_meetings(client, path):
    group = make_group()
    path = path.format(slug=group.slug)
    _fill(group, 2)
    few = count_queries(client, path)
    _fill(group, 30)
    assert count_queries(client, path) == few


def test_meeting_calendar_file_does_not_grow_with_agenda_items(client):
    small, large = make_meeting(agenda_items=2), make_meeting(agenda_items=30)
    few = count_queries(client, f"{small.get_absolute_url()}kalender.ics")
    assert count_queries(client, f"{large.get_absolute_url()}kalender.ics") == few


# Links on the pages


def test_pages_link_to_the_feeds_and_calendars_and_announce_them_in_the_head(client, site):
    group, meeting = site["group"], site["minutes"]
    meeting_url = meeting.get_absolute_url()
    page = client.get(meeting_url).text
    assert f'href="{meeting_url}kalender.ics"' in page
    assert "Lägg till i kalendern (.ics-fil)" in page
    assert f'href="/grupper/{group.slug}/moten/flode/"' in page.split("</head>")[0]
    assert "Prenumerera på nya minnesanteckningar (Atom-flöde)" in client.get("/moten/").text

    pages = {
        "/": ["/moten/flode/", "/ideer/flode/", "/moten/kalender.ics"],
        "/moten/": ["/moten/flode/", "/moten/kalender.ics"],
        "/grupper/gemensam/": [
            "/grupper/gemensam/moten/flode/",
            "/grupper/gemensam/ideer/flode/",
            "/grupper/gemensam/kalender.ics",
        ],
        "/en/moten/": ["/en/moten/flode/", "/en/moten/kalender.ics"],
    }
    for path, feeds in pages.items():
        page = client.get(path).text
        head, body = page.split("</head>")
        for feed in feeds:
            kind = "text/calendar" if feed.endswith(".ics") else "application/atom+xml"
            assert f'<link rel="alternate" type="{kind}" title="' in head
            assert f'href="{feed}"' in head, f"{path} does not announce {feed}"
            assert f'<a href="{feed}" type="{kind}">' in body, f"{path} does not link to {feed}"


@pytest.mark.parametrize("path", ["/moten/flode/", "/moten/kalender.ics", "/ideer/flode/"])
def test_feeds_and_calendars_answer_only_get(client, db, path):
    assert client.post(path).status_code == 405
