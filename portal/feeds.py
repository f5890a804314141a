"""What the Atom feeds of meetings and ideas share: the format, the author and stable ids."""

import re
from datetime import date
from io import StringIO
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.utils.feedgenerator import Atom1Feed

from portal.http import on_site_url

FEED_ENTRIES = 50


def tag_uri(day: date, specific: str) -> str:
    """A tag: URI (RFC 4151) that stays the same when a title or an address changes.

    `day` is a date the portal already owned its domain, for example when the thing was first
    published, and never changes for a given thing.
    """
    return f"tag:{urlsplit(settings.SITE_URL).hostname},{day.isoformat()}:{specific}"


# The control characters XML 1.0 cannot hold, which Django's XML writer refuses.
_NOT_IN_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def _xml_text(value):
    if isinstance(value, str):
        return _NOT_IN_XML.sub("", value)
    if isinstance(value, (list, tuple)):
        return type(value)(_xml_text(part) for part in value)
    return value


class _XmlSafeAtom1Feed(Atom1Feed):
    """Atom without the control characters XML cannot hold.

    Text pasted from a PDF or a word processor can carry one (a form feed, a vertical tab), and
    a single one in any entry made the whole feed fail.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.feed = {key: _xml_text(value) for key, value in self.feed.items()}

    def add_item(self, *args, **kwargs):
        super().add_item(*args, **kwargs)
        self.items[-1] = {key: _xml_text(value) for key, value in self.items[-1].items()}

    def write(self, outfile, encoding):
        # Into memory first, then to the response at once: the XML writer's 10,000 small
        # writes, each turned into bytes by the response, were a sixth of a cold feed.
        buffer = StringIO()
        super().write(buffer, encoding)
        outfile.write(buffer.getvalue())


class AtomFeed(Feed):
    """An Atom feed in the visitor's language (the /en/ prefix gives English labels).

    Its addresses are on SITE_URL (portal.http.absolute), so a feed reader sees the same feed
    and entries however the site was reached.
    """

    feed_type = _XmlSafeAtom1Feed

    def get_feed(self, obj, request):
        return super().get_feed(obj, on_site_url(request))

    def author_name(self) -> str:
        return settings.SITE_NAME

    def item_title(self, item) -> str:
        # Atom titles are text that the XML writer escapes; Django's default escapes twice.
        return str(item)
