"""Dates as the Swedish web guidelines write them, and the portal's time zone, defined once."""

import re
from datetime import date, time
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


# Dates and times as Swedes type them (portal/fields.py): 2026-03-13, 13/3 2026, 13 mars 2026;
# 13.00, 13:00, kl. 13, 1300.
_ISO_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_SLASH_DATE = re.compile(r"(\d{1,2})/(\d{1,2})(?:[ /-]?(\d{4}))")
_WORD_DATE = re.compile(r"(\d{1,2})\.?\s+([a-zåäö]+)\.?\s+(\d{4})")
# Seconds too: the admin writes an existing time, and its "Nu" button a new one, as 13:00:00.
_TIME = re.compile(r"(?:kl\.?\s*)?(\d{1,2})(?:[.:]?(\d{2})(?::(\d{2}))?)?")


def read_date(text: str) -> date | None:
    """A date from what a Swede types, or None: 2026-03-13, 13/3 2026, 13 mars 2026, 13 mar 2026."""
    text = " ".join(text.strip().lower().split())
    try:
        if match := _ISO_DATE.fullmatch(text):
            return date(*map(int, match.groups()))
        if match := _SLASH_DATE.fullmatch(text):
            day, month, year = match.groups()
            return date(int(year), int(month), int(day))
        if match := _WORD_DATE.fullmatch(text):
            day, month_name, year = match.groups()
            months = [n for n, name in enumerate(MONTHS, 1) if name.startswith(month_name)]
            if len(month_name) >= 3 and len(months) == 1:
                return date(int(year), months[0], int(day))
    except ValueError:
        return None  # 31/2 2026
    return None


# Where a date may stand in running text ("Möte 2025-11-20", "den 13 mars 2026 kl. 13").
_DATE_IN_TEXT = re.compile(
    r"\b(?:\d{4}-\d{1,2}-\d{1,2}|\d{1,2}/\d{1,2}[ /-]?\d{4}|\d{1,2}\.?\s+[a-zåäö]+\.?\s+\d{4})\b",
    re.IGNORECASE,
)


def find_date(*texts: str) -> date | None:
    """The first date in running text that `read_date` reads, looking in each text in turn."""
    for text in texts:
        for match in _DATE_IN_TEXT.finditer(text):
            if found := read_date(match.group(0)):
                return found
    return None


_ISO_MONTH = re.compile(r"(\d{4})-(\d{1,2})(?:-01)?")
_SLASH_MONTH = re.compile(r"(\d{1,2})[/.-](\d{4})")
_WORD_MONTH = re.compile(r"([a-zåäö]+)\.?\s+(\d{4})")


def read_month(text: str) -> date | None:
    """A month's first day from what a Swede types, or None: 2027-03, 3/2027, mars 2027."""
    text = " ".join(text.strip().lower().split())
    try:
        if match := _ISO_MONTH.fullmatch(text):
            return date(int(match[1]), int(match[2]), 1)
        if match := _SLASH_MONTH.fullmatch(text):
            return date(int(match[2]), int(match[1]), 1)
        if match := _WORD_MONTH.fullmatch(text):
            months = [n for n, name in enumerate(MONTHS, 1) if name.startswith(match[1])]
            if len(match[1]) >= 3 and len(months) == 1:
                return date(int(match[2]), months[0], 1)
    except ValueError:
        return None  # 13/2027
    return None


def read_time(text: str) -> time | None:
    """A time of day from what a Swede types, or None: 13.00, 13:00, kl. 13, kl 9.30, 1300."""
    text = " ".join(text.strip().lower().split())
    if (match := _TIME.fullmatch(text)) is None:
        return None
    hour, minute, second = (int(part or 0) for part in match.groups())
    return time(hour, minute, second) if hour < 24 and minute < 60 and second < 60 else None
