"""E-mail about followed ideas, replies and moderation: who gets what, once, and retries."""

import io
import logging
import os
import smtplib
from datetime import date, timedelta
from pathlib import Path

import pytest
from django.contrib.auth.models import Group as StaffGroup
from django.contrib.auth.models import User
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

from directory.models import Representative
from ideas import services
from ideas.models import Comment, CommentReport, Follow, Idea, Status
from ideas.tasks import notify_moderators, notify_next_step, notify_reply, notify_status_change
from portal import roles
from tests.factories import (
    change_status,
    give_next_step,
    make_editor,
    make_idea,
    make_organisation,
    make_representative,
)
from tests.ideas.test_admin import _change_form

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parent.parent.parent
Notify = Representative.Notify


def _user(name: str, *, notify: str | None = None, **fields) -> User:
    """name@example.org: a representative with that preference if `notify` is set."""
    if notify is not None:
        return make_representative(email=f"{name}@example.org", notify=notify).user
    return User.objects.create_user(name, f"{name}@example.org", **fields)


def _follower(idea: Idea, username: str, *, notify: str | None = None) -> User:
    user = _user(username, notify=notify)
    Follow.objects.create(user=user, idea=idea)
    return user


def _comment(idea: Idea, author: User, **fields) -> Comment:
    fields.setdefault("organisation", make_organisation())
    fields.setdefault("body", "Vi har samma erfarenhet i vår förening.")
    fields.setdefault("state", Comment.State.APPROVED)
    return Comment.objects.create(idea=idea, author=author, **fields)


def _reject(idea: Idea, capture, **fields):
    """Records a decision as the admin does, running what waits for the commit."""
    fields.setdefault("decided_on", date(2013, 2, 12))
    fields.setdefault("decided_by", "Gemensam utvecklingsgrupp")
    fields.setdefault("explanation", "Det finns inga pengar till det i år.")
    with capture(execute=True):
        return change_status(idea, Status.REJECTED, **fields)


def _recipients() -> list[str]:
    return sorted(address for message in mail.outbox for address in message.to)


def _levels(caplog) -> list[str]:
    return [record.levelname for record in caplog.records if record.name == "portal.emails"]


def _fail_first_sends(monkeypatch, failures: int) -> None:
    """The mail server refuses the first `failures` messages, then accepts."""
    send_messages = EmailBackend.send_messages
    calls = []

    def flaky(self, messages):
        calls.append(messages)
        if len(calls) <= failures:
            raise smtplib.SMTPException("450 try again later")
        return send_messages(self, messages)

    monkeypatch.setattr(EmailBackend, "send_messages", flaky)


def test_a_follower_gets_the_new_status_with_its_explanation(
    django_capture_on_commit_callbacks,
):
    idea = make_idea(title="Enklare ansökan om bistånd")
    anna = _follower(idea, "anna")
    change = _reject(idea, django_capture_on_commit_callbacks)

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [anna.email]
    assert "Enklare ansökan om bistånd" in message.subject
    assert "Avslagen" in message.subject
    assert "Det finns inga pengar till det i år." in message.body
    assert "12 februari 2013" in message.body
    assert "Gemensam utvecklingsgrupp" in message.body
    assert f"http://127.0.0.1:8000/ideer/{idea.slug}/#andring-{change.pk}" in message.body
    assert "http://127.0.0.1:8000/konto/" in message.body, "where to choose fewer e-mails"


def test_an_entry_is_never_emailed_twice(django_capture_on_commit_callbacks):
    idea = make_idea()
    _follower(idea, "anna")
    change = _reject(idea, django_capture_on_commit_callbacks)
    notify_status_change.enqueue(change.pk)
    assert len(mail.outbox) == 1


def test_a_follower_hears_of_a_next_step_given_on_its_own_once(
    django_capture_on_commit_callbacks,
):
    idea = make_idea(title="Enklare ansökan om bistånd")
    anna = _follower(idea, "anna")
    _follower(idea, "daglig", notify=Notify.DAILY)
    _follower(idea, "aldrig", notify=Notify.NEVER)
    year = timezone.localdate().year + 1
    with django_capture_on_commit_callbacks(execute=True):
        step = give_next_step(
            idea,
            text="Nämnden beslutar om förslaget.",
            by_body="Socialnämnden",
            planned_month=date(year, 3, 1),
        )
    [message] = mail.outbox
    assert message.to == [anna.email]
    assert "Enklare ansökan om bistånd" in message.subject
    assert "Nästa steg: Nämnden beslutar om förslaget." in message.body
    assert f"Vem: Socialnämnden. När: mars {year}." in message.body
    assert f"http://127.0.0.1:8000/ideer/{idea.slug}/#steg-{step.pk}" in message.body
    notify_next_step.enqueue(step.pk)  # run again: nobody hears twice
    assert len(mail.outbox) == 1

    call_command("send_digests", stdout=io.StringIO())
    assert _recipients() == ["anna@example.org", "daglig@example.org"]
    assert f"Vem: Socialnämnden. När: mars {year}." in mail.outbox[-1].body


def test_a_next_step_given_with_a_status_change_is_told_in_its_e_mail_alone(
    django_capture_on_commit_callbacks,
):
    idea = make_idea()
    _follower(idea, "anna")
    next_step = {"text": "Nämnden beslutar om förslaget.", "by_body": "Socialnämnden",
                 "planned_month": timezone.localdate().replace(day=1)}  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        services.record_status_change(
            idea, recorded_by=make_editor(), status=Status.PREPARING,
            decided_on=timezone.localdate(), decided_by="Gemensam utvecklingsgrupp",
            next_step=next_step,
        )  # fmt: skip
    notify_next_step.enqueue(idea.next_step_id)  # even if asked: the change's mail told it

    [message] = mail.outbox
    assert "Nästa steg: Nämnden beslutar om förslaget." in message.body


def test_only_followers_who_want_it_at_once_get_it_at_once(django_capture_on_commit_callbacks):
    idea = make_idea()
    _follower(idea, "direkt", notify=Notify.IMMEDIATELY)
    _follower(idea, "utan-konto")
    _follower(idea, "daglig", notify=Notify.DAILY)
    _follower(idea, "aldrig", notify=Notify.NEVER)
    _user("foljer-inte")
    _reject(idea, django_capture_on_commit_callbacks)
    assert _recipients() == ["direkt@example.org", "utan-konto@example.org"]


def test_daily_followers_get_one_digest_and_nothing_on_a_second_run(
    django_capture_on_commit_callbacks,
):
    first, second = make_idea(title="Första idén"), make_idea(title="Andra idén")
    daily = _follower(first, "daglig", notify=Notify.DAILY)
    Follow.objects.create(user=daily, idea=second)
    _follower(first, "aldrig", notify=Notify.NEVER)
    _reject(first, django_capture_on_commit_callbacks, explanation="Ingen budget.")
    _reject(second, django_capture_on_commit_callbacks, explanation="Görs redan.")
    reply = _comment(first, _user("svarare"), parent=_comment(first, daily), body="Håller med!")
    with django_capture_on_commit_callbacks(execute=True):
        notify_reply.enqueue(reply.pk)
    assert mail.outbox == []

    out = io.StringIO()
    call_command("send_digests", stdout=out)
    assert out.getvalue() == "1 digest(s) sent.\n"
    assert _recipients() == ["daglig@example.org"]
    body = mail.outbox[0].body
    for text in ["Första idén", "Ingen budget.", "Andra idén", "Görs redan.", "Håller med!"]:
        assert text in body

    call_command("send_digests", stdout=out)
    assert out.getvalue().endswith("0 digest(s) sent.\n")
    assert len(mail.outbox) == 1


def test_a_published_reply_emails_the_writer_of_the_comment(django_capture_on_commit_callbacks):
    idea = make_idea(title="Fler parkeringsplatser")
    writer = _user("skribent")
    parent = _comment(idea, writer)
    reply = _comment(
        idea, _user("svarare"), parent=parent, body="Vi tar upp det på nästa möte.", state="pending"
    )
    with django_capture_on_commit_callbacks(execute=True):
        notify_reply.enqueue(reply.pk)
    assert mail.outbox == [], "a reply waiting for a moderator is not news yet"

    reply.state = Comment.State.APPROVED
    reply.save()
    with django_capture_on_commit_callbacks(execute=True):
        notify_reply.enqueue(reply.pk)
    assert _recipients() == [writer.email]
    message = mail.outbox[0]
    assert "Fler parkeringsplatser" in message.subject
    assert "Vi tar upp det på nästa möte." in message.body
    assert reply.organisation.name in message.body
    assert f"http://127.0.0.1:8000{reply.get_absolute_url()}" in message.body


def test_replying_to_oneself_sends_nothing():
    idea = make_idea()
    writer = _user("skribent")
    reply = _comment(idea, writer, parent=_comment(idea, writer))
    notify_reply.enqueue(reply.pk)
    assert mail.outbox == []


def test_moderators_get_the_report_with_a_link_to_the_admin():
    moderator = _user("moderator", is_staff=True)
    moderator.groups.add(StaffGroup.objects.get(name=roles.MODERATOR))
    User.objects.create_superuser("admin", "admin@example.org")
    User.objects.create_superuser("admin-utan-adress", "")
    former = _user("slutat", is_staff=True, is_active=False)
    former.groups.add(StaffGroup.objects.get(name=roles.MODERATOR))
    make_editor()
    idea = make_idea(title="Öppettider")
    comment = _comment(idea, _user("skribent"), body="Ett namn och ett personnummer.")
    report = CommentReport.objects.create(
        comment=comment, reporter=_user("anmalare"), reason="Uppgifter om en enskild."
    )

    notify_moderators.enqueue(report_id=report.pk)

    assert _recipients() == ["admin@example.org", "moderator@example.org"]
    body = mail.outbox[0].body
    assert "Öppettider" in mail.outbox[0].subject
    assert f"http://127.0.0.1:8000/admin/ideas/comment/{comment.pk}/change/" in body
    assert "personnummer" not in body and "enskild" not in body


def test_moderators_hear_of_a_comment_waiting_for_them():
    moderator = _user("moderator", is_staff=True)
    moderator.groups.add(StaffGroup.objects.get(name=roles.MODERATOR))
    comment = _comment(make_idea(), _user("skribent"), state=Comment.State.PENDING)
    notify_moderators.enqueue(comment_id=comment.pk)
    assert _recipients() == [moderator.email]
    assert reverse("admin:ideas_comment_change", args=[comment.pk]) in mail.outbox[0].body


def test_a_refused_email_is_logged_and_retried_without_sending_anyone_twice(
    django_capture_on_commit_callbacks, monkeypatch, caplog
):
    idea = make_idea()
    anna, bertil = _follower(idea, "anna"), _follower(idea, "bertil")
    _fail_first_sends(monkeypatch, failures=1)

    with caplog.at_level(logging.WARNING, logger="portal.emails"):
        _reject(idea, django_capture_on_commit_callbacks)

    assert _recipients() == ["anna@example.org", "bertil@example.org"]
    assert _levels(caplog) == ["WARNING"]
    assert any(f"user {user.pk} (attempt 1 of 3)" in caplog.text for user in [anna, bertil])
    assert "@" not in caplog.text


def test_only_the_moderator_whose_e_mail_failed_gets_it_again(monkeypatch, caplog):
    first, second = _user("moderator-1", is_staff=True), _user("moderator-2", is_staff=True)
    StaffGroup.objects.get(name=roles.MODERATOR).user_set.add(first, second)
    comment = _comment(make_idea(), _user("skribent"), state=Comment.State.PENDING)
    _fail_first_sends(monkeypatch, failures=1)
    with caplog.at_level(logging.WARNING, logger="portal.emails"):
        notify_moderators.enqueue(comment_id=comment.pk)
    assert _recipients() == [first.email, second.email]
    assert f"user {first.pk} (attempt 1 of 3)" in caplog.text


def test_a_failed_digest_is_retried_once_and_not_sent_again(
    django_capture_on_commit_callbacks, monkeypatch, caplog
):
    idea = make_idea()
    daily = _follower(idea, "daglig", notify=Notify.DAILY)
    _reject(idea, django_capture_on_commit_callbacks)
    _fail_first_sends(monkeypatch, failures=1)
    out = io.StringIO()
    with caplog.at_level(logging.WARNING, logger="portal.emails"):
        call_command("send_digests", stdout=out)
        call_command("send_digests", stdout=out)
    assert _recipients() == [daily.email]
    assert f"user {daily.pk} (attempt 1 of 3)" in caplog.text


def test_a_mail_server_that_is_down_does_not_break_the_admin_page(
    client, settings, django_capture_on_commit_callbacks, monkeypatch, caplog
):
    idea = make_idea()
    _follower(idea, "anna")
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": settings.TASK_QUEUES}
    }
    _fail_first_sends(monkeypatch, failures=3)
    client.force_login(make_editor())

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("admin:ideas_idea_change", args=[idea.pk]),
            _change_form(idea, status="preparing", decided_by="Nämnden"),
        )
    assert response.status_code == 302
    idea.refresh_from_db()
    assert idea.status == Status.PREPARING
    assert mail.outbox == [], "the page only queues the e-mail"

    with caplog.at_level(logging.WARNING, logger="portal.emails"):
        _run_due_tasks()
        mail_tasks = DBTaskResult.objects.filter(queue_name="default")
        retry = mail_tasks.ready().first()
        assert retry is None, "the retry waits"
        retry = mail_tasks.get(status="READY")
        assert retry.args_kwargs["kwargs"] == {"attempt": 2}
        assert retry.run_after > timezone.now() + timedelta(minutes=5)
        for _ in range(2):
            DBTaskResult.objects.filter(status="READY").update(run_after=timezone.now())
            _run_due_tasks()

    assert mail.outbox == []
    assert _levels(caplog) == ["WARNING"] * 3 + ["ERROR"]
    assert not DBTaskResult.objects.filter(status="READY").exists()
    assert not DBTaskResult.objects.failed().exists()


def _run_due_tasks() -> None:
    """What `manage.py db_worker` does with each task that is due."""
    worker = Worker(
        queue_names=["default"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="test",
        excluded_queue_names=[],
    )
    while (result := DBTaskResult.objects.ready().first()) is not None:
        result.claim(worker.worker_id)
        worker.run_task(result)


def test_make_run_starts_the_worker_beside_the_server():
    script = ROOT / "scripts" / "serve-dev"
    assert os.access(script, os.X_OK)
    text = script.read_text()
    assert "manage.py db_worker" in text and "trap" in text
    assert "scripts/serve-dev" in (ROOT / "Makefile").read_text()
