from django import template
from django.conf import settings

from directory.middleware import seconds_left

register = template.Library()


@register.inclusion_tag("directory/_staff_session.html", takes_context=True)
def staff_session_warning(context):
    """The script that warns staff before their session ends (static/js/staff-session.js)."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not (user.is_active and user.is_staff):
        return {"shown": False}
    idle, whole = seconds_left(request)
    return {
        "shown": True,
        "idle": idle,
        "whole": whole,
        "warn": settings.STAFF_SESSION_WARN_SECONDS,
        "hours": settings.STAFF_SESSION_MAX_SECONDS // 3600,
        "time_zone": settings.TIME_ZONE,
        "csrf_token": context.get("csrf_token"),
    }
