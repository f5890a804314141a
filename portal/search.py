"""What makes a model searchable: its generated columns, and its entry in the registry of sources.

Each searchable model carries two generated columns: a Swedish full-text vector (titles weigh
more than bodies) and the same text in lower case for the second, substring pass that finds
words inside Swedish compounds ("missbruk" in "missbruksvård"). The database writes both on
every insert and update, so the search can never fall behind the data.

Each app says in its own `search.py` which of its models the search page (search/views.py) looks
in, with `register(Source(...))`; the search app imports those modules when Django starts. Adding
a searchable model is those two columns, their indexes and one Source, in its own app.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime

from django.contrib.postgres.indexes import GinIndex, OpClass
from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.db import models
from django.db.models.functions import Coalesce, Lower
from django.utils.safestring import SafeString

CONFIG = "swedish"
# The generated columns: large, and read by the search alone; lists defer them.
COLUMNS = ("search_vector", "search_text")


def columns(*relations: str) -> list[str]:
    """The generated columns of a model and of each of its `relations` ("idea", "meeting"), for
    a defer() of a query that joins them."""
    return [f"{r}__{c}" if r else c for r in ("", *relations) for c in COLUMNS]


def vector(title: str, *bodies: str) -> models.GeneratedField:
    expression = SearchVector(title, weight="A", config=CONFIG)
    for body in bodies:
        expression = expression + SearchVector(body, weight="B", config=CONFIG)
    return models.GeneratedField(
        expression=expression, output_field=SearchVectorField(), db_persist=True, editable=False
    )


class _Joined(models.Func):
    """The fields' texts joined by spaces, with `||`: PostgreSQL accepts only immutable
    expressions in generated columns, and concat() is merely stable."""

    template = "%(expressions)s"
    arg_joiner = " || ' ' || "
    output_field = models.TextField()


def text(*fields: str) -> models.GeneratedField:
    joined = _Joined(*(Coalesce(models.F(field), models.Value("")) for field in fields))
    return models.GeneratedField(
        expression=Lower(joined), output_field=models.TextField(), db_persist=True, editable=False
    )


def indexes(table: str) -> list[GinIndex]:
    return [
        GinIndex(fields=["search_vector"], name=f"{table}_search_idx"),
        GinIndex(OpClass("search_text", name="gin_trgm_ops"), name=f"{table}_trgm_idx"),
    ]


@dataclass
class Result:
    """One hit as the search page shows it; the page adds what kind of thing it is."""

    title: SafeString
    url: str
    excerpt: SafeString
    when: date | datetime | None = None
    context: list[str] = field(default_factory=list)  # staff-written, Swedish
    status: str = ""
    status_code: str = ""
    kind_label: str = ""


@dataclass
class Source:
    """One searchable model: what of it is public, where its group and year are, how it shows.

    `public` and `shown` return querysets: the rows anyone may find, and the same rows with what
    `result(obj, highlight)` reads; `highlight` has `title(text)` and `excerpt(*texts)`.
    `kind` names the source in the search's query, `label` names a hit of it on the page, and
    `filter_kind` is the value of the search form's "typ" filter that shows this source.
    `group` is the lookup of its group's id and `year` of its year, as the search's filters
    give them. `diary` names its diary number's field, indexed by portal.diary.index(): a
    search for the number finds the rows that carry it first.
    """

    kind: str
    label: str
    filter_kind: str
    public: Callable[[], models.QuerySet]
    shown: Callable[[], models.QuerySet]
    result: Callable[..., Result]
    group: str
    year: str
    title: str | None = None
    diary: str | None = None


SOURCES: dict[str, Source] = {}


def register(source: Source) -> None:
    SOURCES[source.kind] = source
