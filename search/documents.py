"""The columns that make a model searchable, computed by PostgreSQL itself.

Each searchable model carries two generated columns: a Swedish full-text vector (titles weigh
more than bodies) and the same text in lower case for the second, substring pass that finds
words inside Swedish compounds ("missbruk" in "missbruksvård"). The database writes both on
every insert and update, so the search can never fall behind the data.
"""

from django.contrib.postgres.indexes import GinIndex, OpClass
from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.db import models
from django.db.models.functions import Coalesce, Lower

CONFIG = "swedish"


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
