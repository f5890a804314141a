"""Per-visitor limits on the answers that cost the server: search, the API, the downloads and
the heaviest pages. Generous for people, tight for floods; a cached answer is never counted."""

import time
from datetime import date

import pytest

from oppnasoc import settings as configured
from tests.factories import make_idea

pytestmark = pytest.mark.django_db

LIMITED = {
    "search": ["/sok/?q=vård", "/en/sok/?q=vård"],
    "api": ["/api/ideas/", "/api/"],
    "downloads": ["/oppna-data/ideer.csv", "/oppna-data/statusandringar.xlsx"],
    "pages": ["/ideer/", "/ideer/framsteg/", "/moten/", "/ideer/{slug}/"],
    "alerts": ["/bevakning/beslut/", "/bevakning/ide/{slug}/", "/en/bevakning/minnesanteckningar/"],
    "reports": [f"/aterrapportering/{date.today().year}.pdf"],
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


def test_a_flood_of_addresses_gets_one_page_made_once(client, limit, django_user_model):
    """The 429 page leaves out the query string, so every anonymous visitor flooding an address
    gets the same page, made once (a flood of random searches cost the CPU of the cached pages);
    a visitor who is logged in still sees their own name."""
    from django.test.signals import template_rendered

    limit("search", "0/m")
    made = []
    template_rendered.connect(lambda **kwargs: made.append(kwargs["template"].name), weak=False)
    first = client.get("/sok/?q=abc&sida=2")
    second = client.get("/sok/?q=xyz")
    assert first.status_code == second.status_code == 429
    assert first.content == second.content
    assert made.count("429.html") == 1
    html = first.text
    assert 'href="/konto/logga-in/?next=/sok/"' in html
    assert 'href="/en/sok/"' in html and "abc" not in html
    english = client.get("/en/sok/?q=abc")
    assert "<h1>Too many requests</h1>" in english.text and 'href="/sok/"' in english.text

    user = django_user_model.objects.create_user("anna", password="x", first_name="Anna")
    client.force_login(user)
    assert "Anna" in client.get("/sok/?q=abc").text
    client.logout()
    assert "Anna" not in client.get("/sok/?q=abc").text


def _timed(client, path) -> tuple[int, float]:
    started = time.monotonic()
    status = client.get(path).status_code
    return status, time.monotonic() - started


def test_a_refusal_is_held_a_moment_by_a_few_threads_only(client, limit, settings):
    """A flood does not wait for Retry-After, so a refusal is held REFUSAL_DELAY_MS before it is
    sent, by at most REFUSAL_DELAY_PLACES threads at once: the others refuse at once. An answer
    that is not a refusal is never held."""
    from portal import http

    settings.REFUSAL_DELAY_MS = 300
    settings.REFUSAL_DELAY_PLACES = 1
    status, seconds = _timed(client, "/sok/?q=vård")
    assert status == 200 and seconds < 0.3
    limit("search", "0/m")
    status, seconds = _timed(client, "/sok/?q=vård")
    assert status == 429 and seconds >= 0.3
    place = http._refusal_semaphore()
    assert place.acquire(blocking=False)  # another refusal is being held now
    try:
        status, seconds = _timed(client, "/en/sok/?q=vård")
        assert status == 429 and seconds < 0.3
    finally:
        place.release()
    settings.REFUSAL_DELAY_MS = 0
    status, seconds = _timed(client, "/sok/?q=vård")
    assert status == 429 and seconds < 0.3


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
    settings.EXPENSIVE_REST = 0  # the rest after an answer: the next test
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


def test_a_search_held_for_want_of_a_place_gets_one_that_frees_up(client, settings):
    """A visitor who searches just after another gets the answer when the other's place frees
    up within the hold, not "try again"; when none frees up, the refusal after the hold."""
    import threading

    from portal import http

    settings.EXPENSIVE_AT_ONCE = 1
    settings.EXPENSIVE_REST = 0
    settings.REFUSAL_DELAY_MS = 1000
    settings.REFUSAL_DELAY_PLACES = 1
    slots = http._expensive_slots()
    place = slots.acquire()  # another visitor's search
    assert place is not None
    threading.Timer(0.3, slots.release, args=(place,)).start()
    status, seconds = _timed(client, "/sok/?q=vård")
    assert status == 200 and 0.3 <= seconds < 1

    place = slots.acquire()
    try:
        status, seconds = _timed(client, "/sok/?q=vård")
        assert status == 429 and seconds >= 1
    finally:
        slots.release(place)


def test_a_place_rests_after_an_answer_twice_as_long_as_it_took(tmp_path):
    """So a flood keeps a core busy a third of the time at most; every worker sees the rest."""
    import time

    from portal.slots import Slots

    slots = Slots(1, tmp_path, rest=2)
    place = slots.acquire()
    time.sleep(0.1)
    slots.release(place)
    assert slots.acquire() is None  # resting for about 0.2 s
    assert Slots(1, tmp_path, rest=2).acquire() is None  # as another worker sees it
    time.sleep(0.3)
    assert slots.acquire() == 0


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
