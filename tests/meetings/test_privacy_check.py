"""No meeting is published with what may identify a person unless someone has looked at it."""

import pytest
from django.test import Client
from django.urls import reverse

from meetings import services
from meetings.models import Meeting
from portal import privacy
from portal.models import PrivacyConfirmation
from tests.factories import make_agenda_item, make_editor, make_group, make_meeting
from tests.meetings.test_admin import _add_form

pytestmark = pytest.mark.django_db

PERSONAL_NUMBER = "811218-9876"


def _draft_with_a_hit():
    meeting = make_meeting(published=False, title="Brukarråd mars")
    make_agenda_item(meeting, heading="Välkommen", body="Ordföranden hälsade välkommen.")
    make_agenda_item(
        meeting, heading="Frågor", body=f"Anna ({PERSONAL_NUMBER}) berättade om sitt ärende."
    )
    return meeting


def test_publishing_is_refused_while_a_hit_is_unconfirmed():
    meeting = _draft_with_a_hit()
    with pytest.raises(privacy.NotReviewed) as refused:
        services.publish_meeting(meeting)
    (hit,) = refused.value.review.pending
    assert hit.text == PERSONAL_NUMBER
    assert hit.where == "Punkt 2 (Frågor), minnesanteckningar"
    meeting.refresh_from_db()
    assert not meeting.is_published


def test_a_meeting_without_hits_publishes_at_once():
    meeting = make_meeting(published=False)
    make_agenda_item(meeting, body="Inget känsligt här.")
    assert services.publish_meeting(meeting)


def test_the_review_page_lists_each_hit_and_publishes_once_each_is_confirmed(client):
    editor = make_editor()
    client.force_login(editor)
    meeting = _draft_with_a_hit()
    page = reverse("admin:meetings_meeting_review", args=[meeting.pk])
    response = client.get(page)
    assert "Personnummer eller samordningsnummer" in response.text
    assert f"<mark>{PERSONAL_NUMBER}</mark>" in response.text
    assert "Anna (" in response.text  # the text around it

    response = client.post(page, {})  # nothing ticked
    assert response.status_code == 200
    assert "1 träff är inte bekräftad" in response.text
    meeting.refresh_from_db()
    assert not meeting.is_published

    response = client.post(page, {"confirm": [f"personal_number:{PERSONAL_NUMBER}"]})
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.is_published
    confirmation = PrivacyConfirmation.objects.get()
    assert confirmation.confirmed_by == editor
    assert confirmation.text == PERSONAL_NUMBER
    assert "Anna (" in confirmation.context


def test_a_confirmed_hit_need_not_be_confirmed_again():
    meeting = _draft_with_a_hit()
    review = services.privacy_review(meeting)
    privacy.confirm(meeting, review, review.pending_keys, by=make_editor())
    assert services.publish_meeting(meeting)


def test_a_fixed_text_publishes_without_confirmation(client):
    client.force_login(make_editor())
    meeting = _draft_with_a_hit()
    item = meeting.agenda_items.get(heading="Frågor")
    item.body = "En deltagare berättade om sitt ärende."
    item.save()
    response = client.post(reverse("admin:meetings_meeting_review", args=[meeting.pk]), {})
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.is_published
    assert not PrivacyConfirmation.objects.exists()


def test_choosing_published_on_the_form_with_a_hit_keeps_a_draft_and_opens_the_review(client):
    client.force_login(make_editor())
    form = _add_form(make_group()) | {"agenda_items-0-body": "Ring mig på 070-123 45 67."}
    response = client.post(reverse("admin:meetings_meeting_add"), form)
    meeting = Meeting.objects.get(title="Nytt möte")
    assert response.status_code == 302
    assert response.url == reverse("admin:meetings_meeting_review", args=[meeting.pk])
    assert not meeting.is_published and meeting.published_at is None
    assert meeting.agenda_items.get().body == "Ring mig på 070-123 45 67."  # nothing lost


def test_a_hit_added_to_a_published_meeting_makes_it_a_draft_until_reviewed(client):
    client.force_login(make_editor())
    meeting = make_meeting(published=True)
    item = make_agenda_item(meeting, heading="Frågor", body="Allmänt samtal.")
    change = reverse("admin:meetings_meeting_change", args=[meeting.pk])
    data = _change_data(client, change)
    data["agenda_items-0-body"] = "Kalle bor på Storgatan 12."
    response = client.post(change, data)
    assert response.status_code == 302
    assert response.url == reverse("admin:meetings_meeting_review", args=[meeting.pk])
    meeting.refresh_from_db()
    item.refresh_from_db()
    assert item.body == "Kalle bor på Storgatan 12."
    assert not meeting.is_published
    assert Client().get(meeting.get_absolute_url()).status_code == 404  # a visitor's view


def test_the_bulk_publish_action_holds_back_meetings_with_hits(client):
    client.force_login(make_editor())
    held = _draft_with_a_hit()
    clean = make_meeting(published=False, title="Utan träffar")
    changelist = reverse("admin:meetings_meeting_changelist")
    response = client.post(
        changelist, {"action": "publish", "_selected_action": [held.pk, clean.pk]}, follow=True
    )
    held.refresh_from_db()
    clean.refresh_from_db()
    assert clean.is_published and not held.is_published
    review = reverse("admin:meetings_meeting_review", args=[held.pk])
    assert f'href="{review}"' in response.text


def _change_data(client, change_url) -> dict:
    """What the change form posts as it stands, inlines included."""
    response = client.get(change_url)
    data = {}
    for form in [response.context["adminform"].form] + [
        f
        for inline in response.context["inline_admin_formsets"]
        for f in [inline.formset.management_form, *inline.formset.forms]
    ]:
        for name, field in form.fields.items():
            value = form[name].value()
            key = form.add_prefix(name)
            if value is None:
                continue
            if isinstance(value, list):
                data[key] = value
            elif hasattr(field, "fields"):  # a split date and time
                for index, part in enumerate(form[name].field.widget.decompress(value)):
                    data[f"{key}_{index}"] = part
            else:
                data[key] = value
    return data


def test_the_bulk_action_reads_the_agenda_items_once_however_many_meetings(client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(make_editor())
    meetings = [_draft_with_a_hit() for _ in range(4)]
    with CaptureQueriesContext(connection) as queries:
        client.post(
            reverse("admin:meetings_meeting_changelist"),
            {"action": "publish", "_selected_action": [m.pk for m in meetings]},
        )
    item_reads = [q for q in queries if 'FROM "meetings_agendaitem"' in q["sql"]]
    assert len(item_reads) == 1
