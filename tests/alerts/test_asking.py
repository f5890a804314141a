"""Asking for e-mail alerts without an account: double opt-in, the same answer for every address,
the limits, no cookie, and unconfirmed addresses gone after a week."""

import re
from datetime import timedelta
from unittest import mock

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from alerts.models import Subscriber, Subscription
from ideas.models import Status
from tests.alerts.helpers import ask, ask_and_confirm, links
from tests.factories import change_status, make_group, make_idea

pytestmark = pytest.mark.django_db

EMAIL = "Anna.Andersson@Example.org"


@pytest.fixture
def capture(django_capture_on_commit_callbacks):
    return django_capture_on_commit_callbacks


@pytest.fixture
def idea():
    return make_idea(title="Ledsagning till tandläkaren")


def _idea_path(idea) -> str:
    return f"/bevakning/ide/{idea.slug}/"


def test_nothing_is_sent_before_the_link_in_the_mail_is_opened(client, capture, idea):
    answer = ask(client, capture, _idea_path(idea), EMAIL)
    assert answer.status_code == 302
    assert answer["Location"] == "/bevakning/skickat/"
    [message] = mail.outbox
    assert message.to == ["anna.andersson@example.org"]
    assert "Ledsagning till tandläkaren" in message.body

    with capture(execute=True):
        change_status(idea, Status.PREPARING)
    assert len(mail.outbox) == 1  # not confirmed: nothing

    confirm = links(message)["bekrafta"]
    page = client.get(confirm)  # a link checker opening it confirms nothing
    assert page.status_code == 200
    assert "Ja, skicka e-post till mig" in page.text
    assert Subscription.objects.get().confirmed_at is None
    assert client.post(confirm).status_code == 200
    assert Subscription.objects.get().confirmed_at is not None

    with capture(execute=True):
        change_status(idea, Status.REJECTED, explanation="Det finns inga pengar i år.")
    assert len(mail.outbox) == 2
    assert "Det finns inga pengar i år." in mail.outbox[1].body


def _statements(queries) -> list[str]:
    """The statements without their values, which differ with the address and the ids."""
    return [re.sub(r"'[^']*'|\d+", "?", query["sql"]) for query in queries]


def test_a_known_and_an_unknown_address_get_the_same_answer_with_the_same_work(
    client, capture, idea
):
    ask_and_confirm(client, capture, _idea_path(idea), "known@example.org")
    ask(client, capture, _idea_path(idea), "waiting@example.org")
    mail.outbox.clear()

    answers, work = {}, {}
    for email in ["known@example.org", "waiting@example.org", "new@example.org"]:
        with capture(execute=False) as queued, CaptureQueriesContext(connection) as queries:
            answer = client.post(_idea_path(idea), {"email": email})
        answers[email] = (answer.status_code, answer["Location"], answer.content)
        work[email] = (_statements(queries.captured_queries), len(queued))
    assert len(set(answers.values())) == 1
    assert work["known@example.org"] == work["new@example.org"] == work["waiting@example.org"]
    assert work["new@example.org"][1] == 1  # one mail queued in every case
    assert sum("ON CONFLICT" in statement for statement in work["new@example.org"][0]) == 2

    # The mail tells the owner of a known address that nothing changed.
    with capture(execute=True):
        client.post(_idea_path(idea), {"email": "known@example.org"})
    [message] = mail.outbox
    assert "redan" in message.subject
    assert "bekrafta" not in message.body
    assert Subscription.objects.filter(subscriber__email="known@example.org").count() == 1


def test_a_stranger_cannot_change_what_a_subscriber_chose(client, capture, idea):
    ask_and_confirm(client, capture, _idea_path(idea), "known@example.org")
    ask(client, capture, _idea_path(idea), "known@example.org",
        frequency="weekly", comments="on")  # fmt: skip
    subscription = Subscription.objects.get()
    assert subscription.frequency == Subscription.Frequency.IMMEDIATELY
    assert subscription.comments is False


def test_the_choices_are_kept_when_the_owner_confirms(client, capture, idea):
    path = f"/en{_idea_path(idea)}"
    ask_and_confirm(client, capture, path, EMAIL,
                    frequency="weekly", comments="on")  # fmt: skip
    subscription = Subscription.objects.select_related("subscriber").get()
    assert subscription.frequency == Subscription.Frequency.WEEKLY
    assert subscription.comments is True
    assert subscription.subscriber.language == "en"


def test_a_mistake_shows_the_form_again_and_stores_nothing(client, idea):
    answer = client.post(_idea_path(idea), {"email": "inte en adress"})
    assert answer.status_code == 200
    assert "Skriv e-postadressen som namn@example.se." in answer.text
    assert 'aria-invalid="true"' in answer.text
    assert not Subscriber.objects.exists()


@pytest.mark.parametrize("method", ["put", "delete"])
def test_the_pages_refuse_other_methods(client, idea, method):
    assert getattr(client, method)(_idea_path(idea)).status_code == 405
    assert getattr(client, method)("/bevakning/bekrafta/x/").status_code == 405


def test_each_visitor_may_ask_so_many_times(client, settings, idea):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "alerts": "2/h"}
    for number in range(2):
        assert client.post(_idea_path(idea), {"email": f"a{number}@example.org"}).status_code == 302
    refused = client.post(_idea_path(idea), {"email": "a3@example.org"})
    assert refused.status_code == 429
    assert not Subscriber.objects.filter(email="a3@example.org").exists()


def test_each_address_gets_so_many_mails_whoever_asks(settings, capture, idea):
    settings.ALERTS_PER_ADDRESS_RATE = "2/h"
    for number in range(2):
        visitor = Client(REMOTE_ADDR=f"10.0.0.{number}")
        answer = ask(visitor, capture, _idea_path(idea), EMAIL)
        assert answer.status_code == 302
    visitor = Client(REMOTE_ADDR="10.0.0.9")
    refused = ask(visitor, capture, _idea_path(idea), EMAIL.upper())
    assert refused.status_code == 429
    assert "Vänta en timme" in refused.text
    assert len(mail.outbox) == 2
    other = ask(visitor, capture, _idea_path(idea), "b@example.org")
    assert other.status_code == 302


def test_the_pages_and_the_answer_set_no_cookie(client, capture, idea):
    group = make_group()
    for path in [
        idea.get_absolute_url(),
        group.get_absolute_url(),
        "/ideer/",
        "/moten/",
        _idea_path(idea),
        f"/bevakning/grupp/{group.slug}/",
        f"/bevakning/grupp/{group.slug}/minnesanteckningar/",
        "/bevakning/beslut/",
        "/bevakning/minnesanteckningar/",
        "/bevakning/skickat/",
    ]:
        page = client.get(path)
        assert page.status_code == 200, path
        assert page.cookies == {}, path
        assert "csrfmiddlewaretoken" not in page.text, path
    answer = ask(client, capture, _idea_path(idea), EMAIL)
    assert answer.cookies == {}
    confirm = links(mail.outbox[0])["bekrafta"]
    for answer in [client.get(confirm), client.post(confirm)]:
        assert answer.cookies == {}
        assert "no-store" in answer["Cache-Control"]


def test_an_unconfirmed_address_is_gone_after_seven_days(client, capture, idea):
    start = timezone.now()
    ask(client, capture, _idea_path(idea), "waiting@example.org")
    ask_and_confirm(client, capture, _idea_path(idea), EMAIL)
    confirm = links(mail.outbox[0])["bekrafta"]

    with mock.patch("django.utils.timezone.now", return_value=start + timedelta(days=6)):
        call_command("delete_unconfirmed_alerts")
    assert Subscriber.objects.filter(email="waiting@example.org").exists()

    later = start + timedelta(days=7, minutes=1)
    with mock.patch("django.utils.timezone.now", return_value=later):
        call_command("delete_unconfirmed_alerts")
    assert list(Subscriber.objects.values_list("email", flat=True)) == [EMAIL.lower()]

    # Its link leads nowhere now, whether the row or the signature's age stops it.
    with mock.patch("time.time", return_value=later.timestamp()):
        assert client.get(confirm).status_code == 404
    with capture(execute=True):
        change_status(idea, Status.PREPARING)
    assert [message.to for message in mail.outbox[2:]] == [[EMAIL.lower()]]


def test_a_changed_link_leads_nowhere(client):
    for kind in ["bekrafta", "avsluta", "hantera"]:
        answer = client.get(f"/bevakning/{kind}/eyJuIjoxfQ:1vX:fel/")
        assert answer.status_code == 404
        assert "Länken fungerar inte längre" in answer.text
