"""`manage.py bench_data`: fills a benchmark database with a large city's content.

At `--scale 1.0`: 30 groups, 200 organisations, 10,000 meetings with 100,000 agenda items,
100,000 ideas with 1,000,000 status changes, 300,000 comments; and at every scale the idea
`lang-historia` (50 status changes, 200 published comments) and the meeting `stormote`.
See devtools/benchmark/dataset.py for what the rows look like. Meant for a database of its own
(`make bench` uses one): it refuses a database with content unless told to empty it.
"""

from time import monotonic

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.core.management.color import no_style
from django.db import connection, transaction
from django.utils import timezone

from devtools.benchmark import dataset
from devtools.benchmark.scale import counts_at
from devtools.models import Dataset
from directory.models import Group, Organisation
from ideas.models import ALLOW_TRAIL_TRUNCATE, Idea, Theme
from meetings.models import Meeting
from portal.versions import raise_content_version


class Command(BaseCommand):
    help = "Fill an empty database with benchmark data, deterministically from a seed."

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, default=1, help="Random seed (default 1).")
        parser.add_argument(
            "--scale",
            type=float,
            default=1.0,
            help="1.0 (the default) is a large city: 10,000 meetings, 100,000 ideas, …",
        )
        parser.add_argument(
            "--flush",
            action="store_true",
            help="Empty the content tables first (users, directory, meetings, ideas, comments).",
        )
        parser.add_argument(
            "--if-needed",
            action="store_true",
            help=(
                "Do nothing when the database already holds benchmark data of this seed and "
                "scale; replace benchmark data of another seed or scale. Other content is "
                "still refused without --flush."
            ),
        )

    def handle(self, *args, seed: int, scale: float, flush: bool, if_needed: bool, **options):
        if not 0 < scale <= 10:
            raise CommandError("--scale must be more than 0 and at most 10.")
        loaded = Dataset.objects.first()
        if if_needed and loaded:
            if loaded.seed == seed and loaded.scale == scale:
                self.stdout.write(f"The database already holds the benchmark data ({loaded}).")
                return
            flush = True
        if _has_content() and not flush:
            raise CommandError(
                "The database already has content (users, organisations, groups, meetings, "
                "themes or ideas). bench_data fills an empty database of its own; --flush "
                "empties the content tables first."
            )
        started = monotonic()
        counts = counts_at(scale)
        self.stdout.write(
            f"Loading benchmark data, seed {seed}, scale {scale:g}: "
            + ", ".join(f"{n:,} {name.replace('_', ' ')}" for name, n in counts.items())
        )
        # COPY … FREEZE writes rows already visible to all, so no VACUUM has to follow; it
        # needs the tables emptied in the same transaction, which a test's transaction is not.
        freeze = not connection.in_atomic_block
        with transaction.atomic():
            _fast_session()
            self._timed("empty the content tables", _truncate)
            started = monotonic()
            indexes = _drop_indexes()
            self._report(f"drop {len(indexes)} indexes of the big tables", monotonic() - started)
            loader = dataset.Loader(seed, scale, freeze=freeze, report=self._report)
            loader.load()
            self._timed("build the indexes", lambda: _build_indexes(indexes, self._report))
            self._timed("reset the id sequences", _reset_sequences)
            self._timed("analyze", _analyze)
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL session_replication_role = DEFAULT")
                # The figures the database keeps as ideas change (ideas.Figure), counted once.
                cursor.execute("SELECT ideas_figures_rebuild()")
            # The load ran without triggers: no page cached before it may be served after it.
            raise_content_version()
            Dataset.objects.create(
                seed=seed,
                scale=scale,
                loaded_on=timezone.localdate(),
                seconds=round(monotonic() - started, 1),
            )
        self.stdout.write(f"Total: {monotonic() - started:.1f} s")

    def _report(self, step: str, seconds: float, rows: int | None = None) -> None:
        done = f"{rows:>10,} rows" if rows is not None else " " * 15
        self.stdout.write(f"  {step:<58} {done} {seconds:7.1f} s")

    def _timed(self, step: str, work) -> None:
        started = monotonic()
        work()
        self._report(step, monotonic() - started)


def _has_content() -> bool:
    models = (Organisation, Group, Meeting, Theme, Idea, get_user_model(), Dataset)
    return any(model.objects.exists() for model in models)


def _fast_session() -> None:
    """Settings for this transaction only: a big load needs memory for its index builds.

    Without foreign key triggers (session_replication_role, superusers only) the load skips a
    million deferred checks at commit; the generated rows refer only to rows loaded with them.
    """
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL maintenance_work_mem = '512MB'")
        cursor.execute("SET LOCAL synchronous_commit = off")
        cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
        if cursor.fetchone()[0]:
            cursor.execute("SET LOCAL session_replication_role = replica")


def _truncate() -> None:
    """Empties the loaded tables (and what refers to them), also when they are empty already:
    COPY … FREEZE needs tables emptied in its own transaction. The status trail refuses
    TRUNCATE unless the transaction says it means it, as this one does."""
    quote = connection.ops.quote_name
    tables = [model._meta.db_table for model in [*dataset.LOADED_MODELS, Dataset]]
    with connection.cursor() as cursor:
        cursor.execute(ALLOW_TRAIL_TRUNCATE)
        cursor.execute(f"TRUNCATE {', '.join(map(quote, tables))} RESTART IDENTITY CASCADE")


def _drop_indexes() -> list[tuple[str, str]]:
    """Drops every index of the big tables that backs no constraint (the search's GIN indexes,
    those of Meta.indexes, those of the foreign keys) and returns their definitions."""
    tables = [model._meta.db_table for model in dataset.INDEXED_MODELS]
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT index.relname, pg_get_indexdef(i.indexrelid)
            FROM pg_index i
            JOIN pg_class index ON index.oid = i.indexrelid
            JOIN pg_class tbl ON tbl.oid = i.indrelid
            WHERE tbl.relname = ANY(%s) AND tbl.relnamespace = 'public'::regnamespace
              AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)
            ORDER BY tbl.relname, index.relname
            """,
            [tables],
        )
        indexes = cursor.fetchall()
        for name, _definition in indexes:
            cursor.execute(f"DROP INDEX {connection.ops.quote_name(name)}")
    return indexes


def _build_indexes(indexes: list[tuple[str, str]], report) -> None:
    with connection.cursor() as cursor:
        for name, definition in indexes:
            started = monotonic()
            cursor.execute(definition)
            report(f"  index {name}", monotonic() - started)


def _reset_sequences() -> None:
    with connection.cursor() as cursor:
        for statement in connection.ops.sequence_reset_sql(no_style(), dataset.LOADED_MODELS):
            cursor.execute(statement)


def _analyze() -> None:
    quote = connection.ops.quote_name
    tables = [model._meta.db_table for model in dataset.LOADED_MODELS]
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {', '.join(map(quote, tables))}")
