"""Reading an Atom feed or counting a page's queries, as the feed tests of both apps do."""

import feedparser
from django.db import connection
from django.test.utils import CaptureQueriesContext


def parse_feed(client, path):
    """The feed at `path`, checked to be valid Atom."""
    response = client.get(path)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/atom+xml; charset=utf-8"
    feed = feedparser.parse(response.content)
    assert feed.bozo == 0, feed.get("bozo_exception")
    assert feed.version == "atom10"
    return feed


def count_queries(client, path) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(path)
    assert response.status_code == 200
    return len(ctx.captured_queries)
