"""What the alerts send: a status change with its explanation and minutes, new minutes,
approved comments, the weekly digest, the one-click unsubscribe, and refused addresses."""

import logging
import smtplib
from datetime import date, timedelta
from unittest import mock

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from alerts.models import Alert, Subscriber, Subscription
from ideas import services as ideas_services
from ideas.models import Comment, Status
from meetings import services as meetings_services
from meetings.models import Meeting
from tests.alerts.helpers import ask_and_confirm, links
from tests.factories import (
    change_status,
    give_next_step,
    make_agenda_item,
    make_comment,
    make_editor,
    make_group,
    make_idea,
    make_meeting,
    make_moderator,
)
from tests.meetings.test_admin import _add_form

pytestmark = pytest.mark.django_db

EMAIL = "anna@example.org"


@pytest.fixture
def capture(django_capture_on_commit_callbacks):
    return django_capture_on_commit_callbacks


@pytest.fixture
def idea():
    return make_idea(title="Ledsagning till tandläkaren")


def _new_mail(before: int) -> list:
    return mail.outbox[before:]


def test_a_status_change_arrives_once_with_its_explanation_and_minutes(client, capture, idea):
    ask_and_confirm(client, capture, f"/bevakning/ide/{idea.slug}/", EMAIL)
    ask_and_confirm(client, capture, f"/bevakning/grupp/{idea.group.slug}/", EMAIL)
    ask_and_confirm(client, capture, "/bevakning/beslut/", EMAIL)
    meeting = make_meeting(group=idea.group, title="Gemensam utvecklingsgrupp 12 februari")
    item = make_agenda_item(meeting, heading="Ledsagning")
    before = len(mail.outbox)

    with capture(execute=True):
        change_status(idea, Status.REJECTED, explanation="Regionen ansvarar för det.",
                      meeting=meeting, agenda_item=item)  # fmt: skip
    [message] = _new_mail(before)  # three subscriptions cover it: one mail
    assert message.to == [EMAIL]
    assert "Ledsagning till tandläkaren" in message.subject
    assert "Regionen ansvarar för det." in message.body
    assert item.get_absolute_url() in message.body  # the minutes of the meeting it cites
    unsubscribe = links(message)["avsluta"]
    assert message.extra_headers["List-Unsubscribe"].endswith(f"{unsubscribe}>")
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert "idén" in message.body  # named by the idea, its most specific subscription
    assert EMAIL not in message.body


def test_a_status_change_with_a_next_step_says_what_happens_next(client, capture, idea):
    ask_and_confirm(client, capture, f"/bevakning/ide/{idea.slug}/", EMAIL)
    before = len(mail.outbox)
    next_step = {
        "text": "Förvaltningen tar fram ett förslag.",
        "by_body": "Socialförvaltningen",
        "planned_month": date(2027, 3, 1),
    }
    with capture(execute=True):
        ideas_services.record_status_change(
            idea, recorded_by=make_editor(), status=Status.PREPARING,
            decided_on=timezone.localdate(), decided_by="Gemensam utvecklingsgrupp",
            next_step=next_step,
        )  # fmt: skip
    [message] = _new_mail(before)
    assert "Nästa steg: Förvaltningen tar fram ett förslag." in message.body
    assert "Vem: Socialförvaltningen. När: mars 2027." in message.body


def test_a_next_step_on_its_own_reaches_who_a_status_change_reaches(client, capture, idea):
    ask_and_confirm(client, capture, f"/bevakning/ide/{idea.slug}/", EMAIL)
    ask_and_confirm(client, capture, f"/bevakning/grupp/{idea.group.slug}/", EMAIL)
    ask_and_confirm(client, capture, f"/en/bevakning/grupp/{idea.group.slug}/",
                    "group@example.org")  # fmt: skip
    ask_and_confirm(client, capture, "/bevakning/beslut/", "weekly@example.org",
                    frequency="weekly")  # fmt: skip
    ask_and_confirm(client, capture, f"/bevakning/grupp/{make_group().slug}/", "other@example.org")
    year = timezone.localdate().year + 1
    before = len(mail.outbox)

    with capture(execute=True):
        step = give_next_step(
            idea,
            text="Förvaltningen tar fram ett förslag.",
            by_body="Socialförvaltningen",
            planned_month=date(year, 3, 1),
        )
    sent = {message.to[0]: message for message in _new_mail(before)}
    assert sorted(sent) == [EMAIL, "group@example.org"]  # once each, nobody else at once
    swedish, english = sent[EMAIL], sent["group@example.org"]
    assert "Ledsagning till tandläkaren" in swedish.subject
    assert "Nästa steg: Förvaltningen tar fram ett förslag." in swedish.body
    assert f"Vem: Socialförvaltningen. När: mars {year}." in swedish.body
    assert step.get_absolute_url() in swedish.body
    assert "idén" in swedish.body  # named by the idea, its most specific subscription
    assert "next step" in english.subject
    assert f"Who: Socialförvaltningen. When: March {year}." in english.body
    assert "/en/bevakning/avsluta/" in english.body

    call_command("send_alert_digests")
    [digest] = _new_mail(before + 2)
    assert digest.to == ["weekly@example.org"]
    assert f"Vem: Socialförvaltningen. När: mars {year}." in digest.body


def test_the_mail_is_in_the_language_of_the_page_where_they_asked(client, capture, idea):
    ask_and_confirm(client, capture, f"/en/bevakning/ide/{idea.slug}/", EMAIL)
    before = len(mail.outbox)
    with capture(execute=True):
        change_status(idea, Status.DECIDED)
    [message] = _new_mail(before)
    assert "Decided – will be carried out" in message.subject
    assert "/en/bevakning/avsluta/" in message.body


def test_new_minutes_reach_the_group_and_minutes_subscribers_once(client, capture):
    group, other = make_group(name="Brukarråd Norr"), make_group()
    ask_and_confirm(client, capture, f"/bevakning/grupp/{group.slug}/", "group@example.org")
    ask_and_confirm(client, capture, f"/bevakning/grupp/{group.slug}/minnesanteckningar/",
                    "minutes@example.org")  # fmt: skip
    ask_and_confirm(client, capture, "/bevakning/minnesanteckningar/", "all@example.org")
    ask_and_confirm(client, capture, f"/bevakning/grupp/{other.slug}/minnesanteckningar/",
                    "other@example.org")  # fmt: skip
    meeting = make_meeting(group=group, title="Brukarråd 3 mars", published=False)
    make_agenda_item(meeting, heading="Lokalfrågan", body="Vi fick en ny lokal.")
    before = len(mail.outbox)

    with capture(execute=True):
        meetings_services.publish_meeting(meeting)
    sent = _new_mail(before)
    assert sorted(message.to[0] for message in sent) == [
        "all@example.org",
        "group@example.org",
        "minutes@example.org",
    ]
    assert all("Brukarråd 3 mars" in message.subject for message in sent)

    with capture(execute=True):  # published again: nobody hears twice
        meetings_services.unpublish_meeting(meeting)
        meetings_services.publish_meeting(meeting)
    assert len(mail.outbox) == before + 3


def test_a_meeting_without_minutes_tells_nobody_until_they_are_written(client, capture):
    group = make_group()
    ask_and_confirm(client, capture, f"/bevakning/grupp/{group.slug}/minnesanteckningar/", EMAIL)
    meeting = make_meeting(group=group, published=False)
    item = make_agenda_item(meeting, heading="Lokalfrågan", body="")
    before = len(mail.outbox)
    with capture(execute=True):
        meetings_services.publish_meeting(meeting)
    assert len(mail.outbox) == before
    item.body = "Vi fick en ny lokal."
    item.save()
    with capture(execute=True):
        meetings_services.minutes_saved(meeting, had_minutes=False)
    assert len(mail.outbox) == before + 1


def test_comments_come_only_to_those_who_asked_for_them(client, capture, idea):
    ask_and_confirm(client, capture, f"/bevakning/ide/{idea.slug}/", "with@example.org",
                    comments="on")  # fmt: skip
    ask_and_confirm(client, capture, f"/bevakning/ide/{idea.slug}/", "without@example.org")
    comment = make_comment(idea, state=Comment.State.PENDING, body="Vi håller med om förslaget.")
    before = len(mail.outbox)
    with capture(execute=True):
        ideas_services.moderate_comments(
            [comment], moderator=make_moderator(), state=Comment.State.APPROVED
        )
    [message] = _new_mail(before)
    assert message.to == ["with@example.org"]
    assert "Vi håller med om förslaget." in message.body


def test_the_weekly_digest_gathers_the_news_once_a_week(client, capture, idea):
    ask_and_confirm(client, capture, f"/bevakning/ide/{idea.slug}/", EMAIL, frequency="weekly")
    before = len(mail.outbox)
    with capture(execute=True):
        change_status(idea, Status.PREPARING)
        change_status(idea, Status.DECIDED)
    assert len(mail.outbox) == before  # nothing at once

    call_command("send_alert_digests")
    [digest] = _new_mail(before)
    assert str(Status.PREPARING.label) in digest.body
    assert str(Status.DECIDED.label) in digest.body
    assert "List-Unsubscribe" in digest.extra_headers
    call_command("send_alert_digests")  # run again: nothing new, and not yet a week
    assert len(mail.outbox) == before + 1

    with capture(execute=True):
        change_status(idea, Status.IN_PROGRESS)
    call_command("send_alert_digests")
    assert len(mail.outbox) == before + 1  # a day later: waits for the week
    week_later = timezone.now() + timedelta(days=7)
    with mock.patch("django.utils.timezone.now", return_value=week_later):
        call_command("send_alert_digests")
    assert len(mail.outbox) == before + 2


def test_one_click_unsubscribe_works_without_a_token_of_the_site(client, capture, idea):
    message = ask_and_confirm(client, capture, f"/bevakning/ide/{idea.slug}/", EMAIL)
    before = len(mail.outbox)
    with capture(execute=True):
        change_status(idea, Status.PREPARING)
    [alert] = _new_mail(before)
    unsubscribe = links(alert)["avsluta"]

    assert client.get(unsubscribe).status_code == 200  # a link checker ends nothing
    assert Subscription.objects.exists()
    mail_client = Client(enforce_csrf_checks=True)
    answer = mail_client.post(
        unsubscribe,
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert answer.status_code == 200
    assert not Subscriber.objects.exists()  # its only subscription: the address is deleted
    assert links(message)  # the confirmation mail had its own links too

    with capture(execute=True):
        change_status(idea, Status.DECIDED)
    assert len(mail.outbox) == before + 1


def test_the_manage_page_changes_and_ends_everything(client, capture, idea):
    ask_and_confirm(client, capture, f"/bevakning/ide/{idea.slug}/", EMAIL)
    ask_and_confirm(client, capture, "/bevakning/beslut/", EMAIL)
    with capture(execute=True):
        change_status(idea, Status.PREPARING)
    manage = links(mail.outbox[-1])["hantera"]
    page = client.get(manage)
    assert page.status_code == 200
    assert "Ledsagning till tandläkaren" in page.text
    assert EMAIL not in page.text
    assert "no-store" in page["Cache-Control"]

    subscription = Subscription.objects.get(topic="idea")
    prefix = f"s{subscription.pk}"
    saved = client.post(
        manage,
        {"subscription": subscription.pk, "action": "save", f"{prefix}-frequency": "weekly",
         f"{prefix}-comments": "on"},
    )  # fmt: skip
    assert saved.status_code == 200
    subscription.refresh_from_db()
    assert (subscription.frequency, subscription.comments) == ("weekly", True)

    client.post(manage, {"action": "end_all"})
    assert not Subscriber.objects.exists()
    assert not Alert.objects.exists()


def _refuse(message):
    raise smtplib.SMTPRecipientsRefused({message.to[0]: (550, b"No such user")})


def test_three_refusals_by_the_mail_server_end_the_subscription(client, capture, idea, caplog):
    ask_and_confirm(client, capture, f"/bevakning/ide/{idea.slug}/", EMAIL)
    caplog.set_level(logging.WARNING)
    with mock.patch("django.core.mail.EmailMessage.send", autospec=True, side_effect=_refuse):
        for status in [Status.PREPARING, Status.DECIDED]:
            with capture(execute=True):
                change_status(idea, status)
        assert Subscriber.objects.get().refusals == 2
        with capture(execute=True):
            change_status(idea, Status.IN_PROGRESS)
    assert not Subscriber.objects.exists()
    assert "refused 3 e-mails" in caplog.text
    assert EMAIL not in caplog.text


def test_a_failure_for_now_is_tried_again_and_does_not_count(client, capture, idea):
    ask_and_confirm(client, capture, f"/bevakning/ide/{idea.slug}/", EMAIL)
    before = len(mail.outbox)
    real_send = mail.EmailMessage.send
    calls = []

    def fail_once(message, *args, **kwargs):
        calls.append(message)
        if len(calls) == 1:
            raise smtplib.SMTPServerDisconnected("gone")
        return real_send(message, *args, **kwargs)

    sending = mock.patch("django.core.mail.EmailMessage.send", autospec=True, side_effect=fail_once)
    with sending, capture(execute=True):
        change_status(idea, Status.PREPARING)
    assert len(calls) == 2
    assert len(mail.outbox) == before + 1
    assert Subscriber.objects.get().refusals == 0


def test_the_address_is_in_no_open_data(client, capture, idea):
    ask_and_confirm(client, capture, f"/bevakning/ide/{idea.slug}/", EMAIL)
    for path in ["/api/ideas/", f"/api/ideas/{idea.slug}/", idea.get_absolute_url()]:
        answer = client.get(path)
        assert answer.status_code == 200, path
        assert EMAIL.encode() not in answer.content, path


def test_minutes_written_in_the_admin_after_publishing_reach_the_subscribers(client, capture):
    group = make_group()
    ask_and_confirm(client, capture, f"/bevakning/grupp/{group.slug}/minnesanteckningar/", EMAIL)
    before = len(mail.outbox)
    editor = Client()
    editor.force_login(make_editor())
    with capture(execute=True):  # published without minutes: nothing to tell
        added = editor.post(reverse("admin:meetings_meeting_add"), _add_form(group))
    assert added.status_code == 302
    assert len(mail.outbox) == before

    meeting = Meeting.objects.get(title="Nytt möte")
    item = meeting.agenda_items.get()
    form = _add_form(group) | {
        "slug": meeting.slug,
        "agenda_items-INITIAL_FORMS": "1",
        "agenda_items-0-id": str(item.pk),
        "agenda_items-0-meeting": str(meeting.pk),
        "agenda_items-0-body": "Vi fick en ny lokal.",
    }
    change = reverse("admin:meetings_meeting_change", args=[meeting.pk])
    with capture(execute=True):
        assert editor.post(change, form).status_code == 302
    [message] = mail.outbox[before:]
    assert "Nytt möte" in message.subject
    with capture(execute=True):  # saved again: told once
        assert editor.post(change, form).status_code == 302
    assert len(mail.outbox) == before + 1
