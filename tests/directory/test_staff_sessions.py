"""Staff sessions end after 30 minutes idle and after 12 hours in all, on the server too."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.utils import timezone

from tests.factories import make_representative, make_staff_user

pytestmark = pytest.mark.django_db
PASSWORD = "korrekt-hast-batteri-1"


@pytest.fixture
def clock(monkeypatch):
    """Time travel: Django's sessions and the middleware read the time from timezone.now."""

    class Clock:
        now = timezone.now()

        def travel(self, **delta):
            self.now += timedelta(**delta)

    clock = Clock()
    monkeypatch.setattr(timezone, "now", lambda: clock.now)
    return clock


def _log_in_to_the_admin(client):
    staff = make_staff_user()
    staff.set_password(PASSWORD)
    staff.save()
    response = client.post(
        "/admin/login/?next=/admin/", {"username": staff.username, "password": PASSWORD}
    )
    assert response.status_code == 302
    return response


def _logged_in(client) -> bool:
    return client.get("/admin/").status_code == 200


def _session_ends() -> timezone.datetime:
    return Session.objects.get().expire_date


def test_the_defaults_are_30_minutes_idle_and_12_hours_in_all():
    assert settings.STAFF_SESSION_IDLE_SECONDS == 30 * 60
    assert settings.STAFF_SESSION_MAX_SECONDS == 12 * 3600


def test_the_login_itself_gives_a_session_of_the_idle_time(client, clock):
    response = _log_in_to_the_admin(client)
    assert response.cookies["sessionid"]["max-age"] == 30 * 60
    assert _session_ends() == clock.now + timedelta(minutes=30)


def test_staff_are_logged_out_after_30_minutes_idle(client, clock):
    _log_in_to_the_admin(client)
    clock.travel(minutes=29)
    assert _logged_in(client)
    clock.travel(minutes=29)  # each request starts the idle time again
    assert _logged_in(client)
    clock.travel(minutes=30, seconds=1)
    # The browser still sends the cookie; the server has forgotten the session.
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")
    assert not _logged_in(client)


def test_staff_are_logged_out_after_12_hours_however_active(client, clock):
    _log_in_to_the_admin(client)
    started = clock.now
    for _ in range(12 * 3 - 1):
        clock.travel(minutes=20)
        assert _logged_in(client)
    # 20 minutes before the end the session ends with the 12 hours, not 30 minutes later.
    assert clock.now == started + timedelta(hours=11, minutes=40)
    assert _session_ends() == started + timedelta(hours=12)
    clock.travel(minutes=19, seconds=59)
    assert _logged_in(client)
    clock.travel(seconds=1)
    assert not _logged_in(client)


def test_a_new_login_starts_the_12_hours_again(client, clock):
    _log_in_to_the_admin(client)
    for _ in range(12 * 3):
        clock.travel(minutes=20)
        _logged_in(client)
    assert not _logged_in(client)
    _log_in_to_the_admin(client)
    for _ in range(6 * 3):
        clock.travel(minutes=20)
        assert _logged_in(client)


def test_representatives_keep_the_ordinary_session(client, clock):
    client.force_login(make_representative().user)
    clock.travel(hours=13)
    assert client.get("/konto/").status_code == 200
    assert client.session.get_expiry_age() == settings.SESSION_COOKIE_AGE
