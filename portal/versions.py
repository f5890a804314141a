"""The version of the public content: which state of the data a page or a file was made from.

Triggers on every content table (the `pagecache` migrations) raise it in the same transaction
as the change, from a sequence that a rollback does not give back, so no two states of the
public data share a version. The page cache stores answers under it; the open-data files
record the version they were written from.
"""

from django.db import connection


def content_version() -> str | None:
    """The current version, or None before the migrations have made its table."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT epoch, version FROM pagecache_version WHERE id = 1")
        row = cursor.fetchone()
    return f"{row[0].hex}.{row[1]}" if row else None


def raise_content_version() -> str:
    """Raise the version by hand, for a bulk load that ran without the triggers."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pagecache_raise()")
    return content_version()
