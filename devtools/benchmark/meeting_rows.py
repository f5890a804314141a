"""The benchmark's meetings, their agenda items, attendees and links."""

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.utils.text import slugify

from devtools.benchmark.scale import DAYS_AHEAD, KNOWN_MEETING_SLUG, WORDS, spread
from meetings.models import AgendaItem, Attendee, Meeting, MeetingLink
from portal.dates import MONTHS, zone


@dataclass
class _Meeting:
    id: int
    group: int
    day: date
    starts_at: datetime
    published: bool
    first_item: int = 0
    items: int = 0


class MeetingRows:
    """The loader's part that fills the meetings (devtools/benchmark/dataset.py)."""

    def _meetings(self) -> int:
        rng = self._rng("meetings")
        n = self.n["meetings"]
        span = (self.today - self.first_day).days + DAYS_AHEAD
        days = sorted(self.first_day + timedelta(days=rng.randrange(span)) for _ in range(n))
        # A few upcoming meetings at every scale, for the home page and the groups.
        for k in range(min(3, n)):
            if days[-1 - k] <= self.today:
                days[-1 - k] = self.today + timedelta(days=7 * (3 - k))
        days.sort()
        weights = [3] + [1] * (len(self.groups) - 1)
        groups = rng.choices(range(len(self.groups)), weights, k=n)
        groups[0] = 0  # the joint group has met since the start
        self.meetings: list[_Meeting] = []
        for i, (day, group) in enumerate(zip(days, groups, strict=True)):
            starts_at = datetime.combine(day, time(rng.choice((9, 13, 14, 18))), zone())
            past = starts_at < self.now
            published = rng.random() >= (0.02 if past else 0.3)
            self.meetings.append(_Meeting(i + 1, group, day, starts_at, published))
        # Agenda items per meeting: about ten, and exactly the scale's number in all.
        items = spread(rng, self.n["agenda_items"], n, low=3)
        next_item = 1
        for meeting, count in zip(self.meetings, items, strict=True):
            meeting.first_item, meeting.items = next_item, count
            next_item += count
        # The known meeting: the joint group's last meeting with minutes at least a month ago.
        month_ago = self.now - timedelta(days=30)
        self.known = next(
            (
                m
                for m in reversed(self.meetings)
                if m.group == 0 and m.published and m.starts_at < month_ago
            ),
            next(m for m in self.meetings if m.published and m.starts_at < self.now),
        )
        # Published meetings that have been held, per group and by date, for the trail.
        self.held: list[list[_Meeting]] = [[] for _ in self.groups]
        for m in self.meetings:
            if m.published and m.starts_at < self.now:
                self.held[m.group].append(m)
        self.held_days = [[m.day.toordinal() for m in held] for held in self.held]

        slugs = set()

        def rows() -> Iterator[tuple]:
            for m in self.meetings:
                group = self.group_names[m.group]
                title = f"{group} {m.day.day} {MONTHS[m.day.month - 1]} {m.day.year}"
                slug = KNOWN_MEETING_SLUG if m is self.known else slugify(title)
                if slug in slugs:
                    slug = f"{slug}-{m.id}"
                slugs.add(slug)
                notice = (
                    f"Välkommen till {group} den {m.day.day} {MONTHS[m.day.month - 1]}. "
                    f"{self._text(rng, 1, 2)} Anmäl förhinder till gruppens kontaktperson."
                )
                published_at = (
                    min(self.now, m.starts_at - timedelta(days=14)) if m.published else None
                )
                yield (
                    m.id,
                    m.group + 1,
                    title,
                    slug,
                    m.starts_at,
                    m.starts_at + timedelta(hours=2),
                    rng.choice(WORDS["places"]),
                    notice,
                    Meeting.Status.PUBLISHED if m.published else Meeting.Status.DRAFT,
                    published_at,
                    min(self.now, m.starts_at + timedelta(days=10)),
                )

        return self._copy(
            Meeting,
            "id group_id title slug starts_at ends_at place notice status published_at updated_at",
            rows(),
        )

    def _agenda_items(self) -> int:
        rng = self._rng("agenda")
        middle = WORDS["agenda_headings"][1:-2]

        def rows() -> Iterator[tuple]:
            for m in self.meetings:
                minutes = m.starts_at < self.now and self.keeps_minutes[m.group]
                for position in range(1, m.items + 1):
                    if position == 1:
                        heading = WORDS["agenda_headings"][0]
                    elif position == m.items:
                        heading = WORDS["agenda_headings"][-2]
                    else:
                        heading = rng.choice(middle)
                    body = ""
                    if minutes and (m is self.known or rng.random() < 0.9):
                        body = "- " + self._text(rng, 2, 5, "\n- ")
                    yield (m.first_item + position - 1, m.id, position, heading, body)

        return self._copy(AgendaItem, "id meeting_id position heading body", rows())

    def _attendees(self) -> int:
        rng = self._rng("attendees")

        def rows() -> Iterator[tuple]:
            for m in self.meetings:
                if not (m.published and m.starts_at < self.now):
                    continue
                orgs = self.group_orgs[m.group]
                for k in range(12 if m is self.known else rng.randint(3, 6)):
                    role = "ordförande" if k == 0 else rng.choice(("", "", "", *WORDS["roles"]))
                    yield (m.id, self._person(rng), rng.choice(orgs), role)

        rows_written = self._copy(Attendee, "meeting_id name organisation_id role", rows())
        links = [
            (
                self.known.id,
                1,
                "Del 1: Inledning och information",
                "https://play.example.org/stormote-del-1",
            ),
            (self.known.id, 2, "Del 2: Förslagen", "https://play.example.org/stormote-del-2"),
        ]
        return rows_written + self._copy(MeetingLink, "meeting_id position title url", links)

    # Ideas and their trails. The trail is written first: each idea's current status is a copy
    # of its trail's last entry.
