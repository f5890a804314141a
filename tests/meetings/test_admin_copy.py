"""Copying from the previous meeting ("Kopiera från förra mötet") on the add form."""

import re
from datetime import datetime

import pytest
from django.urls import reverse

from meetings.models import Meeting
from portal.dates import zone
from tests.factories import (
    make_agenda_item,
    make_attachment,
    make_attendee,
    make_editor,
    make_group,
    make_link,
    make_meeting,
    make_organisation,
)

pytestmark = pytest.mark.django_db
ADD = reverse("admin:meetings_meeting_add")


@pytest.fixture
def previous():
    """The group's latest meeting, an older one, and another group's newer one."""
    group = make_group(name="Brukarrådet")
    make_meeting(
        group=group,
        title="Brukarrådet i januari",
        starts_at=datetime(2026, 1, 15, 10, 0, tzinfo=zone()),
        ends_at=datetime(2026, 1, 15, 12, 0, tzinfo=zone()),
        place="Gamla lokalen",
    )
    meeting = make_meeting(
        group=group,
        title="Brukarrådet i mars",
        starts_at=datetime(2026, 3, 13, 13, 0, tzinfo=zone()),
        ends_at=datetime(2026, 3, 13, 15, 30, tzinfo=zone()),
        place="Stadshuset, rum 4",
        notice="Välkomna till mötet.",
    )
    make_agenda_item(meeting, heading="Besök av förvaltningschefen", body="Hon berättade.")
    rsmh = make_organisation(name="RSMH")
    make_attendee(meeting, name="Anna Berg", organisation=rsmh, role="ordförande")
    make_attendee(meeting, name="Omar Said", organisation=make_organisation(name="Hela Människan"))
    make_link(meeting, position=1, title="Gruppens sida", url="https://example.org/brukarradet")
    make_link(meeting, position=2, title="Del 1: Inledning", url="https://bambuser.com/v/4711")
    make_link(meeting, position=3, title="Mötet på Teams",
              url="https://teams.microsoft.com/l/meetup-recording/abc")  # fmt: skip
    make_attachment(meeting, title="Dagordning")
    other = make_meeting(
        group=make_group(name="Anhöriggruppen"),
        starts_at=datetime(2026, 4, 1, 9, 0, tzinfo=zone()),
        place="Anhörigcentret",
    )
    make_attendee(other, name="Någon Annan")
    make_link(other, title="Anhörigsidan", url="https://example.org/anhoriga")
    return meeting


def _copy(client, **query):
    client.force_login(make_editor())
    return client.get(ADD, query)


def test_place_times_attendees_and_standing_links_come_from_the_latest_meeting(client, previous):
    response = _copy(client, kopiera_grupp=previous.group_id)
    assert response.status_code == 200
    form = response.context["adminform"].form
    assert form["group"].value() == previous.group_id
    assert form["place"].value() == "Stadshuset, rum 4"
    html = response.content.decode()
    assert 'name="starts_at_1" value="13:00' in html
    assert 'name="ends_at_1" value="15:30' in html
    formsets = {f.formset.prefix: f.formset for f in response.context["inline_admin_formsets"]}
    attendees = [form.initial for form in formsets["attendees"].forms]
    assert [(a["name"], a["role"]) for a in attendees] == [
        ("Omar Said", ""),
        ("Anna Berg", "ordförande"),
    ]
    assert 'value="Anna Berg"' in html and 'value="Omar Said"' in html
    assert [form.initial["title"] for form in formsets["links"].forms] == ["Gruppens sida"]
    assert "Kopierat från Brukarrådet i mars (13 mars 2026)" in html


def test_the_date_title_items_minutes_recordings_and_attachments_stay_behind(client, previous):
    response = _copy(client, kopiera_grupp=previous.group_id)
    form = response.context["adminform"].form
    assert form["title"].value() in (None, "")
    assert form["notice"].value() in (None, "")
    html = response.content.decode()
    assert re.search(r'<input[^>]*name="starts_at_0"(?![^>]*value="[^"])', html)
    assert re.search(r'<input[^>]*name="ends_at_0"(?![^>]*value="[^"])', html)
    formsets = {f.formset.prefix: f.formset for f in response.context["inline_admin_formsets"]}
    assert len(formsets["agenda_items"].forms) == 0
    assert len(formsets["attachments"].forms) == 0
    assert "Besök av förvaltningschefen" not in html
    assert "bambuser.com" not in html and "meetup-recording" not in html
    # Nor anything of the other group's newer meeting.
    assert "Någon Annan" not in html and "Anhörigsidan" not in html


def test_copy_from_a_named_meeting_of_the_change_form_link(client, previous):
    older = Meeting.objects.get(title="Brukarrådet i januari")
    client.force_login(make_editor())
    change = client.get(reverse("admin:meetings_meeting_change", args=[previous.pk]))
    assert f"{ADD}?kopiera={previous.pk}" in change.content.decode()
    response = client.get(ADD, {"kopiera": older.pk})
    assert response.context["adminform"].form["place"].value() == "Gamla lokalen"
    assert 'name="starts_at_1" value="10:00' in response.content.decode()


def test_saving_the_copied_form_makes_a_new_meeting_with_the_rows(client, previous):
    response = _copy(client, kopiera_grupp=previous.group_id)
    formsets = {f.formset.prefix: f.formset for f in response.context["inline_admin_formsets"]}
    attendees = [form.initial for form in formsets["attendees"].forms]
    data = {
        "group": previous.group_id,
        "title": "Brukarrådet i maj",
        "slug": "",
        "starts_at_0": "13 maj 2026",
        "starts_at_1": "13.00",
        "ends_at_0": "13 maj 2026",
        "ends_at_1": "15.30",
        "place": "Stadshuset, rum 4",
        "notice": "",
        "status": "draft",
        "agenda_items-TOTAL_FORMS": "0",
        "agenda_items-INITIAL_FORMS": "0",
        "attendees-TOTAL_FORMS": str(len(attendees)),
        "attendees-INITIAL_FORMS": "0",
        "links-TOTAL_FORMS": "1",
        "links-INITIAL_FORMS": "0",
        "links-0-position": "1",
        "links-0-title": "Gruppens sida",
        "links-0-url": "https://example.org/brukarradet",
        "attachments-TOTAL_FORMS": "0",
        "attachments-INITIAL_FORMS": "0",
    }
    for number, attendee in enumerate(attendees):
        for key in ("name", "organisation", "role"):
            data[f"attendees-{number}-{key}"] = attendee[key]
    response = client.post(ADD, data)
    assert response.status_code == 302, response.context["errors"]
    meeting = Meeting.objects.get(title="Brukarrådet i maj")
    assert sorted(meeting.attendees.values_list("name", flat=True)) == ["Anna Berg", "Omar Said"]
    assert list(meeting.links.values_list("title", flat=True)) == ["Gruppens sida"]
    assert not meeting.agenda_items.exists()
    # The meeting copied from is as it was.
    assert previous.attendees.count() == 2 and previous.links.count() == 3


def test_a_group_without_meetings_says_so_and_copies_nothing(client):
    group = make_group(name="Nya gruppen")
    response = _copy(client, kopiera_grupp=group.pk)
    assert "Gruppen har inget tidigare möte att kopiera från." in response.content.decode()
    assert response.context["adminform"].form["place"].value() in (None, "")


def test_the_add_form_offers_the_groups_that_have_meetings(client, previous):
    make_group(name="Gruppen utan möten")
    client.force_login(make_editor())
    html = client.get(ADD).content.decode()
    assert "Kopiera från förra mötet" in html
    assert ">Brukarrådet</option>" in html and ">Anhöriggruppen</option>" in html
    assert 'name="kopiera_grupp"' in html
    # Only in the form above the add form: the group select of the meeting itself lists all.
    assert html.count(">Gruppen utan möten</option>") == 1
