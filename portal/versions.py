"""The version of the public content: which state of the data a page or a file was made from.

Triggers on every content table (the `pagecache` migrations) raise it in the same transaction
as the change, from a sequence that a rollback does not give back, so no two states of the
public data share a version. The open-data files record the version they were written from.

Each part of the content (PARTS: meetings, ideas, comments…) also keeps the version of its
last change (pagecache/migrations/0005_parts.py says which tables hold which parts). The page
cache stores a page under the versions of the parts it shows, so an edit of one part leaves
the pages that do not show it cached.
"""

from django.db import connection


def content_version() -> str | None:
    """The current version, or None before the migrations have made its table."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT epoch, version FROM pagecache_version WHERE id = 1")
        row = cursor.fetchone()
    return f"{row[0].hex}.{row[1]}" if row else None


PARTS = (
    "comments",
    "groups",
    "ideas",
    "meetings",
    "organisation-names",
    "organisations",
    "other",
    "pages",
    "people",
)


# Every request reads it first (pagecache/middleware.py).
PART_VERSIONS_SQL = (
    "SELECT v.epoch, p.part, p.version FROM pagecache_version v, pagecache_part p WHERE v.id = 1"
)


def part_versions() -> dict[str, str] | None:
    """Each part's version, with the database's epoch in it; None before the migrations."""
    with connection.cursor() as cursor:
        cursor.execute(PART_VERSIONS_SQL)
        rows = cursor.fetchall()
    return {part: f"{epoch.hex[:8]}.{version}" for epoch, part, version in rows} or None


def raise_content_version() -> str:
    """Raise the version by hand, for a bulk load that ran without the triggers."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pagecache_raise()")
    return content_version()
