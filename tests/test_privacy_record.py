"""The record of the personal-data check: editors and moderators read who confirmed which hit,
where and when; nobody changes it, and nobody else reads it."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ideas.services import comment_privacy_review
from meetings import services
from portal import privacy
from portal.models import PrivacyConfirmation
from tests.factories import (
    make_agenda_item,
    make_comment,
    make_editor,
    make_idea,
    make_meeting,
    make_moderator,
    make_representative,
    make_staff_user,
)

pytestmark = pytest.mark.django_db

LIST = reverse("admin:portal_privacyconfirmation_changelist")


def _confirmed_meeting(editor, n=1):
    meeting = make_meeting(published=False, title=f"Brukarråd {n}")
    make_agenda_item(meeting, heading="Frågor", body=f"Anna (811218-9876) ringde 070-{n:03}45 67.")
    review = services.privacy_review(meeting)
    privacy.confirm(meeting, review, review.pending_keys, by=editor)
    return meeting


def _confirmed_comment(moderator, n=1):
    comment = make_comment(make_idea(), body=f"Ring mig på 070-{n:03}45 68.")
    review = comment_privacy_review(comment)
    privacy.confirm(comment, review, review.pending_keys, by=moderator)
    return comment


@pytest.mark.parametrize("make_user", [make_editor, make_moderator])
def test_editors_and_moderators_read_who_confirmed_what_and_where(client, make_user):
    editor, moderator = make_editor("r1"), make_moderator("m1")
    meeting = _confirmed_meeting(editor)
    _confirmed_comment(moderator)
    client.force_login(make_user("lasare"))
    page = client.get(LIST)
    assert page.status_code == 200
    text = page.text
    assert "Kontroll av personuppgifter" in text  # the admin's heading, in Swedish
    assert "Personnummer eller samordningsnummer" in text and "811218-9876" in text
    assert "Punkt 1 (Frågor), minnesanteckningar" in text
    assert f'href="{reverse("admin:meetings_meeting_change", args=[meeting.pk])}"' in text
    assert "r1" in text and "m1" in text

    confirmation = PrivacyConfirmation.objects.get(text="811218-9876")
    detail = client.get(
        reverse("admin:portal_privacyconfirmation_change", args=[confirmation.pk])
    ).text
    assert "Anna (811218-9876) ringde" in detail  # the text around it
    assert 'name="_save"' not in detail  # read only


def test_nobody_adds_changes_or_deletes_an_entry(client):
    editor = make_editor()
    _confirmed_meeting(editor)
    confirmation = PrivacyConfirmation.objects.first()
    admin = make_staff_user("chef")
    admin.is_superuser = True
    admin.save()
    client.force_login(admin)
    change = reverse("admin:portal_privacyconfirmation_change", args=[confirmation.pk])
    delete = reverse("admin:portal_privacyconfirmation_delete", args=[confirmation.pk])
    assert client.get(reverse("admin:portal_privacyconfirmation_add")).status_code == 403
    assert client.post(change, {"text": "ändrad"}).status_code == 403
    assert client.post(delete, {"post": "yes"}).status_code == 403
    confirmation.refresh_from_db()
    assert confirmation.text == "811218-9876"


def test_others_do_not_read_it(client):
    _confirmed_meeting(make_editor())
    assert client.get(LIST).status_code == 302  # to the login
    client.force_login(make_representative().user)
    assert client.get(LIST).status_code == 302
    client.force_login(make_staff_user())  # staff without a role
    assert client.get(LIST).status_code == 403


def test_the_list_makes_the_same_queries_for_few_and_many(client):
    editor, moderator = make_editor(), make_moderator()
    client.force_login(editor)
    _confirmed_meeting(editor)
    _confirmed_comment(moderator)
    with CaptureQueriesContext(connection) as few:
        assert client.get(LIST).status_code == 200
    for n in range(2, 12):
        _confirmed_meeting(editor, n)
        _confirmed_comment(moderator, n)
    with CaptureQueriesContext(connection) as many:
        assert client.get(LIST).status_code == 200
    assert len(many) == len(few)
