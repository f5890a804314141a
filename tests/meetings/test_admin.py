"""What each staff role may do with meetings in the admin."""

import pytest
from django.contrib.auth.models import Group as StaffGroup
from django.urls import reverse

from meetings.models import Meeting
from portal import roles
from tests.factories import make_editor, make_group, make_meeting

pytestmark = pytest.mark.django_db


@pytest.fixture
def moderator(django_user_model):
    user = django_user_model.objects.create_user("moderator", is_staff=True)
    user.groups.add(StaffGroup.objects.get(name=roles.MODERATOR))
    return user


def _add_form(group) -> dict:
    return {
        "group": group.pk,
        "title": "Nytt möte",
        "slug": "",
        "starts_at_0": "2031-02-12",
        "starts_at_1": "13:00",
        "ends_at_0": "2031-02-12",
        "ends_at_1": "15:00",
        "place": "Stadshuset",
        "notice": "",
        "status": "published",
        "agenda_items-TOTAL_FORMS": "1",
        "agenda_items-INITIAL_FORMS": "0",
        "agenda_items-0-position": "1",
        "agenda_items-0-heading": "Välkommen",
        "agenda_items-0-body": "",
        "attendees-TOTAL_FORMS": "0",
        "attendees-INITIAL_FORMS": "0",
        "links-TOTAL_FORMS": "0",
        "links-INITIAL_FORMS": "0",
        "attachments-TOTAL_FORMS": "0",
        "attachments-INITIAL_FORMS": "0",
    }


def test_editor_adds_and_publishes_a_meeting(client):
    client.force_login(make_editor())
    response = client.post(reverse("admin:meetings_meeting_add"), _add_form(make_group()))
    assert response.status_code == 302
    meeting = Meeting.objects.get(title="Nytt möte")
    assert meeting.is_published and meeting.published_at is not None
    assert meeting.slug == "nytt-mote"
    assert meeting.agenda_items.get().heading == "Välkommen"


def test_meeting_that_ends_before_it_starts_is_refused_with_a_message(client):
    client.force_login(make_editor())
    form = _add_form(make_group()) | {"ends_at_1": "11:00"}
    response = client.post(reverse("admin:meetings_meeting_add"), form)
    assert response.status_code == 200
    assert "Mötet måste sluta efter att det börjar." in response.text
    assert 'value="Nytt möte"' in response.text  # what was typed is kept
    assert not Meeting.objects.exists()


def test_publish_and_unpublish_actions(client):
    client.force_login(make_editor())
    draft = make_meeting(published=False)
    changelist = reverse("admin:meetings_meeting_changelist")
    client.post(changelist, {"action": "publish", "_selected_action": [draft.pk]})
    draft.refresh_from_db()
    assert draft.is_published
    client.post(changelist, {"action": "unpublish", "_selected_action": [draft.pk]})
    draft.refresh_from_db()
    assert not draft.is_published
    assert client.get(draft.get_absolute_url().replace("/admin", "")).status_code == 200  # preview


def test_admin_changelist_filters_and_searches(client):
    client.force_login(make_editor())
    make_meeting(title="Ett sökbart möte")
    changelist = reverse("admin:meetings_meeting_changelist")
    assert "Ett sökbart möte" in client.get(changelist, {"q": "sökbart"}).text
    assert client.get(changelist, {"status__exact": "draft"}).status_code == 200
    assert client.get(changelist, {"year": "2020"}).status_code == 200


def test_moderator_can_read_but_not_change_meetings(client, moderator):
    meeting = make_meeting()
    client.force_login(moderator)
    assert (
        client.get(reverse("admin:meetings_meeting_change", args=[meeting.pk])).status_code == 200
    )
    assert client.get(reverse("admin:meetings_meeting_add")).status_code == 403
    response = client.post(
        reverse("admin:meetings_meeting_changelist"),
        {"action": "unpublish", "_selected_action": [meeting.pk]},
    )
    meeting.refresh_from_db()
    assert meeting.is_published, response.status_code


def test_visitors_and_non_staff_cannot_reach_the_admin(client, django_user_model):
    add = reverse("admin:meetings_meeting_add")
    assert client.get(add).status_code == 302  # to the login page
    client.force_login(django_user_model.objects.create_user("representant"))
    assert client.get(add).status_code == 302


def test_editor_edits_the_directory(client):
    client.force_login(make_editor())
    assert client.get(reverse("admin:directory_group_add")).status_code == 200
    assert client.get(reverse("admin:directory_organisation_add")).status_code == 200
    assert client.get(reverse("admin:auth_user_changelist")).status_code == 403
