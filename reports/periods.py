"""The periods the portal reports back on: half-years and years, and when each report closes.

A report closes REPORT_CLOSES_AFTER_DAYS after its period ends, so that the decisions taken at
the end of the period can still be recorded. From then on it counts only the trail entries
recorded before it closed (its `cutoff`), so nothing recorded later changes it: a later entry
about the period shows as a correction beside it (reports/figures.py).
"""

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.dates import zone

_SLUG = re.compile(r"(?P<year>[0-9]{4})(?:-h(?P<half>[12]))?")


@dataclass(frozen=True)
class Period:
    """A calendar year (`half` None) or one of its halves (1 or 2)."""

    year: int
    half: int | None = None

    @property
    def slug(self) -> str:
        return f"{self.year}-h{self.half}" if self.half else str(self.year)

    @property
    def start(self) -> date:
        return date(self.year, 7 if self.half == 2 else 1, 1)

    @property
    def end(self) -> date:
        """The last day of the period."""
        return date(self.year, 6, 30) if self.half == 1 else date(self.year, 12, 31)

    @property
    def closes_on(self) -> date:
        return self.end + timedelta(days=1 + settings.REPORT_CLOSES_AFTER_DAYS)

    @property
    def closed(self) -> bool:
        return timezone.localdate() >= self.closes_on

    @property
    def cutoff(self) -> datetime | None:
        """The report counts the entries recorded before this instant; None: all of them."""
        return datetime.combine(self.closes_on, time.min, zone()) if self.closed else None

    @property
    def as_of(self) -> date:
        """The day the report describes the ideas still waiting on: the period's end, or today
        while the period runs."""
        return min(self.end, timezone.localdate())

    @property
    def started(self) -> bool:
        return self.start <= timezone.localdate()

    @property
    def name(self) -> str:
        if self.half == 1:
            return _("First half of %(year)d") % {"year": self.year}
        if self.half == 2:
            return _("Second half of %(year)d") % {"year": self.year}
        return _("The year %(year)d") % {"year": self.year}

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("reports:report", args=[self.slug])


def parse(slug: str) -> Period | None:
    """The period an address names ("2026", "2026-h1"), or None."""
    match = _SLUG.fullmatch(slug)
    if match is None:
        return None
    half = match["half"]
    return Period(int(match["year"]), int(half) if half else None)


def first_year() -> int:
    """The year of the earliest decision in any trail or meeting published; this year if none.

    One query of two index probes (the trail's decision dates, the meetings' start)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT (SELECT min(decided_on) FROM ideas_statuschange),"
            " (SELECT min(starts_at) FROM meetings_meeting WHERE status = 'published')"
        )
        decided, started = cursor.fetchone()
    years = [timezone.localdate().year]
    if decided:
        years.append(decided.year)
    if started:
        years.append(timezone.localtime(started).year)
    return min(years)


def started_periods(first: int) -> list[Period]:
    """Every year and half-year from `first` that has started, the newest first; a year comes
    before its halves."""
    today = timezone.localdate()
    periods = []
    for year in range(today.year, first - 1, -1):
        periods += [p for p in (Period(year), Period(year, 2), Period(year, 1)) if p.started]
    return periods


def closed_periods(first: int) -> list[Period]:
    """The reports that have closed, the latest closed first (the feed's entries)."""
    closed = [p for p in started_periods(first) if p.closed]
    return sorted(closed, key=lambda p: (p.closes_on, p.half is None), reverse=True)
