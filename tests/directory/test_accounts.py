"""Accounts: staff invite representatives, who choose a password, log in and manage their account.

Pages whose text is checked are fetched in English (/en/); the admin is always in Swedish, so
its messages are checked through the response's context instead of their wording.
"""

import re
from datetime import datetime, timedelta

import pytest
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.models import User
from django.core import mail
from django.urls import reverse

from directory.models import Representative
from directory.tokens import invitation_tokens
from ideas.models import Follow
from tests.factories import (
    make_idea,
    make_organisation,
    make_representative,
    make_staff_user,
)

pytestmark = pytest.mark.django_db

PASSWORD = "korrekt-hast-batteri-1"
NEW_PASSWORD = "ett-nytt-och-langt-losenord-42"
ADD_URL = reverse("admin:directory_representative_add")
CHANGELIST_URL = reverse("admin:directory_representative_changelist")


def _link(message, kind: str) -> str:
    """The path of the one-time link in an e-mail (the host is SITE_URL)."""
    match = re.search(rf"{re.escape(settings.SITE_URL)}(\S*/konto/{kind}/\S+/)", message.body)
    assert match, message.body
    return match[1]


def _invite(admin_client, capture, **data):
    data = {
        "organisations": [make_organisation().pk],
        "first_name": "Anna",
        "last_name": "Berg",
        "email": "Anna.Berg@Example.org",
        "notify": Representative.Notify.IMMEDIATELY,
        **data,
    }
    with capture(execute=True):
        return admin_client.post(ADD_URL, data)


def _choose_password(client, path: str, password: str = NEW_PASSWORD):
    response = client.get(path)
    assert response.status_code == 302  # the token moves into the session, out of the address
    form_url = response.url
    assert client.get(form_url).status_code == 200
    return client.post(form_url, {"new_password1": password, "new_password2": password})


def _login(client, username, password, **extra):
    return client.post("/en/konto/logga-in/", {"username": username, "password": password}, **extra)


# Invitations


def test_staff_invite_creates_account_and_sends_a_link_to_choose_a_password(
    admin_client, client, django_capture_on_commit_callbacks
):
    organisation = make_organisation(name="RFHL Helsingborg")
    other = make_organisation(name="Anhörigföreningen")

    response = _invite(
        admin_client, django_capture_on_commit_callbacks, organisations=[organisation.pk, other.pk]
    )

    assert response.status_code == 302
    representative = Representative.objects.get()
    user = representative.user
    assert user.username == user.email == "anna.berg@example.org"
    assert (user.first_name, user.last_name) == ("Anna", "Berg")
    assert not user.has_usable_password()
    assert not user.is_staff
    assert set(representative.organisations.all()) == {organisation, other}
    assert representative.invited_at is not None
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["anna.berg@example.org"]
    assert "Öppna soc" in message.subject
    assert "Öppna soc" in message.body
    assert "RFHL Helsingborg" in message.body
    assert "Anhörigföreningen" in message.body
    path = _link(message, "inbjudan")
    assert path.startswith("/konto/inbjudan/")  # Swedish, the portal's first language

    response = _choose_password(client, path)

    assert response.status_code == 302
    assert response.url == "/konto/"  # logged in at once
    assert client.get("/konto/").context["user"] == user
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)
    client.post("/konto/logga-ut/")
    response = _login(client, "anna.berg@example.org", NEW_PASSWORD)
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)


def test_invitation_is_sent_after_the_commit_not_inside_the_request(
    admin_client, django_capture_on_commit_callbacks
):
    organisation = make_organisation()
    with django_capture_on_commit_callbacks() as callbacks:
        admin_client.post(
            ADD_URL,
            {
                "first_name": "Anna",
                "last_name": "Berg",
                "email": "anna@example.org",
                "organisations": [organisation.pk],
                "notify": Representative.Notify.DAILY,
            },
        )
    assert len(callbacks) == 1
    assert mail.outbox == []


def test_invitation_link_works_once_only(admin_client, client, django_capture_on_commit_callbacks):
    _invite(admin_client, django_capture_on_commit_callbacks)
    path = _link(mail.outbox[0], "inbjudan")
    _choose_password(client, path)
    client.post("/konto/logga-ut/")

    response = client.get("/en" + path)

    assert response.status_code == 200
    assert response.context["validlink"] is False
    assert "The invitation link has expired or has already been used" in response.text
    assert 'href="/en/konto/losenord/"' in response.text  # how to get a new one
    assert "new_password1" not in response.text


def test_invitation_link_expires_after_password_reset_timeout(
    admin_client, client, settings, monkeypatch, django_capture_on_commit_callbacks
):
    settings.PASSWORD_RESET_TIMEOUT = 3600
    _invite(admin_client, django_capture_on_commit_callbacks)
    path = _link(mail.outbox[0], "inbjudan")
    sent = datetime.now()

    monkeypatch.setattr(invitation_tokens, "_now", lambda: sent + timedelta(minutes=59))
    assert client.get(path).status_code == 302  # still valid

    monkeypatch.setattr(invitation_tokens, "_now", lambda: sent + timedelta(minutes=61))
    response = client.get(path)
    assert response.status_code == 200
    assert response.context["validlink"] is False
    assert not User.objects.get(username="anna.berg@example.org").has_usable_password()


def test_resending_an_invitation_ends_the_older_link(
    admin_client, client, django_capture_on_commit_callbacks
):
    _invite(admin_client, django_capture_on_commit_callbacks)
    older = _link(mail.outbox[0], "inbjudan")
    representative = Representative.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(
            CHANGELIST_URL, {"action": "resend_invitation", "_selected_action": [representative.pk]}
        )
    newer = _link(mail.outbox[1], "inbjudan")

    response = client.get(older)
    assert response.status_code == 200 and response.context["validlink"] is False
    assert _choose_password(client, newer).status_code == 302


def test_reset_and_invitation_links_do_not_work_as_each_other(
    admin_client, client, django_capture_on_commit_callbacks
):
    _invite(admin_client, django_capture_on_commit_callbacks)
    invitation = _link(mail.outbox[0], "inbjudan")
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/konto/losenord/", {"email": "anna.berg@example.org"})
    reset = _link(mail.outbox[1], "aterstall")

    as_reset = client.get(invitation.replace("/inbjudan/", "/aterstall/"))
    as_invitation = client.get(reset.replace("/aterstall/", "/inbjudan/"))

    assert as_reset.status_code == 200 and as_reset.context["validlink"] is False
    assert as_invitation.status_code == 200 and as_invitation.context["validlink"] is False
    assert _choose_password(client, reset).status_code == 302, "each works as itself"


def test_duplicate_email_is_refused_with_a_message(
    admin_client, django_capture_on_commit_callbacks
):
    make_representative(email="anna.berg@example.org")

    response = _invite(admin_client, django_capture_on_commit_callbacks)

    assert response.status_code == 200
    errors = response.context["adminform"].form.errors.as_data()["email"]
    assert [e.code for e in errors] == ["duplicate"]
    assert errors[0].message % errors[0].params in response.text
    assert "anna.berg@example.org" in response.text
    assert 'value="Anna.Berg@Example.org"' in response.text  # what was typed is kept
    assert User.objects.count() == 2  # the representative and the admin
    assert mail.outbox == []


def test_resend_invitation_action_sends_again_only_to_those_without_a_password(
    admin_client, django_capture_on_commit_callbacks
):
    waiting = make_representative(password=None)
    active = make_representative()
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            CHANGELIST_URL,
            {"action": "resend_invitation", "_selected_action": [waiting.pk, active.pk]},
            follow=True,
        )
    assert [m.to for m in mail.outbox] == [[waiting.user.email]]
    assert "/konto/inbjudan/" in mail.outbox[0].body
    waiting.refresh_from_db()
    assert waiting.invited_at is not None
    levels = [m.level for m in response.context["messages"]]
    assert levels == [messages.SUCCESS, messages.WARNING]  # sent to one, the other skipped


def test_invited_representative_can_get_a_new_link_from_password_reset(
    client, django_capture_on_commit_callbacks
):
    representative = make_representative(password=None)
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/konto/losenord/", {"email": representative.user.email})
    assert len(mail.outbox) == 1
    assert _choose_password(client, _link(mail.outbox[0], "aterstall")).status_code == 302
    representative.user.refresh_from_db()
    assert representative.user.has_usable_password()


# Logging in and out


def test_login_redirects_to_the_account_or_to_next(client):
    make_representative(email="anna@example.org")
    assert _login(client, "anna@example.org", PASSWORD).url == "/en/konto/"
    client.post("/konto/logga-ut/")
    response = client.post(
        "/konto/logga-in/",
        {"username": "Anna@Example.org", "password": PASSWORD, "next": "/ideer/"},
    )
    assert response.url == "/ideer/"


def test_login_page_keeps_next_in_the_form(client):
    response = client.get("/konto/logga-in/?next=/ideer/")
    assert '<input type="hidden" name="next" value="/ideer/">' in response.text


def test_failed_login_says_what_is_wrong_and_keeps_the_username(client):
    make_representative(email="anna@example.org")

    response = _login(client, "anna@example.org", "fel-losenord")

    assert response.status_code == 200
    page = response.text
    assert "The e-mail address or the password is wrong" in page
    assert 'class="error-summary"' in page
    assert 'value="anna@example.org"' in page
    assert 'aria-describedby="form-error"' in page
    assert "fel-losenord" not in page
    assert "_auth_user_id" not in client.session


def test_logout_is_post_only(client):
    representative = make_representative()
    client.force_login(representative.user)

    assert client.get("/konto/logga-ut/").status_code == 405
    response = client.post("/konto/logga-ut/")

    assert response.status_code == 302
    assert response.url == "/"
    assert "_auth_user_id" not in client.session


def test_lockout_after_five_failures_refuses_even_the_right_password(client):
    make_representative(email="anna@example.org")
    address = {"REMOTE_ADDR": "203.0.113.5"}
    attempts = [_login(client, "anna@example.org", "fel-losenord", **address) for _ in range(5)]
    assert [r.status_code for r in attempts[:4]] == [200] * 4  # told what is wrong, each time

    response = _login(client, "anna@example.org", PASSWORD, **address)

    assert response.status_code in (403, 429)
    assert "registration/locked_out.html" in [t.name for t in response.templates]
    assert "Logging in is blocked for a while" in response.text
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    assert f"Wait {minutes} minutes and try again." in response.text
    assert 'class="site-header"' in response.text  # in the portal's design
    assert "_auth_user_id" not in client.session
    # The account name is locked from other addresses too.
    other = _login(client, "anna@example.org", PASSWORD, REMOTE_ADDR="198.51.100.7")
    assert other.status_code in (403, 429)


def test_admin_login_is_protected_by_the_lockout_too(client):
    User.objects.create_superuser("chef", "chef@example.org", PASSWORD)
    url = reverse("admin:login")
    for _ in range(5):
        client.post(url, {"username": "chef", "password": "fel"}, REMOTE_ADDR="203.0.113.9")

    response = client.post(url, {"username": "chef", "password": PASSWORD})

    assert response.status_code in (403, 429)
    assert "registration/locked_out.html" in [t.name for t in response.templates]


# The account page


def test_account_page_requires_login(client):
    response = client.get("/konto/")
    assert response.status_code == 302
    assert response.url == "/konto/logga-in/?next=/konto/"


def test_account_page_shows_name_organisations_and_followed_ideas(client):
    organisation = make_organisation(name="RFHL Helsingborg", slug="rfhl")
    representative = make_representative(
        first_name="Anna", last_name="Berg", organisations=[organisation]
    )
    idea = make_idea(title="Kvällsöppet på mottagningen", slug="kvallsoppet")
    make_idea(title="En idé som ingen följer")
    Follow.objects.create(user=representative.user, idea=idea)
    client.force_login(representative.user)

    page = client.get("/en/konto/").text

    assert "Anna Berg" in page
    assert '<a href="/en/organisationer/rfhl/" lang="sv">RFHL Helsingborg</a>' in page
    assert 'href="/en/ideer/kvallsoppet/"' in page
    assert "En idé som ingen följer" not in page
    assert 'type="radio"' in page


def test_account_page_query_count_does_not_grow_with_follows(client, django_assert_max_num_queries):
    representative = make_representative()
    client.force_login(representative.user)
    for _ in range(5):
        Follow.objects.create(user=representative.user, idea=make_idea())
    with django_assert_max_num_queries(8):
        assert client.get("/konto/").status_code == 200


def test_account_page_saves_the_notify_preference(client):
    representative = make_representative()
    client.force_login(representative.user)

    response = client.post("/en/konto/", {"notify": Representative.Notify.DAILY})

    assert response.status_code == 302
    assert response.url == "/en/konto/"
    representative.refresh_from_db()
    assert representative.notify == Representative.Notify.DAILY
    assert "Your choice is saved." in client.get(response.url).text


def test_account_page_refuses_an_unknown_notify_choice(client):
    representative = make_representative()
    client.force_login(representative.user)

    response = client.post("/en/konto/", {"notify": "hourly"})

    assert response.status_code == 200
    assert 'class="error-summary"' in response.text
    assert 'aria-describedby="id_notify_error"' in response.text
    representative.refresh_from_db()
    assert representative.notify == Representative.Notify.IMMEDIATELY


def test_account_page_wrong_method_is_405(client):
    client.force_login(make_representative().user)
    assert client.put("/konto/").status_code == 405


def test_staff_without_organisation_see_their_account_without_the_notify_form(client):
    client.force_login(make_staff_user())
    response = client.get("/konto/")
    assert response.status_code == 200
    assert response.context["form"] is None


# Password reset


def test_password_reset_sends_an_email_with_a_link(client, django_capture_on_commit_callbacks):
    representative = make_representative(email="anna@example.org")

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/konto/losenord/", {"email": "Anna@Example.org"})

    assert response.status_code == 302
    assert response.url == "/konto/losenord/skickat/"
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["anna@example.org"]
    response = _choose_password(client, _link(mail.outbox[0], "aterstall"))
    assert response.url == "/konto/losenord/klart/"
    representative.user.refresh_from_db()
    assert representative.user.check_password(NEW_PASSWORD)


def test_password_reset_in_english_links_to_the_english_page(
    client, django_capture_on_commit_callbacks
):
    representative = make_representative()
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/en/konto/losenord/", {"email": representative.user.email})
    assert _link(mail.outbox[0], "aterstall").startswith("/en/konto/aterstall/")


def test_password_reset_for_an_unknown_address_sends_nothing_but_says_the_same(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/konto/losenord/", {"email": "ingen@example.org"})
    assert response.url == "/konto/losenord/skickat/"
    assert mail.outbox == []


def test_password_reset_does_the_same_work_for_an_unknown_address(client, settings):
    """The answer's time must not tell whether an address has an account: the same queries, and
    a task queued either way (the worker finds no one to write to)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": settings.TASK_QUEUES}
    }
    make_representative(email="anna@example.org")

    def statements(address):
        with CaptureQueriesContext(connection) as queries:
            response = client.post("/konto/losenord/", {"email": address})
        assert response.url == "/konto/losenord/skickat/"
        return [re.sub(r"'[^']*'|\b\d+\b", "?", q["sql"]) for q in queries]

    assert statements("anna@example.org") == statements("ingen@example.org")
    known, unknown = DBTaskResult.objects.order_by("enqueued_at")
    assert len(known.args_kwargs["args"][0]) == 1
    assert unknown.args_kwargs["args"][0] == []


def test_password_reset_is_limited_per_address_and_per_visitor(
    client, django_capture_on_commit_callbacks
):
    make_representative(email="anna@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        to_anna = [
            client.post(
                "/en/konto/losenord/", {"email": "anna@example.org"}, REMOTE_ADDR=f"198.51.100.{n}"
            )
            for n in range(4)
        ]
    assert [r.status_code for r in to_anna] == [302, 302, 302, 429], "three an hour to one address"
    assert len(mail.outbox) == 3
    assert "Wait an hour" in to_anna[-1].text
    assert 'value="anna@example.org"' in to_anna[-1].text, "the address is kept"

    # An address that is no one's is limited alike, so the limit tells nothing either.
    to_no_one = [
        client.post("/konto/losenord/", {"email": "ingen@example.org"}).status_code
        for _ in range(4)
    ]
    assert to_no_one == [302, 302, 302, 429]

    # One visitor asking for many addresses: ten an hour.
    answers = [
        client.post(
            "/konto/losenord/", {"email": f"person{n}@example.org"}, REMOTE_ADDR="203.0.113.9"
        ).status_code
        for n in range(11)
    ]
    assert answers == [302] * 10 + [429]


# Sessions and cookies


def test_staff_session_expires_after_the_idle_time(client):
    client.force_login(make_staff_user())
    client.get("/")
    assert client.session.get_expiry_age() == settings.STAFF_SESSION_IDLE_SECONDS


def test_representative_session_keeps_the_ordinary_length(client):
    client.force_login(make_representative().user)
    client.get("/")
    assert client.session.get_expiry_age() == settings.SESSION_COOKIE_AGE
    assert settings.SESSION_COOKIE_AGE > settings.STAFF_SESSION_IDLE_SECONDS


@pytest.mark.parametrize("path", ["/", "/integritet/", "/en/integritet/"])
def test_anonymous_visitors_get_no_cookies(client, path):
    assert client.get(path).cookies == {}


def test_login_page_sets_no_session_cookie(client):
    response = client.get("/konto/logga-in/")
    assert response.status_code == 200
    # The CSRF cookie protects the form and is strictly necessary; a session cookie is not.
    assert settings.SESSION_COOKIE_NAME not in response.cookies


# The header and the privacy page


def test_header_has_login_link_with_next_for_anonymous_visitors(client):
    page = client.get("/ideer/").text
    assert 'href="/konto/logga-in/?next=/ideer/"' in page
    assert "/konto/logga-ut/" not in page


def test_header_shows_the_name_and_a_logout_button_when_logged_in(client):
    client.force_login(make_representative(first_name="Anna", last_name="Berg").user)
    page = client.get("/en/").text
    assert "Anna Berg</a>" in page
    assert 'action="/en/konto/logga-ut/"' in page


def test_privacy_page_says_what_is_stored_and_is_linked_from_every_page(client):
    make_organisation(
        name="Socialförvaltningen",
        kind="department",
        contact_email="socialforvaltningen@example.se",
    )
    page = client.get("/en/integritet/").text
    assert "Comments are public records" in page
    assert "unpublished" in page
    assert "mailto:socialforvaltningen@example.se" in page
    assert "sessionid" in page
    assert 'href="/integritet/"' in client.get("/").text


def test_behind_the_proxy_one_visitors_failures_lock_out_only_that_visitor(client, settings):
    """Two visitors behind one proxy: X-Forwarded-For tells them apart, REMOTE_ADDR cannot."""
    settings.TRUSTED_PROXIES = 1
    make_representative(email="anna@example.org")
    make_representative(email="bo@example.org")
    proxy = {"REMOTE_ADDR": "10.0.0.2"}
    attacker = {"HTTP_X_FORWARDED_FOR": "203.0.113.5", **proxy}
    for _ in range(5):
        _login(client, "nobody@example.org", "fel-losenord", **attacker)
    locked = _login(client, "anna@example.org", PASSWORD, **attacker)
    assert locked.status_code in (403, 429), "the visitor who failed is locked out"

    other = _login(client, "bo@example.org", PASSWORD, HTTP_X_FORWARDED_FOR="198.51.100.7", **proxy)
    assert other.status_code == 302, "everyone else behind the proxy can still log in"
    client.logout()
    # An address the attacker writes in front of the proxy's own changes nothing.
    spoofed = _login(
        client,
        "anna@example.org",
        PASSWORD,
        HTTP_X_FORWARDED_FOR="198.51.100.7, 203.0.113.5",
        **proxy,
    )
    assert spoofed.status_code in (403, 429)
