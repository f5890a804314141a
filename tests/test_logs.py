"""Logs are JSON lines with the request id, and hold no token, e-mail address, password or IP."""

import io
import json
import logging
import time
import urllib.error
import urllib.parse
import urllib.request
from http.cookiejar import CookieJar
from pathlib import Path

import pytest

from portal.logs import JsonFormatter, redact
from tests.factories import make_representative

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "Hemligt-losen-42"
TOKEN = "cz7x1k-0123456789abcdef0123456789abcdef"


@pytest.fixture
def log_output():
    """What the application logs during the test, formatted as in production."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    root = logging.getLogger()
    root.addHandler(handler)
    yield stream
    root.removeHandler(handler)


def _lines(text: str) -> list[dict]:
    """Every line is one JSON object with the fields every log line has."""
    lines = [json.loads(line) for line in text.splitlines()]
    for line in lines:
        assert {"time", "level", "logger", "request_id", "message"} <= line.keys(), line
    return lines


def _assert_nothing_personal(text: str, *secrets: str):
    for secret in (*secrets, PASSWORD, TOKEN, "@example.org", "127.0.0.1", "csrfmiddlewaretoken"):
        assert secret not in text, secret


@pytest.mark.django_db
def test_a_404_is_one_json_line_with_the_request_id_of_its_response(client, log_output):
    response = client.get(f"/konto/aterstall/MQ/{TOKEN}/mer/?q=anna@example.org")
    assert response.status_code == 404
    [line] = [line for line in _lines(log_output.getvalue()) if line["logger"] == "django.request"]
    assert line["level"] == "WARNING"
    assert line["request_id"] == response["X-Request-ID"]
    assert line["message"] == "Not Found: /konto/aterstall/[redacted]/"
    _assert_nothing_personal(log_output.getvalue())


@pytest.mark.django_db
def test_a_failed_login_logs_neither_the_account_nor_the_address_nor_the_password(
    client, log_output
):
    representative = make_representative(email="anna.berg@example.org")
    response = client.post(
        "/konto/logga-in/", {"username": "anna.berg@example.org", "password": PASSWORD}
    )
    assert response.status_code == 200
    lines = _lines(log_output.getvalue())
    assert any(line["logger"].startswith("axes") for line in lines)
    assert {line["request_id"] for line in lines} == {response["X-Request-ID"]}
    _assert_nothing_personal(log_output.getvalue(), representative.user.email)


@pytest.mark.django_db
def test_a_password_reset_link_logs_no_token(client, log_output):
    response = client.get(f"/konto/aterstall/MQ/{TOKEN}/")
    assert response.status_code == 200
    _lines(log_output.getvalue())
    _assert_nothing_personal(log_output.getvalue())


@pytest.mark.django_db
def test_a_safe_request_id_from_the_proxy_is_kept(client):
    response = client.get("/", headers={"X-Request-ID": "f3b2c1d0-aaaa-4bbb-8ccc-0123456789ab"})
    assert response["X-Request-ID"] == "f3b2c1d0-aaaa-4bbb-8ccc-0123456789ab"


@pytest.mark.django_db
@pytest.mark.parametrize("sent", ["", "short", "a b c d e f g h", 'x"}\n{"level":"x', "a" * 200])
def test_an_unsafe_request_id_is_replaced_by_a_new_one(client, sent):
    response = client.get("/", headers={"X-Request-ID": sent})
    assert response["X-Request-ID"] != sent
    assert len(response["X-Request-ID"]) == 32
    assert int(response["X-Request-ID"], 16) >= 0


@pytest.mark.django_db
def test_each_request_gets_its_own_id(client):
    assert client.get("/")["X-Request-ID"] != client.get("/")["X-Request-ID"]


def test_log_lines_outside_a_request_have_no_request_id(log_output):
    logging.getLogger("ideas.tasks").warning("Sending failed for user %s", 42)
    [line] = _lines(log_output.getvalue())
    assert line["request_id"] is None
    assert line["message"] == "Sending failed for user 42"


def test_an_exception_is_kept_in_the_same_line_and_redacted(log_output):
    try:
        raise ValueError("Key (email)=(anna.berg@example.org) already exists.")
    except ValueError:
        logging.getLogger("django.request").exception("Internal Server Error: /sok/?q=mitt+namn")
    [line] = _lines(log_output.getvalue())
    assert line["message"] == "Internal Server Error: /sok/?[redacted]"
    assert "ValueError: Key (email)=([e-mail]) already exists." in line["exception"]
    assert "mitt+namn" not in log_output.getvalue()


@pytest.mark.parametrize(
    ("text", "redacted"),
    [
        (f"/konto/inbjudan/MQ/{TOKEN}/", "/konto/inbjudan/[redacted]/"),
        (f"/en/konto/aterstall/MQ/{TOKEN}/", "/en/konto/aterstall/[redacted]/"),
        ("/konto/aterstall/MQ/set-password/", "/konto/aterstall/[redacted]/"),
        ("GET /ideer/?status=beslutad&sida=2 HTTP/1.1", "GET /ideer/?[redacted] HTTP/1.1"),
        ("mail to anna.berg+x@kommun.example.se failed", "mail to [e-mail] failed"),
        ("from 192.168.10.20 via proxy", "from [ip] via proxy"),
        ("Not Found: /moten/2026/", "Not Found: /moten/2026/"),
    ],
)
def test_redact(text, redacted):
    assert redact(text) == redacted


# gunicorn's own access and error logs, with the settings in oppnasoc/gunicorn.conf.py


def _fetch(opener, url, data=None, headers=None):
    request = urllib.request.Request(url, data=data, headers=headers or {})
    try:
        with opener.open(request, timeout=10) as response:
            return response.status, dict(response.headers), response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read().decode()


def test_gunicorn_writes_json_lines_with_the_request_id_and_nothing_personal(gunicorn):
    base, log = gunicorn
    make_representative(email="anna.berg@example.org")
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()))

    missing = _fetch(opener, f"{base}/finns-inte/?q=anna.berg@example.org")
    reset = _fetch(opener, f"{base}/konto/aterstall/MQ/{TOKEN}/")
    status, _, form = _fetch(opener, f"{base}/konto/logga-in/")
    token = form.split('name="csrfmiddlewaretoken" value="')[1].split('"')[0]
    body = urllib.parse.urlencode(
        {"csrfmiddlewaretoken": token, "username": "anna.berg@example.org", "password": PASSWORD}
    ).encode()
    failed = _fetch(opener, f"{base}/konto/logga-in/", data=body, headers={"Referer": base})
    assert (missing[0], reset[0], status, failed[0]) == (404, 200, 200, 200)
    time.sleep(0.5)

    text = log.read_text()
    lines = _lines(text)
    access = [line for line in lines if line["logger"] == "gunicorn.access"]
    assert [(line["method"], line["path"], line["status"]) for line in access[-4:]] == [
        ("GET", "/finns-inte/", 404),
        ("GET", "/konto/aterstall/[redacted]/", 200),
        ("GET", "/konto/logga-in/", 200),
        ("POST", "/konto/logga-in/", 200),
    ]
    ids = [response[1]["X-Request-ID"] for response in (missing, reset, failed)]
    assert [access[-4]["request_id"], access[-3]["request_id"], access[-1]["request_id"]] == ids
    assert len(access[-2]["request_id"]) == 32
    not_found = [line for line in lines if line["logger"] == "django.request"]
    assert not_found[0]["request_id"] == ids[0]
    axes = [line for line in lines if line["logger"].startswith("axes")]
    assert axes and all(line["request_id"] == ids[2] for line in axes)
    _assert_nothing_personal(text, "anna.berg", token)
