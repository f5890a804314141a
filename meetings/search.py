"""What the search finds of the meetings: published meetings and their agenda items."""

from django.utils.translation import gettext_lazy as _

from meetings.models import AgendaItem, Meeting
from portal.search import Result, Source, register


def _meeting(meeting: Meeting, highlight) -> Result:
    return Result(
        highlight.title(meeting.title),
        meeting.get_absolute_url(),
        highlight.excerpt(meeting.notice),
        meeting.starts_at,
        [meeting.group.name, *([meeting.diary_number] if meeting.diary_number else [])],
    )


def _item(item: AgendaItem, highlight) -> Result:
    return Result(
        highlight.title(item.heading),
        item.get_absolute_url(),
        highlight.excerpt(item.body),
        item.meeting.starts_at,
        [item.meeting.title, item.meeting.group.name],
    )


register(
    Source(
        "meeting",
        _("Meeting"),
        "moten",
        public=lambda: Meeting.objects.published(),
        shown=lambda: Meeting.objects.select_related("group"),
        result=_meeting,
        group="group_id",
        year="starts_at__year",
        title="title",
        diary="diary_number",
    )
)
register(
    Source(
        "item",
        _("Minutes"),
        "moten",
        public=lambda: AgendaItem.objects.filter(meeting__status=Meeting.Status.PUBLISHED),
        shown=lambda: AgendaItem.objects.select_related("meeting__group"),
        result=_item,
        group="meeting__group_id",
        year="meeting__starts_at__year",
        title="heading",
    )
)
