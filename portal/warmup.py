"""Readies a worker process before it answers anyone (oppnasoc/gunicorn.conf.py).

A new worker compiles every template, loads each language's translations and builds the URL
resolvers the first time a request needs them: its first search cost 385 ms of CPU where the
next cost 25. In a worker of threads that first request holds Python's lock and everyone else in
the process waits, so just after a (re)start a reader of a cached page waited most of a second
(`make burst-test`). Done here, before the worker accepts its first connection, no visitor pays.

The worker's database pool is opened here too, with a connection for each of its threads, each
having read the content versions once: a flood used to open them, three new PostgreSQL backends
a worker in its first tenth of a second, while the readers of cached pages waited. If the
database does not answer within DATABASE_WAIT_SECONDS, the worker starts without them and its
requests open them, as before.

Last, what the worker holds by then (Django, the templates, the URL patterns: about 110,000
objects) is moved out of the garbage collector's way (`gc.freeze()`): its full collections
walked them all, 1.9 ms a request on average for a page of the API, 0.3 ms once frozen.
"""

import gc
import logging
import time
from collections.abc import Callable

from django.conf import settings
from django.db import connection
from django.template import engines
from django.urls import resolve, reverse
from django.utils import translation

from portal.versions import PART_VERSIONS_SQL

logger = logging.getLogger(__name__)

TEMPLATE_SUFFIXES = (".html", ".txt", ".xml")
# The addresses whose resolving and reversing readies each language's URL patterns.
ADDRESSES = ("pages:home", "meetings:list", "ideas:list", "ideas:progress", "search:search")
DATABASE_WAIT_SECONDS = 3


def warm_up(threads: int = 1, alive: Callable[[], None] = lambda: None) -> dict:
    """Compiles the project's templates, loads the translations and the URL resolvers of every
    language, readies a database connection for each of `threads` and freezes what the worker
    holds for the garbage collector; returns what it did,
    with the seconds it took. `alive` is called between the steps: gunicorn's worker tells its
    master it is alive, so a slow start on a busy machine is not taken for a hung worker."""
    started = time.perf_counter()
    templates = _compile_templates(alive)
    alive()
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            for name in ADDRESSES:
                resolve(reverse(name))
    connections = _open_database_pool(threads)
    gc.collect()
    gc.freeze()
    done = {
        "templates": templates,
        "connections": connections,
        "frozen": gc.get_freeze_count(),
        "seconds": round(time.perf_counter() - started, 3),
    }
    logger.info(
        "Worker ready: %(templates)s templates compiled, %(connections)s database connections "
        "open, %(frozen)s objects left out of garbage collection, in %(seconds)s s",
        done,
    )
    return done


def _open_database_pool(threads: int) -> int:
    """Opens the pool (without one, nothing) to hold at least a connection a thread, and reads
    the content versions on each; the number of connections readied."""
    pool = connection.pool
    if pool is None:
        return 0
    ready = []
    try:
        pool.open()
        pool.resize(max(pool.min_size, min(threads, pool.max_size)), pool.max_size)
        pool.wait(timeout=DATABASE_WAIT_SECONDS)
        for _ in range(pool.min_size):
            ready.append(pool.getconn(timeout=DATABASE_WAIT_SECONDS))
            ready[-1].execute(PART_VERSIONS_SQL).fetchall()
    except Exception as error:  # the database is down or not migrated: the requests will say
        logger.warning("The worker starts without database connections: %s", error)
    finally:
        for ready_connection in ready:
            pool.putconn(ready_connection)
    return len(ready)


def _compile_templates(alive: Callable[[], None]) -> int:
    """Every template of the project, each by the engine that renders it; the engines keep them."""
    root = settings.BASE_DIR / "templates"
    jinja = root / "jinja2"
    count = 0
    for path in sorted(root.rglob("*")):
        if not path.is_file() or path.suffix not in TEMPLATE_SUFFIXES:
            continue
        if path.is_relative_to(jinja):
            engines["jinja2"].get_template(path.relative_to(jinja).as_posix())
        else:
            engines["django"].get_template(path.relative_to(root).as_posix())
        count += 1
        alive()
    return count
