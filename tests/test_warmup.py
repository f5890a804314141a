"""A gunicorn worker is readied before it accepts anyone (portal/warmup.py): no visitor waits
for its templates to compile or for its database connections to open."""

import gc
import json

import pytest
from django.conf import settings
from django.db import connection
from django.template import engines

from portal.warmup import TEMPLATE_SUFFIXES, warm_up

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _unfrozen():
    """warm_up() freezes what the process holds; the test process collects as before after."""
    yield
    gc.unfreeze()


def _template_files() -> int:
    root = settings.BASE_DIR / "templates"
    return sum(1 for p in root.rglob("*") if p.is_file() and p.suffix in TEMPLATE_SUFFIXES)


def test_every_template_is_compiled_and_a_connection_is_ready_for_each_thread():
    done = warm_up(threads=3)
    assert done["templates"] == _template_files() > 50
    cached = engines["django"].engine.template_loaders[0].get_template_cache
    assert {"_base.html", "429.html", "ideas/idea_list.html"} <= set(cached)
    if connection.pool is None:  # DATABASE_POOL=false
        assert done["connections"] == 0
    else:
        assert done["connections"] == 3
        assert connection.pool.get_stats()["pool_size"] >= 3


def test_what_the_worker_holds_is_left_out_of_garbage_collection():
    assert gc.get_freeze_count() == 0
    done = warm_up(threads=1)
    assert done["frozen"] == gc.get_freeze_count() > 10_000


def test_a_database_that_does_not_answer_does_not_stop_the_worker(monkeypatch):
    if connection.pool is None:
        pytest.skip("no pool (DATABASE_POOL=false)")

    def refuse(*args, **kwargs):
        raise TimeoutError("no answer")

    monkeypatch.setattr(type(connection.pool), "wait", refuse)
    done = warm_up(threads=2)
    assert done["connections"] == 0 and done["templates"] > 50


def test_gunicorn_says_its_workers_are_ready(gunicorn):
    _base, log = gunicorn
    ready = [
        line
        for line in map(json.loads, filter(None, log.read_text().splitlines()))
        if line["logger"] == "portal.warmup"
    ]
    assert ready and ready[0]["message"].startswith("Worker ready:")
    assert ready[0]["message"].endswith(" s") and "templates compiled" in ready[0]["message"]
    assert "objects left out of garbage collection" in ready[0]["message"]
