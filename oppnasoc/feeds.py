"""What the Atom feeds of meetings and ideas share: the format, the author and stable ids."""

from datetime import date
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.utils.feedgenerator import Atom1Feed

FEED_ENTRIES = 50


def tag_uri(day: date, specific: str) -> str:
    """A tag: URI (RFC 4151) that stays the same when a title or an address changes.

    `day` is a date the portal already owned its domain, for example when the thing was first
    published, and never changes for a given thing.
    """
    return f"tag:{urlsplit(settings.SITE_URL).hostname},{day.isoformat()}:{specific}"


class AtomFeed(Feed):
    """An Atom feed in the visitor's language (the /en/ prefix gives English labels)."""

    feed_type = Atom1Feed

    def author_name(self) -> str:
        return settings.SITE_NAME

    def item_title(self, item) -> str:
        # Atom titles are text that the XML writer escapes; Django's default escapes twice.
        return str(item)
