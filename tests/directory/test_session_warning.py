"""The admin warns before the staff session ends, and "Stay logged in" moves the end."""

import re
from datetime import timedelta

import pytest
from django.contrib.sessions.models import Session

from tests.directory.test_staff_sessions import clock  # noqa: F401 (a fixture)
from tests.factories import make_editor

pytestmark = pytest.mark.django_db
URL = "/admin/sessionen/"


def _script(page: str) -> dict:
    tag = re.search(r'<script src="[^"]*staff-session\.js"[^>]*>', page, re.S)
    assert tag, "no warning script on the page"
    return dict(re.findall(r'data-([a-z-]+)="([^"]*)"', tag.group(0)))


def test_every_admin_page_has_the_warning_with_the_session_s_times(client):
    client.force_login(make_editor())
    data = _script(client.get("/admin/").text)
    assert data["idle"] == str(30 * 60)
    assert data["whole"] == str(12 * 3600)
    assert data["warn"] == str(5 * 60)
    assert data["url"] == URL
    assert data["csrf"]
    assert data["text-idle"] == "Du loggas ut kl. TIME om du inte gör något."
    assert data["button"] == "Fortsätt vara inloggad"
    assert "kan inte förlängas" in data["text-whole"]
    assert "12 timmar" in data["text-whole"]


def test_near_the_12_hour_limit_the_end_is_the_limit(client, clock):  # noqa: F811
    client.force_login(make_editor())
    client.get("/admin/")
    for _ in range(12 * 3 - 1):
        clock.travel(minutes=20)
        client.get("/admin/")
    data = _script(client.get("/admin/").text)
    assert data["idle"] == data["whole"] == str(20 * 60)


def test_the_login_page_and_the_public_site_have_no_warning(client):
    assert "staff-session.js" not in client.get("/admin/login/").text
    assert "staff-session.js" not in client.get("/").text


def test_stay_logged_in_moves_the_end(client, clock):  # noqa: F811
    client.force_login(make_editor())
    client.get("/admin/")
    clock.travel(minutes=27)
    response = client.post(URL)
    assert response.status_code == 200
    assert response.json() == {"idle": 30 * 60, "whole": 12 * 3600 - 27 * 60}
    assert Session.objects.get().expire_date == clock.now + timedelta(minutes=30)
    clock.travel(minutes=29)
    assert client.get("/admin/").status_code == 200


def test_stay_logged_in_needs_the_csrf_token(clock):  # noqa: F811
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(make_editor())
    assert client.post(URL).status_code == 403


def test_stay_logged_in_after_the_end_says_it_has_ended(client, clock):  # noqa: F811
    client.force_login(make_editor())
    client.get("/admin/")
    clock.travel(minutes=31)
    response = client.post(URL)
    assert response.status_code == 403
    assert response.json() == {"ended": True}


def test_the_session_s_end_is_only_asked_or_moved(client):
    client.force_login(make_editor())
    assert client.put(URL).status_code == 405
    assert client.delete(URL).status_code == 405


def test_asking_when_it_ends_does_not_move_the_end(client, clock):  # noqa: F811
    client.force_login(make_editor())
    client.get("/admin/")
    ends = Session.objects.get().expire_date
    clock.travel(minutes=10)
    response = client.get(URL)
    assert response.json() == {"idle": 20 * 60, "whole": 12 * 3600 - 10 * 60}
    assert Session.objects.get().expire_date == ends
    clock.travel(minutes=20, seconds=1)
    assert client.get(URL).status_code == 403
