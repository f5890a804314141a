"""Atom feeds of the status trail: valid, one entry per change, never who recorded it."""

from datetime import UTC, date, datetime, timedelta

import pytest
from django.conf import settings
from django.utils import timezone

from ideas.models import Status
from meetings.services import unpublish_meeting
from tests.factories import (
    change_status,
    make_agenda_item,
    make_group,
    make_idea,
    make_meeting,
    make_staff_user,
)
from tests.feeds import count_queries, parse_feed

pytestmark = pytest.mark.django_db


@pytest.fixture
def trail():
    """An idea turned down at a meeting, then corrected; another group's idea just received."""
    today = timezone.localdate()
    staff = make_staff_user("hemlig-handlaggare")
    staff.email = "hemlig@example.org"
    staff.save()
    group = make_group(name="Innovationsgruppen", slug="innovationsgruppen")
    meeting = make_meeting(group=group, title="Möte om boende", slug="mote-om-boende")
    item = make_agenda_item(meeting, heading="Förslag om boende")
    idea = make_idea(
        title="Boende & stöd",
        slug="boende-och-stod",
        group=group,
        raised_on=today - timedelta(days=60),
        recorded_by=staff,
    )
    rejected = change_status(
        idea,
        Status.REJECTED,
        decided_on=today - timedelta(days=20),
        decided_by="Gemensam utvecklingsgrupp",
        explanation="Det finns inga pengar till det i år.",
        meeting=meeting,
        agenda_item=item,
        recorded_by=staff,
    )
    correction = change_status(
        idea,
        Status.ON_HOLD,
        decided_on=today - timedelta(days=10),
        decided_by="Socialnämnden",
        explanation="Felregistrerat: förslaget vilar till nästa budgetår.",
        corrects=rejected,
        recorded_by=staff,
    )
    other = make_idea(title="Annan grupps idé", slug="annan", recorded_by=staff)
    return {
        "group": group,
        "idea": idea,
        "meeting": meeting,
        "rejected": rejected,
        "correction": correction,
        "other": other,
    }


def test_site_feed_is_valid_atom_with_every_status_change(client, trail):
    feed = parse_feed(client, "/ideer/flode/")

    assert feed.feed.title == "Vad händer med förslagen – Öppna soc"
    assert feed.feed.link == f"{settings.SITE_URL}/ideer/"
    assert {link.rel for link in feed.feed.links} == {"alternate", "self"}
    assert [entry.title for entry in feed.entries] == [
        "Annan grupps idé: Inkommen",
        "Boende & stöd: Vilande",
        "Boende & stöd: Avslagen",
        "Boende & stöd: Inkommen",
    ]
    entry = feed.entries[2]
    rejected = trail["rejected"]
    assert entry.link == f"{settings.SITE_URL}/ideer/boende-och-stod/#andring-{rejected.pk}"
    assert entry.id.startswith("tag:") and entry.id.endswith(f":status-change/{rejected.pk}")
    assert entry.author == "Gemensam utvecklingsgrupp"
    decided = date(*entry.published_parsed[:3])
    # Midnight in Stockholm is the evening before in UTC, which feedparser gives.
    assert decided in (rejected.decided_on, rejected.decided_on - timedelta(days=1))
    assert "Avslagen" in entry.summary
    assert "Gemensam utvecklingsgrupp" in entry.summary
    assert "Det finns inga pengar till det i år." in entry.summary
    assert f"{settings.SITE_URL}{trail['meeting'].get_absolute_url()}" in entry.summary

    correction = feed.entries[1]
    assert "Felregistrerat" in correction.summary
    assert "rättar uppgiften ”Avslagen”" in correction.summary


def test_a_decision_recorded_late_is_published_on_its_date_and_updated_when_recorded(client):
    """Feed readers file entries by `updated`: a late entry must not sink among old ones."""
    idea = make_idea(slug="sent-registrerad")
    today = timezone.localdate()
    late = change_status(
        idea, Status.REJECTED, decided_on=today - timedelta(days=90), explanation="Ingen budget."
    )
    feed = parse_feed(client, "/ideer/sent-registrerad/flode/")

    entry = next(e for e in feed.entries if e.id.endswith(f"/{late.pk}"))
    published = date(*entry.published_parsed[:3])
    assert published in (late.decided_on, late.decided_on - timedelta(days=1))
    updated = datetime(*entry.updated_parsed[:6], tzinfo=UTC)
    assert abs(updated - late.recorded_at) < timedelta(seconds=1)
    feed_updated = datetime(*feed.feed.updated_parsed[:6], tzinfo=UTC)
    assert abs(feed_updated - late.recorded_at) < timedelta(seconds=1), "the feed is new too"


def test_feeds_never_show_who_recorded_an_entry(client, trail):
    for path in ["/ideer/flode/", "/ideer/boende-och-stod/flode/"]:
        content = client.get(path).content
        assert b"hemlig" not in content


def test_entry_links_to_an_unpublished_meeting_are_left_out(client, trail):
    unpublish_meeting(trail["meeting"])
    feed = parse_feed(client, "/ideer/flode/")
    assert "mote-om-boende" not in feed.entries[2].summary
    assert "Möte om boende" not in feed.entries[2].summary


def test_group_feed_has_only_the_groups_ideas(client, trail):
    feed = parse_feed(client, "/grupper/innovationsgruppen/ideer/flode/")
    assert [entry.title for entry in feed.entries] == [
        "Boende & stöd: Vilande",
        "Boende & stöd: Avslagen",
        "Boende & stöd: Inkommen",
    ]
    assert "Innovationsgruppen" in feed.feed.title
    assert feed.feed.link == f"{settings.SITE_URL}/ideer/?grupp=innovationsgruppen"


def test_idea_feed_has_its_whole_trail(client, trail):
    feed = parse_feed(client, "/ideer/boende-och-stod/flode/")
    assert len(feed.entries) == 3
    assert feed.feed.link == f"{settings.SITE_URL}/ideer/boende-och-stod/"
    assert "Boende & stöd" in feed.feed.title
    ids = [entry.id for entry in feed.entries]
    assert len(set(ids)) == 3
    assert ids == [e.id for e in parse_feed(client, "/ideer/flode/").entries[1:]]


def test_feed_in_english_has_english_labels(client, trail):
    feed = parse_feed(client, "/en/ideer/boende-och-stod/flode/")
    assert feed.feed.language == "en"
    assert feed.entries[1].title == "Boende & stöd: Will not be carried out"
    english = f"{settings.SITE_URL}/en/ideer/boende-och-stod/#andring-"
    assert feed.entries[1].link.startswith(english)
    assert "Decided on" in feed.entries[1].summary


def test_unknown_idea_or_group_has_no_feed(client, db):
    assert client.get("/ideer/finns-inte/flode/").status_code == 404
    assert client.get("/grupper/finns-inte/ideer/flode/").status_code == 404


def test_feed_lists_at_most_50_entries_the_latest_recorded_first(client, db):
    staff = make_staff_user()
    ideas = [make_idea(recorded_by=staff) for _ in range(30)]
    for idea in ideas:
        change_status(idea, Status.PREPARING, recorded_by=staff)
    # A decision recorded late still comes first: the feed is about what is new to readers.
    late = change_status(
        ideas[0],
        Status.DECIDED,
        decided_on=timezone.localdate() - timedelta(days=25),
        recorded_by=staff,
    )
    feed = parse_feed(client, "/ideer/flode/")
    assert len(feed.entries) == 50
    assert feed.entries[0].id.endswith(f":status-change/{late.pk}")


@pytest.mark.parametrize(
    "path", ["/ideer/flode/", "/grupper/{group}/ideer/flode/", "/ideer/{idea}/flode/"]
)
def test_feeds_do_not_grow_with_the_trail(client, path):
    staff = make_staff_user()
    group = make_group()
    meeting = make_meeting(group=group)
    idea = make_idea(group=group, recorded_by=staff)
    path = path.format(group=group.slug, idea=idea.slug)

    def grow(count):
        for n in range(count):
            target = idea if n % 2 else make_idea(group=group, recorded_by=staff)
            change_status(target, Status.PREPARING, meeting=meeting, recorded_by=staff)
            change_status(target, Status.REJECTED, recorded_by=staff)

    grow(2)
    few = count_queries(client, path)
    grow(20)
    assert count_queries(client, path) == few


def test_idea_pages_link_to_their_feeds_and_announce_them(client, trail):
    idea_url = trail["idea"].get_absolute_url()
    pages = {
        "/ideer/": "/ideer/flode/",
        idea_url: f"{idea_url}flode/",
        "/en/ideer/": "/en/ideer/flode/",
    }
    for path, feed in pages.items():
        head, body = client.get(path).text.split("</head>")
        assert '<link rel="alternate" type="application/atom+xml" title="' in head
        assert f'href="{feed}"' in head, f"{path} does not announce {feed}"
        assert f'<a href="{feed}" type="application/atom+xml">' in body
