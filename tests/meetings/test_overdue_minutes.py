"""Issue #14 §4: a meeting held more than a week ago without minutes is listed for the editors,
at the top of the admin and in a weekly e-mail, unless it keeps no minutes."""

from datetime import timedelta
from unittest import mock

import pytest
from django.contrib.auth.models import Group as StaffGroup
from django.contrib.auth.models import User
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from portal import roles
from tests.factories import (
    make_agenda_item,
    make_editor,
    make_group,
    make_meeting,
    make_representative,
)

pytestmark = pytest.mark.django_db


def _ago(days: int):
    return timezone.now() - timedelta(days=days)


@pytest.fixture
def meetings():
    """One late meeting and one of each kind that is not late."""
    group = make_group(name="Brukarråd Norr", slug="brukarrad-norr")
    late = make_meeting(group=group, title="Brukarråd 3 mars", starts_at=_ago(10))
    make_agenda_item(late, heading="Lokalfrågan", body="")
    late_draft = make_meeting(
        group=group, title="Extrainsatt möte", starts_at=_ago(20), published=False
    )
    written = make_meeting(group=group, title="Möte med anteckningar", starts_at=_ago(12))
    make_agenda_item(written, body="Gruppen diskuterade lokalen.")
    make_meeting(group=group, title="Möte utan anteckningar", starts_at=_ago(30), no_minutes=True)
    make_meeting(group=group, title="Möte i förrgår", starts_at=_ago(3))
    make_meeting(
        group=group, title="Kommande utkast", starts_at=timezone.now() + timedelta(days=5),
        published=False,
    )  # fmt: skip
    return {"late": late, "late_draft": late_draft, "group": group}


NOT_LATE = ["Möte med anteckningar", "Möte utan anteckningar", "Möte i förrgår", "Kommande utkast"]


def test_the_admin_index_lists_the_meetings_whose_minutes_are_late(client, meetings):
    client.force_login(make_editor())
    page = client.get(reverse("admin:index")).text
    assert "Minnesanteckningar som dröjer" in page
    assert "Hölls för mer än 7 dagar sedan" in page
    for meeting in (meetings["late"], meetings["late_draft"]):
        change = reverse("admin:meetings_meeting_change", args=[meeting.pk])
        assert f'<a href="{change}">{meeting.title}</a>' in page
    assert "(utkast)" in page
    for title in NOT_LATE:
        assert title not in page


def test_the_number_of_days_is_a_setting(client, meetings, settings):
    settings.MINUTES_OVERDUE_DAYS = 14
    client.force_login(make_editor())
    page = client.get(reverse("admin:index")).text
    assert "Hölls för mer än 14 dagar sedan" in page
    assert "Extrainsatt möte" in page
    assert "Brukarråd 3 mars" not in page


def test_staff_who_may_not_change_meetings_do_not_see_the_overview(client, meetings):
    moderator = User.objects.create_user("moderator", "m@example.org", "x", is_staff=True)
    moderator.groups.add(StaffGroup.objects.get(name=roles.MODERATOR))
    client.force_login(moderator)
    page = client.get(reverse("admin:index")).text
    assert "Minnesanteckningar som dröjer" not in page


def test_nothing_late_shows_no_overview(client):
    make_meeting(starts_at=_ago(3))
    client.force_login(make_editor())
    assert "Minnesanteckningar som dröjer" not in client.get(reverse("admin:index")).text


def test_the_overview_costs_the_same_queries_with_many_late_meetings(client, meetings):
    client.force_login(make_editor())

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse("admin:index")).status_code == 200
        return len(ctx.captured_queries)

    few = count()
    for n in range(20):
        make_meeting(group=make_group(), starts_at=_ago(8 + n))
    assert count() == few


def _recipients():
    return sorted(address for message in mail.outbox for address in message.to)


def test_the_weekly_mail_goes_to_the_editors_in_swedish(meetings):
    editor = make_editor("anna")
    User.objects.create_superuser("chef", "chef@example.org", "x")
    make_editor("utan-adress")
    make_editor("slutat")
    User.objects.filter(username="utan-adress").update(email="")
    User.objects.filter(username="slutat").update(is_active=False)
    moderator = User.objects.create_user("moderator", "mod@example.org", "x", is_staff=True)
    moderator.groups.add(StaffGroup.objects.get(name=roles.MODERATOR))
    make_representative(email="rep@example.org")

    call_command("remind_overdue_minutes", stdout=mock.Mock())

    assert _recipients() == ["anna@example.org", "chef@example.org"]
    message = next(m for m in mail.outbox if m.to == [editor.email])
    assert message.subject == "Minnesanteckningarna från 2 möten dröjer"
    assert "De här mötena hölls för mer än 7 dagar sedan" in message.body
    assert "- Brukarråd 3 mars (Brukarråd Norr, " in message.body
    assert "Extrainsatt möte (Brukarråd Norr, " in message.body and ", utkast)" in message.body
    change = reverse("admin:meetings_meeting_change", args=[meetings["late"].pk])
    assert f"{change}\n" in message.body
    assert "en gång i veckan" in message.body
    for title in NOT_LATE:
        assert title not in message.body


def test_the_mail_is_sent_once_a_week(meetings):
    make_editor("anna")
    monday = timezone.localdate() - timedelta(days=timezone.localdate().weekday())
    with mock.patch.object(timezone, "localdate", return_value=monday + timedelta(days=1)):
        call_command("remind_overdue_minutes", stdout=mock.Mock())
    assert len(mail.outbox) == 1
    with mock.patch.object(timezone, "localdate", return_value=monday + timedelta(days=6)):
        call_command("remind_overdue_minutes", stdout=mock.Mock())
    assert len(mail.outbox) == 1
    with mock.patch.object(timezone, "localdate", return_value=monday + timedelta(days=7)):
        call_command("remind_overdue_minutes", stdout=mock.Mock())
    assert len(mail.outbox) == 2


def test_a_group_with_its_own_addresses_is_reminded_there_only(meetings, settings):
    make_editor("anna")
    other = make_meeting(
        group=make_group(name="Anhörigrådet"), title="Anhörigråd", starts_at=_ago(9)
    )
    settings.MINUTES_REMINDER_EMAILS = {"brukarrad-norr": ["sekreterare@kommun.example"]}

    call_command("remind_overdue_minutes", stdout=mock.Mock())

    assert _recipients() == ["anna@example.org", "sekreterare@kommun.example"]
    by_address = {message.to[0]: message.body for message in mail.outbox}
    assert "Brukarråd 3 mars" in by_address["sekreterare@kommun.example"]
    assert other.title not in by_address["sekreterare@kommun.example"]
    assert other.title in by_address["anna@example.org"]
    assert "Brukarråd 3 mars" not in by_address["anna@example.org"]


def test_no_late_minutes_no_mail():
    make_editor("anna")
    make_meeting(starts_at=_ago(3))
    call_command("remind_overdue_minutes", stdout=mock.Mock())
    assert mail.outbox == []


def test_the_public_page_says_a_meeting_keeps_no_minutes(client):
    kept_none = make_meeting(starts_at=_ago(10), no_minutes=True)
    make_agenda_item(kept_none, heading="Fika och samtal", body="")
    not_yet = make_meeting(starts_at=_ago(10))
    make_agenda_item(not_yet, heading="Lokalfrågan", body="")
    page = client.get(kept_none.get_absolute_url()).text
    assert "Inga minnesanteckningar förs vid det här mötet." in page
    assert "Inga minnesanteckningar har publicerats" not in page
    assert "Inga minnesanteckningar har publicerats" in client.get(not_yet.get_absolute_url()).text


def test_editors_mark_a_meeting_that_keeps_no_minutes_in_the_admin(client):
    meeting = make_meeting(starts_at=_ago(10))
    client.force_login(make_editor())
    page = client.get(reverse("admin:meetings_meeting_change", args=[meeting.pk])).text
    assert 'name="no_minutes"' in page
    assert "Inga minnesanteckningar förs" in page


def test_a_reminder_address_setting_must_say_which_group(monkeypatch):
    from django.core.exceptions import ImproperlyConfigured

    from oppnasoc.env import addresses_per_group as _addresses_per_group

    monkeypatch.setenv("MINUTES_REMINDER_EMAILS", "norr=a@kommun.se, b@kommun.se; syd=c@kommun.se")
    assert _addresses_per_group("MINUTES_REMINDER_EMAILS") == {
        "norr": ["a@kommun.se", "b@kommun.se"],
        "syd": ["c@kommun.se"],
    }
    monkeypatch.setenv("MINUTES_REMINDER_EMAILS", "a@kommun.se")
    with pytest.raises(ImproperlyConfigured):
        _addresses_per_group("MINUTES_REMINDER_EMAILS")


def test_a_failed_mail_is_tried_again_for_that_editor_only(meetings):
    make_editor("anna")
    make_editor("bertil")
    real_send = mail.EmailMessage.send
    failures = []

    def send_failing_once_for_anna(message, *args, **kwargs):
        if message.to == ["anna@example.org"] and not failures:
            failures.append(message)
            raise OSError("the mail server is down")
        return real_send(message, *args, **kwargs)

    with mock.patch.object(mail.EmailMessage, "send", send_failing_once_for_anna):
        call_command("remind_overdue_minutes", stdout=mock.Mock())

    assert len(failures) == 1
    assert _recipients() == ["anna@example.org", "bertil@example.org"]
