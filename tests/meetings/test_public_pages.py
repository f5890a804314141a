from datetime import timedelta

import pytest
from django.contrib.auth.models import Permission
from django.utils import timezone

from meetings.models import Meeting
from meetings.services import publish_meeting, unpublish_meeting
from tests.factories import (
    make_agenda_item,
    make_attendee,
    make_group,
    make_link,
    make_meeting,
    stockholm,
)

pytestmark = pytest.mark.django_db


def test_published_meeting_shows_its_minutes_attendees_and_links(client):
    meeting = make_meeting(title="Gemensam utvecklingsgrupp 12 februari")
    make_agenda_item(
        meeting, heading="Besök av professor", body="Leif berättar.\n\n• inte en lista"
    )
    make_attendee(meeting, name="Anna Andersson")
    make_link(meeting, title="Del 1: Inledning")

    response = client.get(meeting.get_absolute_url())

    assert response.status_code == 200
    page = response.text
    assert "<h2" in page and "Minnesanteckningar" in page
    assert "Besök av professor" in page
    assert "Anna Andersson" in page
    assert "Del 1: Inledning" in page


def test_meeting_address_is_readable_and_uses_the_stockholm_year(db):
    # 23.30 on New Year's Eve in Stockholm is already the next year in no time zone but UTC's.
    meeting = make_meeting(
        title="Gemensam utvecklingsgrupp 31 december", starts_at=stockholm(2013, 12, 31, 23, 30)
    )
    assert meeting.get_absolute_url() == "/moten/2013/gemensam-utvecklingsgrupp-31-december/"


def test_same_title_another_year_gets_its_own_address(db):
    first = make_meeting(title="Brukarråd 12 februari", starts_at=stockholm(2013, 2, 12))
    second = make_meeting(title="Brukarråd 12 februari", starts_at=stockholm(2014, 2, 12))
    assert first.get_absolute_url() != second.get_absolute_url()
    assert second.get_absolute_url() == "/moten/2014/brukarrad-12-februari-2014/"


def test_meeting_under_the_wrong_year_redirects_to_its_address(client):
    meeting = make_meeting(starts_at=stockholm(2013, 2, 12))
    response = client.get(f"/moten/2015/{meeting.slug}/")
    assert response.status_code == 301
    assert response["Location"] == meeting.get_absolute_url()


def test_draft_is_not_public_anywhere(client):
    group = make_group()
    draft = make_meeting(group=group, title="Hemligt utkast", published=False, agenda_items=1)
    upcoming_draft = make_meeting(
        group=group,
        title="Kommande utkast",
        published=False,
        starts_at=timezone.now() + timedelta(days=3),
    )
    for path in ["/", "/moten/", group.get_absolute_url(), "/en/moten/"]:
        page = client.get(path).text
        assert draft.title not in page, path
        assert upcoming_draft.title not in page, path
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert client.get(f"/moten/{draft.year}/").status_code == 404


def test_staff_can_preview_a_draft_marked_as_draft(client, django_user_model):
    draft = make_meeting(published=False)
    editor = django_user_model.objects.create_user("ed", is_staff=True)
    editor.user_permissions.add(Permission.objects.get(codename="view_meeting"))
    client.force_login(editor)
    response = client.get(draft.get_absolute_url())
    assert response.status_code == 200
    assert "Utkast" in response.text


def test_home_shows_upcoming_meetings_and_latest_minutes(client):
    soon = make_meeting(title="Kommande möte", starts_at=timezone.now() + timedelta(days=7))
    make_agenda_item(soon, body="")
    done = make_meeting(title="Avslutat möte med anteckningar", agenda_items=2)
    no_minutes = make_meeting(title="Möte utan anteckningar")
    make_agenda_item(no_minutes, body="")

    page = client.get("/").text
    upcoming, latest = page.split('id="minutes-heading"')
    assert soon.title in upcoming
    assert done.title in latest
    assert no_minutes.title not in page


def test_meeting_list_is_newest_first_and_paginated(client):
    group = make_group()
    for day in range(1, 23):
        make_meeting(group=group, title=f"Möte dag {day:02}", starts_at=stockholm(2020, 3, day))
    first = client.get("/moten/").text
    assert first.index("Möte dag 22") < first.index("Möte dag 21")
    assert "Möte dag 02" not in first
    second = client.get("/moten/?sida=2").text
    assert "Möte dag 02" in second and "Möte dag 01" in second
    assert 'rel="prev"' in second


def test_meeting_list_filters_by_group_and_year(client):
    one, other = make_group(slug="ett"), make_group(slug="annat")
    make_meeting(group=one, title="Ettans möte 2019", starts_at=stockholm(2019, 5, 1))
    make_meeting(group=one, title="Ettans möte 2020", starts_at=stockholm(2020, 5, 1))
    make_meeting(group=other, title="Andras möte 2020", starts_at=stockholm(2020, 6, 1))

    page = client.get("/moten/?grupp=ett&ar=2020").text

    assert "Ettans möte 2020" in page
    assert "Ettans möte 2019" not in page
    assert "Andras möte 2020" not in page


def test_htmx_filter_answers_with_the_results_only(client):
    make_meeting(title="Ett möte", starts_at=stockholm(2020, 5, 1))
    response = client.get("/moten/?ar=2020", headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert "<html" not in response.text
    assert "Ett möte" in response.text
    assert 'data-hx-swap-oob="innerHTML"' in response.text


@pytest.mark.parametrize(
    "path",
    [
        "/moten/?ar=1066",
        "/moten/?ar=tvåtusen",
        "/moten/?grupp=finns-inte",
        "/moten/?sida=99",
        "/moten/?sida=-1",
        "/moten/?sida=abc",
        "/moten/1999/",
        "/moten/2013/finns-inte/",
        "/grupper/finns-inte/",
        "/organisationer/finns-inte/",
        "/finns-inte/",
        "/bilagor/999/fil.pdf",
    ],
)
def test_unknown_addresses_get_a_styled_404_in_swedish(client, path):
    make_meeting(starts_at=stockholm(2020, 5, 1))
    response = client.get(path)
    assert response.status_code == 404
    assert '<html lang="sv">' in response.text
    assert "Sidan finns inte" in response.text


def test_404_under_en_is_in_english(client):
    response = client.get("/en/finns-inte/")
    assert response.status_code == 404
    assert '<html lang="en">' in response.text
    assert "Page not found" in response.text


def test_year_address_leads_to_the_filtered_list(client):
    make_meeting(starts_at=stockholm(2013, 2, 12))
    response = client.get("/moten/2013/")
    assert response.status_code == 302
    assert response["Location"] == "/moten/?ar=2013"


def test_dates_follow_the_swedish_web_guidelines(client):
    meeting = make_meeting(
        starts_at=stockholm(2013, 2, 12, 13, 0), ends_at=stockholm(2013, 2, 12, 15, 0)
    )
    page = client.get(meeting.get_absolute_url()).text
    assert '<time datetime="2013-02-12">12 februari 2013</time>, kl. ' in page
    assert '<time datetime="2013-02-12T13:00:00+01:00">13.00</time>–' in page
    assert '<time datetime="2013-02-12T15:00:00+01:00">15.00</time>' in page


def test_a_time_saved_with_microseconds_is_valid_html(client):
    """HTML allows at most three digits of a second in a datetime attribute."""
    starts_at = stockholm(2013, 2, 12, 13, 0).replace(second=5, microsecond=123456)
    meeting = make_meeting(starts_at=starts_at, ends_at=None)
    page = client.get(meeting.get_absolute_url()).text
    assert '<time datetime="2013-02-12T13:00:05+01:00">13.00</time>' in page


def test_dates_in_english(client):
    meeting = make_meeting(
        starts_at=stockholm(2013, 2, 12, 9, 0), ends_at=stockholm(2013, 2, 12, 15, 30)
    )
    page = client.get("/en" + meeting.get_absolute_url()).text
    assert "12 February 2013</time>, " in page
    assert ">09:00</time>–<time" in page


def test_markdown_in_minutes_is_rendered_and_cannot_run_scripts(client):
    meeting = make_meeting()
    make_agenda_item(
        meeting,
        heading="Punkt",
        body=(
            "**Viktigt**\n\n- första\n- andra\n\n<script>alert(1)</script>"
            '\n\n[klicka](javascript:alert(1)) <img src=x onerror="alert(1)">'
            '\n\n<iframe src="https://evil.example"></iframe>'
        ),
    )
    page = client.get(meeting.get_absolute_url()).text
    assert "<strong>Viktigt</strong>" in page
    assert "<li>första</li>" in page
    assert "<script>alert" not in page
    assert "javascript:" not in page
    assert "onerror" not in page
    assert "<iframe" not in page


def test_meeting_without_minutes_says_so(client):
    meeting = make_meeting()
    make_agenda_item(meeting, heading="Fika och prat", body="")
    page = client.get(meeting.get_absolute_url()).text
    assert "Dagordning" in page
    assert "Fika och prat" in page
    assert "Inga minnesanteckningar har publicerats för mötet." in page


def test_group_page_has_sections_upcoming_meetings_and_archive_by_year(client):
    group = make_group(
        name="Gemensam utvecklingsgrupp",
        why="För att utveckla socialtjänsten tillsammans.",
        contact_name="Leif Redestig",
        contact_role="Utvecklingsledare",
        contact_phone="042-10 50 00",
        contact_email="leif@example.org",
    )
    make_meeting(group=group, title="Framtida möte", starts_at=timezone.now() + timedelta(days=10))
    make_meeting(group=group, title="Möte 2019", starts_at=stockholm(2019, 3, 1), agenda_items=1)
    make_meeting(group=group, title="Möte 2020", starts_at=stockholm(2020, 3, 1), agenda_items=1)

    page = client.get(group.get_absolute_url()).text

    assert "Varför?" in page and "För att utveckla socialtjänsten tillsammans." in page
    assert "Leif Redestig, Utvecklingsledare" in page
    assert 'href="tel:042105000"' in page
    upcoming, archive = page.split('id="archive-heading"')
    assert "Framtida möte" in upcoming
    assert (
        archive.index("<h3>2020</h3>") < archive.index("Möte 2020") < archive.index("<h3>2019</h3>")
    )


def test_organisation_page_lists_the_meetings_it_attended_once(client):
    meeting = make_meeting(title="Mötet de var på")
    first = make_attendee(meeting)
    make_attendee(meeting, organisation=first.organisation)  # two people from one organisation
    make_meeting(title="Mötet de inte var på")
    draft = make_meeting(title="Utkastet de var på", published=False)
    make_attendee(draft, organisation=first.organisation)

    page = client.get(first.organisation.get_absolute_url()).text

    assert page.count("Mötet de var på") == 1
    assert "Mötet de inte var på" not in page
    assert "Utkastet de var på" not in page


def test_language_switcher_keeps_the_visitor_on_the_same_page(client):
    url = make_meeting().get_absolute_url()
    sv = client.get(url).text
    assert f'href="/en{url}" hreflang="en"' in sv
    en = client.get("/en" + url).text
    assert f'href="{url}" hreflang="sv"' in en


def test_anonymous_visitors_get_no_cookies(client):
    meeting = make_meeting(agenda_items=1)
    for path in ["/", "/moten/", meeting.get_absolute_url(), "/en/grupper/", "/finns-inte/"]:
        assert not client.get(path).cookies, path


def test_public_pages_refuse_other_methods(client):
    assert client.post("/moten/").status_code == 405
    assert client.delete("/").status_code == 405


def test_published_at_is_set_once_and_kept(db):
    meeting = make_meeting(published=False)
    assert meeting.published_at is None
    publish_meeting(meeting)
    first = meeting.published_at
    assert first is not None
    unpublish_meeting(meeting)
    publish_meeting(meeting)
    assert Meeting.objects.get(pk=meeting.pk).published_at == first


def test_headings_in_minutes_continue_the_pages_outline(client):
    meeting = make_meeting(notice="## Välkommen\n\ntext")
    make_agenda_item(meeting, body="## Bakgrund\n\ntext\n\n### Detaljer\n\ntext")
    page = client.get(meeting.get_absolute_url()).text
    assert "<h3>Välkommen</h3>" in page  # under the h2 "Kallelse"
    assert "<h4>Bakgrund</h4>" in page  # under the agenda item's h3
    assert "<h5>Detaljer</h5>" in page
