"""Per-visitor limits on the answers that cost the server: search, the API, the downloads and
the heaviest pages. Generous for people, tight for floods; a cached answer is never counted."""

import pytest

from oppnasoc import settings as configured
from tests.factories import make_idea

pytestmark = pytest.mark.django_db

LIMITED = {
    "search": ["/sok/?q=vård", "/en/sok/?q=vård"],
    "api": ["/api/ideas/", "/api/"],
    "downloads": ["/oppna-data/ideer.csv", "/oppna-data/statusandringar.xlsx"],
    "pages": ["/ideer/", "/ideer/framsteg/", "/moten/", "/ideer/{slug}/"],
}


@pytest.fixture
def limit(settings):
    def set_rate(group: str, rate: str) -> None:
        settings.RATE_LIMITS = {**settings.RATE_LIMITS, group: rate}

    return set_rate


def _get(client, path, **headers):
    response = client.get(path, **headers)
    if response.streaming:
        b"".join(response.streaming_content)
    return response


def test_production_has_a_limit_for_every_group():
    assert set(configured.RATE_LIMITS) == set(LIMITED)
    for group, rate in configured.RATE_LIMITS.items():
        count, _, period = rate.partition("/")
        assert int(count) >= 20, group  # generous for people
        assert period in {"m", "s", "h"}, group


@pytest.mark.parametrize("group", LIMITED)
def test_beyond_the_limit_a_visitor_gets_429_with_retry_after(client, limit, group):
    idea = make_idea()
    limit(group, "3/m")
    paths = [path.format(slug=idea.slug) for path in LIMITED[group]]
    for number in range(3):
        assert _get(client, paths[number % len(paths)]).status_code == 200, paths
    refused = _get(client, paths[0])
    assert refused.status_code == 429
    assert refused["Retry-After"] == "60"
    assert refused["Cache-Control"] == "no-store"


def test_the_page_says_what_happened_in_the_visitors_language(client, limit):
    limit("search", "0/m")
    swedish = client.get("/sok/?q=vård")
    assert swedish.status_code == 429
    html = swedish.text
    assert '<html lang="sv">' in html
    assert "<h1>För många förfrågningar</h1>" in html
    assert "Försök igen om en minut." in html
    assert 'href="/oppna-data/"' in html
    assert 'name="robots" content="noindex"' in html
    english = client.get("/en/sok/?q=vård")
    assert "<h1>Too many requests</h1>" in english.text
    assert 'href="/en/oppna-data/"' in english.text


def test_the_api_says_it_in_json_that_any_origin_may_read(client, limit):
    limit("api", "0/m")
    response = client.get("/api/ideas/")
    assert response.status_code == 429
    assert response["Content-Type"] == "application/json"
    assert response["Access-Control-Allow-Origin"] == "*"
    assert response["Retry-After"] == "60"
    assert response.json() == {
        "status": 429,
        "message": "Too many requests from your address. Try again in 60 s.",
    }


def test_a_limit_per_hour_asks_to_wait_an_hour(client, limit):
    limit("search", "0/h")
    response = client.get("/sok/?q=vård")
    assert response["Retry-After"] == "3600"
    assert "Försök igen om 60 minuter." in response.text


def test_each_visitor_behind_the_proxy_has_a_limit_of_their_own(client, limit, settings):
    settings.TRUSTED_PROXIES = 1
    limit("search", "2/m")
    flood = {"HTTP_X_FORWARDED_FOR": "203.0.113.9"}
    person = {"HTTP_X_FORWARDED_FOR": "198.51.100.4"}
    codes = [_get(client, f"/sok/?q=ord{n}", **flood).status_code for n in range(5)]
    assert codes == [200, 200, 429, 429, 429]
    assert _get(client, "/sok/?q=vård", **person).status_code == 200
    # What the flood writes in the header itself does not make it someone else.
    spoofed = {"HTTP_X_FORWARDED_FOR": "198.51.100.77, 203.0.113.9"}
    assert _get(client, "/sok/?q=mer", **spoofed).status_code == 429


def test_the_limits_count_each_group_apart(client, limit):
    limit("search", "1/m")
    limit("pages", "1/m")
    assert _get(client, "/sok/?q=vård").status_code == 200
    assert _get(client, "/sok/?q=vård").status_code == 429
    assert _get(client, "/ideer/").status_code == 200


def test_cached_answers_are_not_counted(client, limit, settings):
    settings.PAGE_CACHE_SECONDS = 300
    limit("pages", "2/m")
    codes = [_get(client, "/ideer/").status_code for _ in range(10)]
    assert codes == [200] * 10
    # Another address misses the cache and is counted: the second such request is over.
    assert _get(client, "/moten/").status_code == 200
    assert _get(client, "/ideer/framsteg/").status_code == 429


def test_zero_turns_a_limit_off(client, limit):
    limit("search", "0")
    assert {_get(client, f"/sok/?q=ord{n}").status_code for n in range(40)} == {200}


def test_a_mistyped_limit_stops_the_portal_with_a_clear_message():
    from tests.test_deployment import PRODUCTION_ENV, _manage

    result = _manage(["check"], PRODUCTION_ENV | {"RATE_LIMIT_SEARCH": "30 per minute"})
    assert result.returncode != 0
    assert "RATE_LIMIT_SEARCH must be like 30/m" in result.stderr
    assert _manage(["check"], PRODUCTION_ENV | {"RATE_LIMIT_SEARCH": "10/15s"}).returncode == 0


def test_a_machine_answers_only_so_many_expensive_requests_at_once(client, settings):
    """Beyond EXPENSIVE_AT_ONCE at once, 429 at once, so a flood leaves threads and CPU for the
    cached pages; the cap frees its place when an answer is done."""
    from portal import http

    settings.EXPENSIVE_AT_ONCE = 1
    slots = http._expensive_slots()
    place = slots.acquire()  # another request is searching now
    assert place is not None
    try:
        busy = client.get("/sok/?q=vård")
        assert busy.status_code == 429
        assert busy["Retry-After"] == str(http.BUSY_RETRY_SECONDS)
        assert "<h1>Upptaget just nu</h1>" in busy.text
        api = client.get("/api/ideas/")
        assert (api.status_code, api.json()["message"]) == (
            429,
            "Too busy just now. Try again in 5 s.",
        )
        # The downloads and the cached pages are never turned away for this.
        assert client.get("/").status_code == 200
    finally:
        slots.release(place)
    assert client.get("/sok/?q=vård").status_code == 200
    assert client.get("/sok/?q=vård").status_code == 200  # the place was given back


def test_the_places_are_shared_by_the_worker_processes(tmp_path, settings):
    """Another process (a gunicorn worker beside this one) holding the only place turns this
    one's expensive requests away; when it ends, the place is free again."""
    import subprocess
    import sys

    from portal.slots import Slots

    holder = subprocess.Popen(
        [sys.executable, "-m", "tests.hold_place", str(tmp_path)],
        cwd=settings.BASE_DIR, stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    assert holder.stdout.readline().strip() == "holding"
    slots = Slots(1, tmp_path)
    try:
        assert slots.acquire() is None
        holder.terminate()
        holder.wait(timeout=10)
        place = slots.acquire()  # the kernel gave the ended process's lock back
        assert place == 0
        assert slots.acquire() is None  # and this process's threads share it too
        slots.release(place)
    finally:
        holder.stdout.close()
        slots.close()
