"""Dates as the Swedish web guidelines write them, and the portal's time zone, defined once."""

from functools import cache
from zoneinfo import ZoneInfo

from django.conf import settings

# Month names in running text ("13 december 2013"), lower case as Swedish writes them.
MONTHS = [
    "januari",
    "februari",
    "mars",
    "april",
    "maj",
    "juni",
    "juli",
    "augusti",
    "september",
    "oktober",
    "november",
    "december",
]


@cache
def zone() -> ZoneInfo:
    """The portal's time zone (settings.TIME_ZONE, Europe/Stockholm), where meetings take place."""
    return ZoneInfo(settings.TIME_ZONE)
