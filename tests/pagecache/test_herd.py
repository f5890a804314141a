"""Many visitors asking for the same page that is not cached: one request makes it, the others
wait for it, and the worker's cache stays within its bytes."""

import threading
import time

import pytest
from django.db import connection
from django.test import Client

from portal.caches import BoundedLocMemCache

VISITORS = 6


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_one_request_makes_a_page_the_others_wait_for(settings, monkeypatch):
    settings.PAGE_CACHE_SECONDS = 300
    import pages.views

    made = []
    real_render = pages.views.render

    def slow_render(*args, **kwargs):
        made.append(1)
        time.sleep(0.5)  # a page that is slow to make, as the heaviest are at a city's scale
        return real_render(*args, **kwargs)

    monkeypatch.setattr(pages.views, "render", slow_render)
    start = threading.Barrier(VISITORS)
    answers = []

    def visit():
        try:
            start.wait()
            response = Client().get("/")
            answers.append((response.status_code, response["X-Page-Cache"]))
        finally:
            connection.close()

    threads = [threading.Thread(target=visit) for _ in range(VISITORS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert len(made) == 1, "the page was made more than once"
    assert sorted(answers) == [(200, "hit")] * (VISITORS - 1) + [(200, "miss")]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_page_that_cannot_be_stored_lets_the_waiting_make_their_own(settings, monkeypatch):
    """An error is not stored: the others do not wait for the whole wait, nor get it."""
    settings.PAGE_CACHE_SECONDS = 300
    settings.PAGE_CACHE_WAIT_SECONDS = 10
    import pages.views

    real_render = pages.views.render

    def private_render(*args, **kwargs):
        time.sleep(0.3)
        response = real_render(*args, **kwargs)
        response["Cache-Control"] = "private"
        return response

    monkeypatch.setattr(pages.views, "render", private_render)
    start = threading.Barrier(3)
    seconds = []

    def visit():
        try:
            start.wait()
            began = time.monotonic()
            assert Client().get("/").status_code == 200
            seconds.append(time.monotonic() - began)
        finally:
            connection.close()

    threads = [threading.Thread(target=visit) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert len(seconds) == 3
    assert max(seconds) < 3


def test_the_local_cache_keeps_to_its_bytes():
    cache = BoundedLocMemCache(
        "bounded-test", {"OPTIONS": {"MAX_ENTRIES": 500, "MAX_BYTES": 3_000_000}}
    )
    cache.clear()
    page = b"x" * 1_000_000
    for number in range(10):
        cache.set(f"page-{number}", page)
        cache.get("page-0")  # used again and again: kept
    held = sum(map(len, cache._cache.values()))
    assert held <= 3_000_000
    assert cache.get("page-0") == page
    assert cache.get("page-9") == page
    assert cache.get("page-1") is None
    assert not cache.add("huge", b"y" * 4_000_000)
    assert cache.get("huge") is None
    cache.clear()
