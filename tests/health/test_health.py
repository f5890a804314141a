"""/healthz, /readyz and the 503 page when the database is unavailable.

The failure is simulated where Django opens or uses a connection; counting those attempts
proves that the 503 page itself never asks the database for anything.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest
from django.db import InterfaceError, OperationalError, connection
from django.db.backends.postgresql.base import DatabaseWrapper
from django.test import Client
from psycopg_pool import PoolTimeout

ROOT = Path(__file__).resolve().parents[2]
REFUSED = 'connection failed: connection to server at "127.0.0.1", port 5432 failed: refused'


@pytest.fixture
def client():
    """A client that gets the answer a visitor gets, not the exception behind a 5xx."""
    return Client(raise_request_exception=False)


@pytest.fixture
def database_down(monkeypatch):
    """Every use of the database fails as when PostgreSQL is unreachable; lists the attempts."""
    attempts = []

    def refuse(self):
        attempts.append(self.alias)
        raise OperationalError(REFUSED)

    monkeypatch.setattr(DatabaseWrapper, "ensure_connection", refuse)
    return attempts


def _assert_unavailable_page(response, attempts):
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert "no-store" in response["Cache-Control"]
    assert response["Content-Type"].startswith("text/html")
    page = response.text
    assert "Traceback" not in page and "OperationalError" not in page and "5432" not in page
    assert '<link rel="stylesheet" href="/static/css/site.css">' in page
    assert 'name="robots" content="noindex"' in page
    # The one failed query of the view or the session; rendering the page asked nothing more.
    assert attempts == ["default"]


def test_page_answers_503_in_swedish_when_the_database_is_down(client, database_down):
    response = client.get("/ideer/?sida=2")
    _assert_unavailable_page(response, database_down)
    page = response.text
    assert '<html lang="sv">' in page
    assert "<h1>Öppna soc är tillfälligt otillgängligt</h1>" in page
    assert "Försök igen om en minut" in page
    assert '<a href="/ideer/?sida=2">Försök igen</a>' in page
    assert 'href="/en/ideer/?sida=2"' in page  # the language switcher still works


def test_page_answers_503_in_english_under_en(client, database_down):
    response = client.get("/en/moten/")
    _assert_unavailable_page(response, database_down)
    page = response.text
    assert '<html lang="en">' in page
    assert "<h1>Öppna soc is temporarily unavailable</h1>" in page
    assert "Please try again in a minute" in page
    assert "Försök" not in page


def test_a_logged_in_visitor_gets_503_when_the_session_cannot_be_read(client, database_down):
    """The session and the user are read in middleware, before any view."""
    client.cookies["sessionid"] = "s" * 32
    response = client.get("/")
    _assert_unavailable_page(response, database_down)
    assert "Logga in" not in response.text  # the account links would query the user


def test_a_comment_post_gets_503_without_a_retry_link(client, database_down):
    client.cookies["sessionid"] = "s" * 32
    response = client.post("/ideer/en-ide/kommentarer/", {"body": "Hej"})
    _assert_unavailable_page(response, database_down)
    assert "Försök igen</a>" not in response.text
    assert "kontrollera om den finns där" in response.text


def test_the_api_answers_a_json_503(client, database_down):
    response = client.get("/api/ideas/?page=2")
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert response["Content-Type"] == "application/json"
    assert response["Access-Control-Allow-Origin"] == "*"
    assert response.json() == {
        "status": 503,
        "message": "The database is unavailable. Try again in a while.",
    }
    assert database_down == ["default"]


@pytest.mark.parametrize(
    "error",
    [
        PoolTimeout("couldn't get a connection after 1.50 sec"),
        psycopg.OperationalError(REFUSED),
        psycopg.InterfaceError("the connection is closed"),
    ],
    ids=["pool-timeout", "connection-refused", "connection-closed"],
)
def test_psycopg_errors_are_wrapped_and_answered_503(client, monkeypatch, django_db_blocker, error):
    """The real path: the pool or psycopg fails while Django opens the connection."""
    attempts = []

    def fail(self, conn_params):
        attempts.append(self.alias)
        raise error

    with django_db_blocker.unblock():
        connection.close()  # a connection left open by an earlier test would hide the failure
        monkeypatch.setattr(DatabaseWrapper, "get_new_connection", fail)
        response = client.get("/moten/")
    _assert_unavailable_page(response, attempts)


def test_an_interface_error_in_a_query_is_answered_503(client, monkeypatch):
    attempts = []

    def closed(self):
        attempts.append(self.alias)
        raise InterfaceError("connection already closed")

    monkeypatch.setattr(DatabaseWrapper, "ensure_connection", closed)
    _assert_unavailable_page(client.get("/grupper/"), attempts)


def test_other_errors_still_give_the_500_page(client, monkeypatch):
    def broken(self):
        raise RuntimeError("a bug, not the database")

    monkeypatch.setattr(DatabaseWrapper, "ensure_connection", broken)
    response = client.get("/")
    assert response.status_code == 500
    assert "Retry-After" not in response
    assert "Något gick fel" in response.text


def test_healthz_answers_without_the_database(client, database_down):
    client.cookies["sessionid"] = "s" * 32
    response = client.get("/healthz", headers={"host": "10.0.0.7"})
    assert response.status_code == 200
    assert response.text == "ok\n"
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert "no-store" in response["Cache-Control"]
    assert not response.cookies
    assert database_down == []


def test_health_endpoints_only_answer_get_and_head(client, database_down):
    assert client.head("/healthz").status_code == 200
    assert client.post("/healthz").status_code == 405
    assert client.post("/readyz").status_code == 405


def test_health_endpoints_are_not_redirected_to_https(client, settings, database_down):
    settings.SECURE_SSL_REDIRECT = True
    assert client.get("/healthz").status_code == 200
    assert client.get("/").status_code == 301


def test_health_endpoints_are_outside_the_language_prefix(client, database_down):
    # The ordinary 404 page, which for a visitor without a session needs no database.
    assert client.get("/en/healthz").status_code == 404
    assert client.get("/en/readyz").status_code == 404
    assert database_down == []


@pytest.mark.django_db
def test_readyz_answers_ok_when_the_database_answers(client):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.text == "ok\n"
    assert "no-store" in response["Cache-Control"]
    assert not response.cookies


def test_readyz_answers_503_when_the_database_is_down(client, database_down):
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.text == "database unavailable\n"
    assert response["Retry-After"] == "30"
    assert "no-store" in response["Cache-Control"]
    assert database_down == ["default"]


def _database_settings(env: dict) -> dict:
    code = (
        "import json, django; django.setup(); from django.conf import settings; "
        "db = settings.DATABASES['default']; "
        "print(json.dumps({'OPTIONS': db['OPTIONS'], 'CHECKS': db['CONN_HEALTH_CHECKS']}))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=os.environ | {"DJANGO_SETTINGS_MODULE": "oppnasoc.settings"} | env,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return json.loads(result.stdout.splitlines()[-1])


@pytest.mark.parametrize("pool", ["true", "false"])
def test_connections_to_a_database_url_fail_fast(pool):
    url = "postgres://oppnasoc@db.example.se:5432/oppnasoc"
    db = _database_settings({"DATABASE_URL": url, "DATABASE_POOL": pool})
    assert db["OPTIONS"]["connect_timeout"] == 2
    assert db["CHECKS"] is True
    if pool == "true":
        assert db["OPTIONS"]["pool"]["timeout"] < 2
        assert db["OPTIONS"]["pool"]["reconnect_timeout"] <= 2
    else:
        assert "pool" not in db["OPTIONS"]


def test_a_connect_timeout_in_the_database_url_is_kept():
    url = "postgres://oppnasoc@db.example.se:5432/oppnasoc?connect_timeout=5"
    assert _database_settings({"DATABASE_URL": url})["OPTIONS"]["connect_timeout"] == 5


def test_the_embedded_database_fails_fast_too(settings):
    db = settings.DATABASES["default"]
    assert db["OPTIONS"]["connect_timeout"] == 2
    assert db["OPTIONS"]["pool"]["timeout"] < 2
    assert db["CONN_HEALTH_CHECKS"] is True
