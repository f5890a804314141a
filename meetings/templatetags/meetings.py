"""Tags of the meeting pages, in Jinja2 (portal/jinja.py says why)."""

from django import template
from django.conf import settings

from meetings.models import Meeting
from portal.jinja import fragment

register = template.Library()


@register.simple_tag(takes_context=True)
def meeting_summaries(context, meetings, *, show_group: bool = False, h: str = "h3") -> str:
    """Each meeting as an item of a list: title, time, group, and whether minutes are out."""
    return fragment(
        "meetings/meeting_summaries.html", context, meetings=meetings, show_group=show_group, h=h
    )


@register.simple_tag
def overdue_minutes(user) -> dict:
    """The meetings whose minutes are late, for staff who may write them (the admin's index),
    and after how many days minutes count as late."""
    meetings = []
    if user.has_perm("meetings.change_meeting"):
        meetings = list(
            Meeting.objects.minutes_overdue()
            .select_related("group")
            .only("title", "starts_at", "status", "group__name")
            .order_by("starts_at", "pk")
        )
    return {"meetings": meetings, "days": settings.MINUTES_OVERDUE_DAYS}
