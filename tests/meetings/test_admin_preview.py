"""'Förhandsgranska' beside the minutes shows the text as the meeting's page will."""

import pytest
from django.contrib.auth.models import Group as StaffGroup
from django.urls import reverse

from portal import roles
from tests.factories import make_agenda_item, make_editor, make_meeting

pytestmark = pytest.mark.django_db

MINUTES = "Vi talade om:\n• boendestöd\n• daglig verksamhet\n\nLäs mer på http://i-nod.se/sip/"


def test_htmx_gets_the_pressed_fields_text_as_the_page_shows_it(client):
    client.force_login(make_editor())
    response = client.post(
        reverse("admin:meetings_meeting_preview"),
        {
            "agenda_items-1-body": MINUTES,
            "agenda_items-1-body-preview": "1",
            "agenda_items-0-body": "Det andra fältet",
        },
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    html = response.text
    assert "<html" not in html  # a fragment
    assert "<li>boendestöd</li>" in html and "<li>daglig verksamhet</li>" in html
    assert '<a href="http://i-nod.se/sip/"' in html
    assert "Det andra fältet" not in html


def test_without_javascript_it_is_a_page_of_its_own(client):
    client.force_login(make_editor())
    response = client.post(
        reverse("admin:meetings_meeting_preview"),
        {"notice": "**Välkomna!**", "notice-preview": "1", "title": "Möte"},
    )
    assert response.status_code == 200
    assert "<html" in response.text and "stäng fliken" in response.text
    assert "<strong>Välkomna!</strong>" in response.text


def _notice_preview(client, text: str):
    client.force_login(make_editor())
    return client.post(
        reverse("admin:meetings_meeting_preview"),
        {"notice": text, "notice-preview": "1"},
        headers={"HX-Request": "true"},
    )


def test_an_empty_field_says_so(client):
    assert "Inget skrivet än." in _notice_preview(client, "  ").text


def test_scripts_in_the_text_are_not_run(client):
    response = _notice_preview(client, "<script>alert(1)</script>Hej")
    assert "<script>alert" not in response.text and "Hej" in response.text


def test_only_staff_who_edit_meetings_may_preview(client, django_user_model):
    moderator = django_user_model.objects.create_user("moderator", is_staff=True)
    moderator.groups.add(StaffGroup.objects.get(name=roles.MODERATOR))
    client.force_login(moderator)
    response = client.post(
        reverse("admin:meetings_meeting_preview"), {"notice": "x", "notice-preview": "1"}
    )
    assert response.status_code == 403
    client.logout()
    response = client.post(
        reverse("admin:meetings_meeting_preview"), {"notice": "x", "notice-preview": "1"}
    )
    assert response.status_code == 302  # to the login page


def test_each_minutes_field_on_the_change_form_has_its_button(client):
    client.force_login(make_editor())
    meeting = make_meeting(published=False)
    make_agenda_item(meeting, body=MINUTES)
    page = client.get(reverse("admin:meetings_meeting_change", args=[meeting.pk])).text
    assert 'name="agenda_items-0-body-preview"' in page
    assert 'name="agenda_items-__prefix__-body-preview"' in page  # the row "Lägg till" copies
    assert 'name="notice-preview"' in page
    assert 'formtarget="_blank"' in page


def test_a_preview_does_not_move_the_end_of_the_staff_session(client, settings):
    """The warning's script knows when the session ends; a preview asked for while typing must
    not move that end behind its back."""
    from django.contrib.sessions.models import Session

    def ends():
        return Session.objects.get(session_key=client.session.session_key).expire_date

    client.force_login(make_editor())
    client.get(reverse("admin:index"))
    before = ends()
    settings.STAFF_SESSION_IDLE_SECONDS += 600  # any touch would now move the end by far
    client.post(
        reverse("admin:meetings_meeting_preview"),
        {"notice": "Hej", "notice-preview": "1"},
        headers={"HX-Request": "true"},
    )
    assert ends() == before
    client.get(reverse("admin:index"))  # a page is activity
    assert (ends() - before).total_seconds() > 500
