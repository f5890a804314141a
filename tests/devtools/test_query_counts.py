"""Issues #7 and #13: each page `make bench` measures, cached or cold, makes at most 10 SQL
queries, and no more at ten times the data.

The pages and the counting are those of `make bench` (devtools/benchmark/key_pages.py): the key
pages, the cold pages and the fixed set of searches. Every cache is cleared before each request,
so what is counted is a cache miss.
"""

import io
import re

import pytest
from django.core.management import call_command

from devtools.benchmark.key_pages import cold_pages, cost, key_pages, search_pages

pytestmark = pytest.mark.django_db
MAX_QUERIES = 10


def _queries_at(scale: float) -> list[tuple[str, int]]:
    call_command("bench_data", scale=scale, flush=True, stdout=io.StringIO())
    call_command("build_exports", verbosity=0)
    counts = []
    pages = {page.name: page for page in [*key_pages(), *cold_pages(), *search_pages()]}
    for page in pages.values():
        cost(page.path)  # a first request may fill per-process state
        measured = cost(page.path)
        assert measured.status == 200, page.path
        counts.append((re.sub(r"\d+", "N", page.name), measured.queries))
    return counts


def test_key_pages_make_the_same_few_queries_at_ten_times_the_data():
    small = _queries_at(0.001)
    large = _queries_at(0.01)
    # A search reads the objects of each kind its page shows, one query a kind: at most five
    # more, and which kinds reach the first page depends on the data, not on its size.
    # Another page may ask one thing fewer when its rows cite nothing (the API's last page of
    # new ideas cites no meeting: Django sends no `IN ()`), never one thing more.
    grown = [
        (name, n, before)
        for (name, n), (_, before) in zip(large, small, strict=True)
        if not name.startswith("search") and n > before
    ]
    assert grown == []
    assert [name for name, _ in large] == [name for name, _ in small]
    assert [(name, n) for name, n in small + large if n > MAX_QUERIES] == []
