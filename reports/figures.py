"""A period's report, counted from the status trail in a fixed number of queries.

docs/reports.md defines each figure. In short, the report reads the trail as it stood when the
report closed: the entries recorded before its cutoff (all of them while it is open), less each
entry that one of those corrects (the correction stands in its place, with its own status and
date). From these, for the ideas of each group and for all together:

- received: ideas whose first entry is dated in the period;
- decided: ideas whose first decision (an entry with a status in ideas.models.DECISIONS) is;
- carried out, rejected, handed over: ideas with an entry of that status dated in the period;
- median days to a decision: from the first entry to the first decision, of the ideas decided;
- waiting: ideas whose latest entry at the period's end (today while it runs) has an open
  status, how many for more than WAITING_DAYS, and the longest wait.
- late next steps: ideas whose next step, the latest recorded by the period's end and not ended
  by a later status change, was planned for a month before the one the period ends in (the
  progress page's "Försenat", on the period's last day);
- meetings held: published meetings that started in the period (and before now), published
  before the cutoff; with minutes: those with minutes written under an agenda item.

Entries recorded after a closed report's cutoff do not change it: those dated in the period, or
correcting an entry dated in it, are listed as its corrections.
"""

from dataclasses import asdict, dataclass, field
from datetime import date, datetime, time, timedelta

from django.db import connection
from django.utils import timezone

from directory.models import Group
from ideas.models import DECISIONS, OPEN, Idea, NextStep, Status
from portal.dates import zone
from reports.models import ReportSnapshot
from reports.periods import Period

WAITING_DAYS = 90
WAITING_SHOWN = 10
# What a snapshot holds; one stored with an older content is counted again (reports/tasks.py).
SNAPSHOT_VERSION = 2
# At most this many ideas in each list of decisions, and corrections; the figures count all.
LISTED = 100
LISTED_STATUSES = (Status.DONE, Status.REJECTED, Status.HANDED_OVER)
# Far enough in the future to count every entry of a report that is still open.
_NO_CUTOFF = datetime(9999, 1, 1, tzinfo=zone())

# The trail as the report reads it; `extra` adds columns.
_COUNTED = """
    SELECT s.id, s.idea_id, s.status, s.decided_on{extra}
    FROM ideas_statuschange s
    WHERE s.recorded_at < %(cutoff)s AND s.decided_on <= %(end)s{where}
      AND NOT EXISTS (
          SELECT 1 FROM ideas_statuschange c
          WHERE c.corrects_id = s.id AND c.recorded_at < %(cutoff)s
      )
"""

_FIGURES_SQL = f"""
WITH counted AS MATERIALIZED ({_COUNTED.format(extra="", where="")}),
per_idea AS (
    SELECT idea_id,
        min(decided_on) AS first_on,
        min(decided_on) FILTER (WHERE status = ANY(%(decisions)s)) AS first_decision,
        bool_or(status = %(done)s AND decided_on >= %(start)s) AS carried_out,
        bool_or(status = %(rejected)s AND decided_on >= %(start)s) AS rejected,
        bool_or(status = %(handed_over)s AND decided_on >= %(start)s) AS handed_over
    FROM counted GROUP BY idea_id
),
latest AS (
    SELECT DISTINCT ON (idea_id) idea_id, status, decided_on
    FROM counted WHERE decided_on <= %(as_of)s
    ORDER BY idea_id, decided_on DESC, id DESC
)
SELECT i.group_id,
    count(*) FILTER (WHERE p.first_on >= %(start)s),
    count(*) FILTER (WHERE p.first_decision >= %(start)s),
    count(*) FILTER (WHERE p.carried_out),
    count(*) FILTER (WHERE p.rejected),
    count(*) FILTER (WHERE p.handed_over),
    percentile_cont(0.5) WITHIN GROUP (ORDER BY p.first_decision - p.first_on)
        FILTER (WHERE p.first_decision >= %(start)s),
    count(*) FILTER (WHERE l.status = ANY(%(open)s) AND l.decided_on < %(waiting_since)s),
    max(%(as_of)s - l.decided_on) FILTER (WHERE l.status = ANY(%(open)s)),
    (array_agg(l.idea_id ORDER BY l.decided_on, l.idea_id)
        FILTER (WHERE l.status = ANY(%(open)s)))[1:%(waiting_shown)s],
    (array_agg(%(as_of)s - l.decided_on ORDER BY l.decided_on, l.idea_id)
        FILTER (WHERE l.status = ANY(%(open)s)))[1:%(waiting_shown)s]
FROM per_idea p
JOIN latest l ON l.idea_id = p.idea_id
JOIN ideas_idea i ON i.id = p.idea_id
GROUP BY GROUPING SETS ((i.group_id), ())
"""

# Each idea's latest next step recorded by the period's end, when it is late then: its planned
# month is before the month of the period's last day and no status change (other than a
# correction) was recorded after it. By group, and the longest overdue of all.
_LATE_SQL = """
WITH latest AS (
    SELECT DISTINCT ON (n.idea_id) n.id, n.idea_id, n.planned_month, n.recorded_at
    FROM ideas_nextstep n
    WHERE n.recorded_at < %(bound)s
    ORDER BY n.idea_id, n.recorded_at DESC, n.id DESC
)
SELECT i.group_id, count(*),
    (array_agg(l.id ORDER BY l.planned_month, l.idea_id))[1:%(shown)s]
FROM latest l
JOIN ideas_idea i ON i.id = l.idea_id
WHERE l.planned_month < %(this_month)s
  AND NOT EXISTS (
      SELECT 1 FROM ideas_statuschange s
      WHERE s.idea_id = l.idea_id AND s.corrects_id IS NULL
        AND s.recorded_at > l.recorded_at AND s.recorded_at < %(bound)s
  )
GROUP BY GROUPING SETS ((i.group_id), ())
"""

_MEETINGS_SQL = """
SELECT m.group_id, count(*),
    count(*) FILTER (WHERE EXISTS (
        SELECT 1 FROM meetings_agendaitem a WHERE a.meeting_id = m.id AND a.body <> ''
    ))
FROM meetings_meeting m
WHERE m.status = 'published' AND m.starts_at >= %(from)s AND m.starts_at < %(to)s
  AND m.published_at < %(cutoff)s
GROUP BY GROUPING SETS ((m.group_id), ())
"""

_DECISIONS_SQL = f"""
WITH counted AS ({
    _COUNTED.format(
        extra=", s.decided_by, s.explanation",
        where=" AND s.decided_on >= %(start)s AND s.status = ANY(%(listed)s)",
    )
}),
one_each AS (
    SELECT DISTINCT ON (idea_id, status) * FROM counted
    ORDER BY idea_id, status, decided_on DESC, id DESC
),
ranked AS (
    SELECT e.id, e.status, e.decided_on, e.decided_by, e.explanation, i.title, i.slug,
        g.name AS group_name,
        row_number() OVER (PARTITION BY e.status ORDER BY g.name, e.decided_on, e.id) AS n
    FROM one_each e
    JOIN ideas_idea i ON i.id = e.idea_id
    JOIN directory_group g ON g.id = i.group_id
)
SELECT id, status, decided_on, decided_by, explanation, title, slug, group_name FROM ranked
WHERE n <= %(listed_count)s ORDER BY status, group_name, decided_on, id
"""

_CORRECTIONS_SQL = """
SELECT s.id, s.status, s.decided_on, s.explanation, s.recorded_at, i.title, i.slug,
    o.status, o.decided_on, count(*) OVER ()
FROM ideas_statuschange s
JOIN ideas_idea i ON i.id = s.idea_id
LEFT JOIN ideas_statuschange o ON o.id = s.corrects_id
WHERE s.recorded_at >= %(since)s AND s.recorded_at < %(until)s
  AND (s.decided_on BETWEEN %(start)s AND %(end)s OR o.decided_on BETWEEN %(start)s AND %(end)s)
ORDER BY s.recorded_at, s.id
LIMIT %(listed_count)s
"""


@dataclass
class Figures:
    """A report's figures for one group, or for all of them."""

    received: int = 0
    decided: int = 0
    carried_out: int = 0
    rejected: int = 0
    handed_over: int = 0
    median_days: float | None = None
    waiting_long: int = 0
    longest_wait: int | None = None
    meetings: int = 0
    with_minutes: int = 0
    late_steps: int = 0

    @property
    def median_days_rounded(self) -> int | None:
        return None if self.median_days is None else round(self.median_days)

    @property
    def is_empty(self) -> bool:
        return not any(
            (self.received, self.decided, self.carried_out, self.rejected, self.handed_over,
             self.waiting_long, self.longest_wait, self.meetings, self.late_steps)
        )  # fmt: skip


@dataclass
class Entry:
    """A trail entry as a report lists it: a decision, or a correction after the cutoff."""

    status: str
    decided_on: date
    explanation: str
    idea_title: str
    idea_url: str
    group_name: str = ""
    decided_by: str = ""
    recorded_on: date | None = None
    corrects_status: str = ""
    corrects_decided_on: date | None = None

    @property
    def status_label(self) -> str:
        return str(Status(self.status).label)

    @property
    def corrects_label(self) -> str:
        return str(Status(self.corrects_status).label) if self.corrects_status else ""


@dataclass
class Report:
    period: Period
    total: Figures
    groups: list[tuple[Group, Figures]]
    waiting: list[tuple[Idea, int]]
    decisions: dict[str, list[Entry]]
    # The ideas whose next step was late at the period's end, the longest overdue first.
    late: list[NextStep] = field(default_factory=list)
    corrections: list[Entry] = field(default_factory=list)
    corrections_count: int = 0
    # Read from its snapshot; a closed report without one asks for it (reports/tasks.py).
    stored: bool = False

    @property
    def decisions_listed(self) -> list[tuple[str, str, list[Entry], int]]:
        """(status, label, listed entries, how many ideas in all) for each listed status."""
        counts = {
            Status.DONE: self.total.carried_out,
            Status.REJECTED: self.total.rejected,
            Status.HANDED_OVER: self.total.handed_over,
        }
        return [
            (status, str(status.label), self.decisions.get(status, []), counts[status])
            for status in LISTED_STATUSES
        ]


def _parameters(period: Period) -> dict:
    as_of = period.as_of
    return {
        "cutoff": period.cutoff or _NO_CUTOFF,
        "start": period.start,
        "end": period.end,
        "as_of": as_of,
        "waiting_since": as_of - timedelta(days=WAITING_DAYS),
        "waiting_shown": WAITING_SHOWN,
        "decisions": [str(s) for s in DECISIONS],
        "open": [str(s) for s in OPEN],
        "listed": [str(s) for s in LISTED_STATUSES],
        "listed_count": LISTED,
        "done": Status.DONE.value,
        "rejected": Status.REJECTED.value,
        "handed_over": Status.HANDED_OVER.value,
    }


def trail_figures(period: Period) -> tuple[dict[int | None, Figures], list[tuple[int, int]]]:
    """The trail's figures by group id (None: all groups), and the ideas that have waited
    longest at the period's end, the longest first: (id, days). One query."""
    with connection.cursor() as cursor:
        cursor.execute(_FIGURES_SQL, _parameters(period))
        rows = cursor.fetchall()
    figures, waiting = {}, []
    for group_id, *counts, waiting_ids, waiting_days in rows:
        figures[group_id] = Figures(*counts)
        if group_id is None:
            waiting = list(zip(waiting_ids or [], waiting_days or [], strict=True))
    return figures, waiting


def _meeting_figures(period: Period, figures: dict[int | None, Figures]) -> None:
    held_before = min(
        datetime.combine(period.end + timedelta(days=1), time.min, zone()), timezone.now()
    )
    with connection.cursor() as cursor:
        cursor.execute(
            _MEETINGS_SQL,
            {
                "from": datetime.combine(period.start, time.min, zone()),
                "to": held_before,
                "cutoff": period.cutoff or _NO_CUTOFF,
            },
        )
        for group_id, held, with_minutes in cursor.fetchall():
            row = figures.setdefault(group_id, Figures())
            row.meetings, row.with_minutes = held, with_minutes


def late_steps(period: Period, figures: dict[int | None, Figures]) -> list[int]:
    """Count the late next steps into `figures`; the ids of the longest overdue (WAITING_SHOWN).
    One query."""
    as_of = period.as_of
    bound = datetime.combine(as_of + timedelta(days=1), time.min, zone())
    parameters = {
        "bound": min(bound, period.cutoff or _NO_CUTOFF),
        "this_month": as_of.replace(day=1),
        "shown": WAITING_SHOWN,
    }
    with connection.cursor() as cursor:
        cursor.execute(_LATE_SQL, parameters)
        rows = cursor.fetchall()
    shown: list[int] = []
    for group_id, count, ids in rows:
        figures.setdefault(group_id, Figures()).late_steps = count
        if group_id is None:
            shown = list(ids or [])
    return shown


def _decisions(period: Period) -> dict[str, list[Entry]]:
    listed: dict[str, list[Entry]] = {}
    with connection.cursor() as cursor:
        cursor.execute(_DECISIONS_SQL, _parameters(period))
        for _id, status, decided_on, decided_by, explanation, title, slug, group in cursor:
            listed.setdefault(status, []).append(
                Entry(status, decided_on, explanation, title, _idea_url(slug), group, decided_by)
            )
    return listed


def _corrections(
    period: Period, since: datetime | None = None, until: datetime | None = None
) -> tuple[list[Entry], int]:
    """The entries recorded after the cutoff (from `since`, until `until`) about the period: the
    first LISTED of them, and how many in all."""
    if period.cutoff is None:
        return [], 0
    bounds = {"since": max(since or period.cutoff, period.cutoff), "until": until or _NO_CUTOFF}
    with connection.cursor() as cursor:
        cursor.execute(_CORRECTIONS_SQL, _parameters(period) | bounds)
        rows = cursor.fetchall()
    entries = [
        Entry(
            status, decided_on, explanation, title, _idea_url(slug, pk),
            recorded_on=timezone.localdate(recorded_at), corrects_status=old_status or "",
            corrects_decided_on=old_decided_on,
        )
        for pk, status, decided_on, explanation, recorded_at, title, slug, old_status,
        old_decided_on, _count in rows
    ]  # fmt: skip
    return entries, rows[0][-1] if rows else 0


def _idea_url(slug: str, entry: int | None = None) -> str:
    url = Idea(slug=slug).get_absolute_url()
    return f"{url}#andring-{entry}" if entry else url


@dataclass
class _Counted:
    """What a report counts from the trail and the meetings; a closed report's is stored."""

    figures: dict[int | None, Figures]
    waiting: list[tuple[int, int]]
    decisions: dict[str, list[Entry]]
    late: list[int] = field(default_factory=list)
    # A snapshot's corrections, those recorded before `corrections_until`.
    corrections: list[Entry] = field(default_factory=list)
    corrections_count: int = 0
    corrections_until: datetime | None = None

    def as_data(self) -> dict:
        return {
            "version": SNAPSHOT_VERSION,
            "figures": [[key, asdict(row)] for key, row in self.figures.items()],
            "waiting": self.waiting,
            "decisions": {s: [asdict(e) for e in rows] for s, rows in self.decisions.items()},
            "late": self.late,
            "corrections": [asdict(e) for e in self.corrections],
            "corrections_count": self.corrections_count,
            "corrections_until": self.corrections_until,
        }

    @classmethod
    def from_data(cls, data: dict) -> "_Counted":
        until = data.get("corrections_until")

        def entry(fields: dict) -> Entry:
            for name in ("decided_on", "recorded_on", "corrects_decided_on"):
                if fields[name]:
                    fields[name] = date.fromisoformat(fields[name])
            return Entry(**fields)

        return cls(
            figures={key: Figures(**row) for key, row in data["figures"]},
            waiting=[(pk, days) for pk, days in data["waiting"]],
            decisions={s: [entry(e) for e in rows] for s, rows in data["decisions"].items()},
            late=list(data["late"]),
            corrections=[entry(e) for e in data.get("corrections", [])],
            corrections_count=data.get("corrections_count", 0),
            corrections_until=until and datetime.fromisoformat(until),
        )


def _count(period: Period) -> _Counted:
    figures, waiting = trail_figures(period)
    _meeting_figures(period, figures)
    late = late_steps(period, figures)
    return _Counted(figures, waiting, _decisions(period), late)


def is_current(data: dict) -> bool:
    """Whether a snapshot holds what a report shows now; an older one is counted again."""
    return data.get("version") == SNAPSHOT_VERSION


def _stored(period: Period) -> _Counted | None:
    """A closed report's snapshot, if one was made at its present cutoff. One query."""
    row = ReportSnapshot.objects.filter(period=period.slug).values_list("cutoff", "data").first()
    if row is None or row[0] != period.cutoff or not is_current(row[1]):
        return None
    return _Counted.from_data(row[1])


def _with_corrections(period: Period, counted: _Counted) -> _Counted:
    """The corrections recorded so far, kept with the snapshot: a report then reads only those
    recorded since (an index on recorded_at)."""
    until = timezone.now()
    counted.corrections, counted.corrections_count = _corrections(period, until=until)
    counted.corrections_until = until
    return counted


def store_snapshot(period: Period) -> None:
    """Count a closed report and store it, in place of any made at another cutoff."""
    assert period.closed, "only a closed report never changes"
    counted = _with_corrections(period, _count(period))
    ReportSnapshot.objects.update_or_create(
        period=period.slug, defaults={"cutoff": period.cutoff, "data": counted.as_data()}
    )


def refresh_corrections(snapshot: ReportSnapshot, period: Period) -> None:
    """Bring a snapshot's corrections up to now; its figures stay as they are."""
    counted = _with_corrections(period, _Counted.from_data(snapshot.data))
    snapshot.data = counted.as_data()
    snapshot.save(update_fields=["data", "made_at"])


def _all_corrections(period: Period, counted: _Counted) -> tuple[list[Entry], int]:
    """A snapshot's corrections and those recorded since; all of them without a snapshot."""
    if counted.corrections_until is None:
        return _corrections(period)
    later, later_count = _corrections(period, since=counted.corrections_until)
    listed = (counted.corrections + later)[:LISTED]
    return listed, counted.corrections_count + later_count


def make_report(period: Period) -> Report:
    """The whole report of a period. A closed report reads its snapshot (one query) and its
    corrections; without one yet, or while the report is open, it counts the trail: seven
    queries (eight when closed) however many ideas and entries there are."""
    counted = _stored(period) if period.closed else None
    stored = counted is not None
    if counted is None:
        counted = _count(period)
    figures = dict(counted.figures)
    total = figures.pop(None, Figures())
    groups = Group.objects.filter(pk__in=list(figures)).only("name", "slug").order_by("name")
    by_id = (
        Idea.objects.filter(pk__in=[pk for pk, _days in counted.waiting])
        .select_related("group")
        .only("title", "slug", "status_changed_on", "group__name", "group__slug")
        .in_bulk()
    )
    late_by_id = (
        NextStep.objects.select_related("idea__group")
        .only("planned_month", "by_body", "text", "idea__title", "idea__slug", "idea__group__name")
        .in_bulk(counted.late)
    )
    corrections, corrections_count = _all_corrections(period, counted)
    return Report(
        period=period,
        total=total,
        groups=[(group, figures[group.pk]) for group in groups if not figures[group.pk].is_empty],
        waiting=[(by_id[pk], days) for pk, days in counted.waiting if pk in by_id],
        decisions=counted.decisions,
        late=[late_by_id[pk] for pk in counted.late if pk in late_by_id],
        corrections=corrections,
        corrections_count=corrections_count,
        stored=stored,
    )
