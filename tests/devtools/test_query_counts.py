"""Issue #7: each key page makes at most 10 SQL queries, and as many at any amount of data.

The pages and the counting are those of `make bench` (devtools/benchmark/key_pages.py); every
cache is cleared before each request, so what is counted is a cache miss.
"""

import io
import re

import pytest
from django.core.management import call_command

from devtools.benchmark.key_pages import cost, key_pages

pytestmark = pytest.mark.django_db
MAX_QUERIES = 10


def _queries_at(scale: float) -> list[tuple[str, int]]:
    call_command("bench_data", scale=scale, flush=True, stdout=io.StringIO())
    counts = []
    for page in key_pages():
        cost(page.path)  # a first request may fill per-process state
        measured = cost(page.path)
        assert measured.status == 200, page.path
        counts.append((re.sub(r"\d+", "N", page.name), measured.queries))
    return counts


def test_key_pages_make_the_same_few_queries_at_ten_times_the_data():
    small = _queries_at(0.001)
    large = _queries_at(0.01)
    assert large == small
    assert [(path, n) for path, n in large if n > MAX_QUERIES] == []
