import re
from datetime import timedelta

import pytest
from django.utils import timezone

from directory.models import Organisation
from tests.factories import make_attendee, make_group, make_meeting, make_organisation, stockholm

pytestmark = pytest.mark.django_db


def test_group_list_counts_only_published_upcoming_meetings(client):
    group = make_group(name="Innovationsgruppen Stöd", summary="Idéer om stöd.")
    soon = timezone.now() + timedelta(days=5)
    make_meeting(group=group, starts_at=soon)
    make_meeting(group=group, starts_at=soon + timedelta(days=30))
    make_meeting(group=group, starts_at=soon, published=False)
    make_meeting(group=group)  # in the past

    page = client.get("/grupper/").text

    assert "Innovationsgruppen Stöd" in page
    assert "Idéer om stöd." in page
    assert "2 kommande möten" in page


def test_group_page_lists_member_organisations_with_links(client):
    organisation = make_organisation(name="RFHL Helsingborg", slug="rfhl")
    group = make_group()
    group.organisations.add(organisation)
    page = client.get(group.get_absolute_url()).text
    assert '<a href="/organisationer/rfhl/">RFHL Helsingborg</a>' in page


def test_organisation_list_is_grouped_by_kind(client):
    make_organisation(name="Socialförvaltningen", kind=Organisation.Kind.DEPARTMENT)
    make_organisation(name="Anhörigföreningen", kind=Organisation.Kind.USER_ORGANISATION)
    page = client.get("/organisationer/").text
    assert page.index("Brukarorganisation") < page.index("Anhörigföreningen")
    assert page.index("Socialförvaltningen</a>") > page.index('<h2 id="kind-2"')


def test_group_page_in_english_keeps_swedish_content_marked_as_swedish(client):
    group = make_group(name="Brukargruppen", why="Vi träffas för att prata.")
    page = client.get("/en" + group.get_absolute_url()).text
    assert '<html lang="en">' in page
    assert '<h1 lang="sv">Brukargruppen</h1>' in page
    assert "Why?" in page


def test_group_page_shows_the_latest_earlier_meetings_and_links_to_all(client):
    group = make_group()
    for day in range(1, 36):
        make_meeting(
            group=group, title=f"Möte {day}", starts_at=stockholm(2024, 1, 1) + timedelta(days=day)
        )
    page = client.get(group.get_absolute_url()).content.decode()
    shown = re.findall(r">Möte (\d+)<", page)
    assert len(shown) == 30 and "35" in shown and "1" not in shown
    assert f'href="/moten/?grupp={group.slug}"' in page
    assert "Alla 35 tidigare möten i gruppen" in page


def test_organisation_page_lists_its_meetings_a_page_at_a_time(client):
    """The department attends thousands of meetings in fifteen years: 20 a page, latest first,
    each meeting once however many of the organisation's people came."""
    organisation = make_organisation(name="Attention", slug="attention")
    group = make_group()
    for day in range(1, 26):
        meeting = make_meeting(
            group=group, title=f"Möte {day}", starts_at=stockholm(2024, 1, 1) + timedelta(days=day)
        )
        make_attendee(meeting, organisation=organisation)
        make_attendee(meeting, organisation=organisation)  # two came
    make_attendee(make_meeting(group=group, title="Möte utkast", published=False),
                  organisation=organisation)  # fmt: skip

    first = client.get(organisation.get_absolute_url()).content.decode()
    shown = re.findall(r">Möte (\d+)<", first)
    assert shown == [str(day) for day in range(25, 5, -1)]
    assert "25 publicerade möten har organisationen med bland de närvarande" in first
    assert 'href="?sida=2" rel="next"' in first

    second = client.get(organisation.get_absolute_url(), {"sida": 2}).content.decode()
    assert re.findall(r">Möte (\d+)<", second) == ["5", "4", "3", "2", "1"]
    assert "<title>Attention – sida 2" in second
    assert client.get(organisation.get_absolute_url(), {"sida": 3}).status_code == 404
