"""Tags of the meeting pages, in Jinja2 (portal/jinja.py says why)."""

from django import template

from portal.jinja import fragment

register = template.Library()


@register.simple_tag(takes_context=True)
def meeting_summaries(context, meetings, *, show_group: bool = False, h: str = "h3") -> str:
    """Each meeting as an item of a list: title, time, group, and whether minutes are out."""
    return fragment(
        "meetings/meeting_summaries.html", context, meetings=meetings, show_group=show_group, h=h
    )
