"""Two app servers on the same database and cache: a change saved through one is visible
through the other on the next request.

Both run gunicorn with production settings in their own processes, as behind a load balancer.
They share Redis as the cache when it answers on 127.0.0.1:6379 (as in production); otherwise
each keeps its own cache, and the content version in the database keeps both fresh anyway.
"""

import http.cookiejar
import os
import re
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.contrib.auth.models import User
from django.db import connection

from ideas.models import Comment
from tests.factories import make_idea, make_representative

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "korrekt-hast-batteri-1"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _redis_answers() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=0.5):
            return True
    except OSError:
        return False


def _database_url() -> str:
    db = connection.settings_dict
    host = urllib.parse.quote(str(db["HOST"] or "127.0.0.1"), safe="")
    password = f":{urllib.parse.quote(db['PASSWORD'])}" if db["PASSWORD"] else ""
    port = f":{db['PORT']}" if db["PORT"] else ""
    return f"postgres://{db['USER']}{password}@{host}{port}/{db['NAME']}"


@pytest.fixture
def two_servers(collected_static):
    env = {
        **os.environ,
        "DATABASE_URL": _database_url(),
        "DATABASE_POOL": "false",
        "DEBUG": "false",
        "SECRET_KEY": "two-servers-test-" + "x" * 40,
        "ALLOWED_HOSTS": "127.0.0.1",
        "PAGE_CACHE_SECONDS": "300",
    }
    if _redis_answers():
        env["CACHE_URL"] = "redis://127.0.0.1:6379/15"
    servers, urls = [], []
    for _ in range(2):
        port = _free_port()
        servers.append(
            subprocess.Popen(
                [sys.executable, "-m", "gunicorn", "oppnasoc.wsgi", "-b", f"127.0.0.1:{port}",
                 "-w", "1", "--log-level", "warning"],
                cwd=ROOT,
                env=env,
            )
        )  # fmt: skip
        urls.append(f"http://127.0.0.1:{port}")
    for url in urls:
        for _ in range(100):
            try:
                urllib.request.urlopen(f"{url}/robots.txt", timeout=1)
                break
            except OSError:
                time.sleep(0.1)
    yield urls
    for server in servers:
        server.terminate()
        server.wait(timeout=10)


def _get(url: str) -> tuple[str, str | None]:
    with urllib.request.urlopen(url, timeout=5) as response:
        return response.read().decode(), response.headers.get("X-Page-Cache")


def _admin_session(base: str, username: str) -> urllib.request.OpenerDirector:
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    login = f"{base}/admin/login/"
    page = opener.open(login).read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)[1]
    data = {"csrfmiddlewaretoken": token, "username": username, "password": PASSWORD}
    opener.addheaders = [("Referer", login)]
    opener.open(login, urllib.parse.urlencode(data).encode())
    return opener


def test_a_change_through_one_server_is_visible_through_the_other(two_servers):
    first, second = two_servers
    idea = make_idea(title="Ledsagning till tandläkaren")
    representative = make_representative()
    comment = Comment.objects.create(
        idea=idea,
        author=representative.user,
        organisation=representative.organisations.get(),
        body="Vi vill vara med och planera ledsagningen.",
        state=Comment.State.PENDING,
    )
    # The servers check passwords with production's hashers, not the tests' fast one.
    hashed = PBKDF2PasswordHasher().encode(PASSWORD, PBKDF2PasswordHasher().salt())
    User.objects.create_superuser("moderator", "moderator@example.org", password=None)
    User.objects.filter(username="moderator").update(password=hashed)

    for base in (first, second):
        _get(base + idea.get_absolute_url())
        page, cache = _get(base + idea.get_absolute_url())
        assert cache == "hit" and "planera ledsagningen" not in page

    admin = _admin_session(first, "moderator")
    changelist = f"{first}/admin/ideas/comment/"
    form = admin.open(changelist).read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form)[1]
    admin.addheaders = [("Referer", changelist)]
    data = {"csrfmiddlewaretoken": token, "action": "approve", "_selected_action": comment.pk}
    admin.open(changelist, urllib.parse.urlencode(data).encode())
    comment.refresh_from_db()
    assert comment.state == Comment.State.APPROVED

    page, cache = _get(second + idea.get_absolute_url())
    assert "planera ledsagningen" in page
    assert cache == "miss"
