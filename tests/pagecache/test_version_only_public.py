"""Only a change the public can see raises the content version and so empties the page cache.

A login, a session, a new password, a new account, a staff group, a follow, a notification,
an e-mail alert asked for, confirmed and sent, a lockout record and a statement that changes no
row leave every cached page valid. (A comment waiting for a moderator: test_freshness.py.)
"""

from importlib import import_module

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group as StaffGroup
from django.core import mail
from django.core.management import call_command
from django.db import connection

from alerts.models import Alert, Subscription
from alerts.tasks import alert_status_change
from ideas.follows import Notification
from ideas.models import Idea, Status
from ideas.tasks import notify_status_change
from portal import roles
from portal.versions import content_version
from tests.alerts.helpers import ask_and_confirm
from tests.factories import (
    change_status,
    make_comment,
    make_idea,
    make_representative,
    make_staff_user,
    make_theme,
)

pytestmark = pytest.mark.django_db

PASSWORD = "ett-långt-lösenord-för-test"


@pytest.fixture
def person():
    representative = make_representative(password=PASSWORD)
    make_comment(
        make_idea(),
        author=representative.user,
        organisation=representative.organisations.first(),
    )
    return representative.user


def _unchanged(act) -> None:
    before = content_version()
    act()
    assert content_version() == before


def test_a_login_and_a_logout(client, person):
    def log_in():
        response = client.post(
            "/konto/logga-in/", {"username": person.username, "password": PASSWORD}
        )
        assert response.status_code == 302  # in, and last_login written

    _unchanged(log_in)
    _unchanged(lambda: client.post("/konto/logga-ut/"))


def test_a_session_written_and_cleared():
    store = import_module(settings.SESSION_ENGINE).SessionStore()
    store["språk"] = "sv"
    _unchanged(store.save)
    _unchanged(lambda: call_command("clearsessions"))
    _unchanged(store.delete)


def test_following_an_idea_and_stopping(client, person):
    idea = make_idea()
    client.force_login(person)
    path = f"/ideer/{idea.slug}/folj/"
    _unchanged(lambda: client.post(path))
    assert person.follows.filter(idea=idea).exists()
    _unchanged(lambda: client.post(path, {"folj": "nej"}))
    assert not person.follows.exists()


def test_the_notification_a_follower_is_sent(client, person):
    idea = make_idea()
    client.force_login(person)
    client.post(f"/ideer/{idea.slug}/folj/")
    change = change_status(idea, Status.PREPARING)  # public: this one raises it

    _unchanged(lambda: notify_status_change.enqueue(change.pk))
    assert Notification.objects.get(user=person).sent_at is not None
    assert [message.to for message in mail.outbox] == [[person.email]]


def test_an_e_mail_alert_asked_for_confirmed_and_sent(client, django_capture_on_commit_callbacks):
    idea = make_idea()
    path = f"/bevakning/ide/{idea.slug}/"
    capture = django_capture_on_commit_callbacks
    _unchanged(lambda: ask_and_confirm(client, capture, path, "anna@example.org"))
    assert Subscription.objects.get().confirmed_at is not None
    change = change_status(idea, Status.PREPARING)

    _unchanged(lambda: alert_status_change.enqueue(change.pk))
    assert Alert.objects.get().done_at is not None


def test_a_failed_login_and_its_lockout_record(client, person):
    def fail():
        for _ in range(6):
            client.post("/konto/logga-in/", {"username": person.username, "password": "fel"})

    _unchanged(fail)


def test_a_new_password(person):
    def change():
        person.set_password("ett-annat-långt-lösenord")
        person.save()

    _unchanged(change)


def test_a_new_account_and_a_staff_group(person):
    _unchanged(lambda: make_staff_user("ny-medarbetare"))
    group = StaffGroup.objects.get(name=roles.EDITOR)
    _unchanged(lambda: person.groups.add(group))
    _unchanged(lambda: person.groups.remove(group))


def test_a_statement_that_changes_no_row():
    make_idea()
    _unchanged(lambda: Idea.objects.filter(pk=-1).update(title="Ingen"))
    _unchanged(lambda: Idea.objects.filter(pk=-1).delete())
    with connection.cursor() as cursor:
        _unchanged(lambda: cursor.execute("UPDATE meetings_meeting SET title = title WHERE false"))


def test_a_new_name_is_seen_on_the_writers_comments(person):
    before = content_version()
    get_user_model().objects.filter(pk=person.pk).update(first_name="Annika")
    assert content_version() != before


def test_a_change_to_public_content_still_raises_it():
    idea = make_idea()
    before = content_version()
    Idea.objects.filter(pk=idea.pk).update(title="Ny rubrik")
    after = content_version()
    assert after != before
    theme = make_theme()
    created = content_version()
    assert created != after
    theme.delete()
    assert content_version() != created
