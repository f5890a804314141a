"""Atom feeds of new minutes, for the whole site and for one group."""

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from directory.models import Group
from meetings.models import AgendaItem, Meeting
from portal.feeds import FEED_ENTRIES, AtomFeed, tag_uri


def _with_minutes():
    """Published meetings with minutes, the latest written first.

    Minutes are written after the meeting and saved with it, so the time the meeting last
    changed is when its minutes appeared or were corrected.
    """
    return (
        Meeting.objects.published()
        .with_minutes()
        .select_related("group")
        .prefetch_related(
            Prefetch("agenda_items", queryset=AgendaItem.objects.only("meeting", "heading"))
        )
        .order_by("-updated_at", "-pk")
    )


class MinutesFeed(AtomFeed):
    # Jinja2 (templates/jinja2/, see portal/jinja.py), as the ideas' feed entries.
    description_template = "meetings/feeds/minutes_entry.html"

    def title(self) -> str:
        return _("New minutes – Öppna soc")

    def subtitle(self) -> str:
        return _("Minutes of the meetings between the social services and the user organisations.")

    def link(self) -> str:
        return reverse("meetings:list")

    def items(self):
        return _with_minutes()[:FEED_ENTRIES]

    def item_link(self, meeting: Meeting) -> str:
        return meeting.get_absolute_url()

    def item_guid(self, meeting: Meeting) -> str:
        return tag_uri(timezone.localdate(meeting.published_at), f"meeting/{meeting.pk}")

    item_guid_is_permalink = False

    def item_pubdate(self, meeting: Meeting):
        return meeting.published_at

    def item_updateddate(self, meeting: Meeting):
        return meeting.updated_at

    def item_author_name(self, meeting: Meeting) -> str:
        return meeting.group.name

    def item_categories(self, meeting: Meeting) -> list[str]:
        return [meeting.group.name]


class GroupMinutesFeed(MinutesFeed):
    def get_object(self, request, slug: str) -> Group:
        return get_object_or_404(Group, slug=slug)

    def title(self, group: Group) -> str:
        return _("New minutes from %(group)s – Öppna soc") % {"group": group.name}

    def subtitle(self, group: Group) -> str:
        return group.summary or self.title(group)

    def link(self, group: Group) -> str:
        return group.get_absolute_url()

    def items(self, group: Group):
        return _with_minutes().filter(group=group)[:FEED_ENTRIES]
