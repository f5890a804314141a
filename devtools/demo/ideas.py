"""The demo's themes and ideas (devtools/content/demo/ideas.yaml), each with its status trail,
linked to the meetings that discussed it.

Every entry goes through ideas.services.record_status_change() (devtools/build.py), as when
staff record it in the admin.
"""

from datetime import date, datetime, timedelta
from typing import NamedTuple

from django.utils import timezone
from django.utils.text import slugify

from devtools import build
from devtools.content import read
from devtools.demo.meetings import GROUPS, JOINT, last_15_january
from directory.models import Group, Organisation
from ideas.models import Idea, Status
from ideas.next_steps import month_after
from meetings.models import AgendaItem, Meeting
from portal.dates import zone

CONTENT = read("demo/ideas.yaml")
IDEAS = CONTENT["ideas"]
REAL_ITEM = CONTENT["real_item"]  # item 2 of the real minutes
DEVELOPMENT_GROUP = GROUPS[JOINT]["name"]
PREFER_ITEM_DAYS = 120  # how much longer a decision may wait for a meeting with its agenda item
RAISE_WINDOW = 35  # how far from its planned day an idea may be raised, to meet its group
CLOSED = {Status.DONE, Status.REJECTED, Status.HANDED_OVER}  # no more comments on these


class _Held(NamedTuple):
    """A published meeting that has taken place, with its agenda items by heading."""

    meeting: Meeting
    day: date
    items: dict[str, AgendaItem]


def load_ideas(editor, now: datetime) -> int:
    """The themes and ideas with their trails; returns how many ideas."""
    today = timezone.localdate(now, zone())
    real_day = last_15_january(today)
    themes = {name: build.theme(name=name, slug=slugify(name)) for name in CONTENT["themes"]}
    groups = {group.slug: group for group in Group.objects.all()}
    organisations = {org.slug: org for org in Organisation.objects.all()}
    held: dict[str, list[_Held]] = {slug: [] for slug in groups}
    meetings = (
        Meeting.objects.published()
        .filter(starts_at__lt=now)
        .select_related("group")
        .prefetch_related("agenda_items")
        .order_by("starts_at")
    )
    for meeting in meetings:
        items = {item.heading: item for item in meeting.agenda_items.all()}
        day = timezone.localdate(meeting.starts_at, zone())
        held[meeting.group.slug].append(_Held(meeting, day, items))
    every_meeting = sorted((h for group in held.values() for h in group), key=lambda h: h.day)

    links: set[tuple[int, int]] = set()  # (agenda item, idea)
    closed = []
    for spec in IDEAS:
        group = groups[spec["group"]]
        if spec["days_ago"] is None:
            raised_at = next(h for h in held[JOINT] if h.day == real_day)
            raised_on = real_day
        else:
            target = today - timedelta(days=spec["days_ago"])
            raised_at = _raising_meeting(held[spec["group"]], target, spec["discussed"])
            raised_on = raised_at.day if raised_at else _weekday(target, back=True)
        item = None
        if raised_at:
            item = next(
                (raised_at.items[h] for h in spec["discussed"] if h in raised_at.items), None
            )
        idea = build.idea(
            recorded_by=editor,
            meeting=raised_at.meeting if raised_at else None,
            agenda_item=item,
            title=spec["title"],
            slug=spec["slug"],
            problem=spec["problem"],
            proposal=spec["proposal"],
            theme=themes[spec["theme"]],
            group=group,
            organisation=organisations.get(spec.get("organisation", "")),
            raised_on=raised_on,
            diary_number=spec.get("diary_number", ""),
        )
        entry = idea.trail.get()
        first_decision = None
        for step in spec["trail"]:
            earliest = entry.decided_on + timedelta(days=step["after"])
            meeting = item = None
            if step.get("by"):
                day, decided_by = _weekday(earliest), step["by"]
            else:
                decided_at = _decision_meeting(held[JOINT], earliest, step.get("item", ""))
                if decided_at is None:
                    break
                meeting, day, decided_by = decided_at.meeting, decided_at.day, DEVELOPMENT_GROUP
                item = decided_at.items.get(step.get("item", ""))
            if day > today:
                break
            entry = build.status_change(
                idea,
                recorded_by=editor,
                status=step["status"],
                decided_on=day,
                decided_by=decided_by,
                explanation=step.get("explanation", ""),
                meeting=meeting,
                agenda_item=item,
                corrects=entry if step.get("corrects") else None,
                diary_number=step.get("diary_number", ""),
            )
            first_decision = first_decision or day
            if item:
                links.add((item.pk, idea.pk))
        if planned := spec.get("next_step"):
            month = today.replace(day=1)
            for _ in range(planned["months"]):
                month = month_after(month)
            build.next_step(
                idea,
                recorded_by=editor,
                text=planned["text"],
                by_body=planned["by"],
                planned_month=month,
            )
        # Each topic is linked where it first came up: from the day the idea was raised, or for
        # reports back to the group from its first decision, and no later than it was closed.
        last_day = entry.decided_on if idea.status in CLOSED else today
        for headings, since in (
            (spec["discussed"], raised_on),
            (spec.get("reported", []), first_decision),
        ):
            for heading in headings:
                found = _first_item(every_meeting, heading, since, last_day)
                if found:
                    links.add((found.pk, idea.pk))
        if idea.status in CLOSED:
            closed.append(idea.pk)

    Link = AgendaItem.ideas.through
    Link.objects.bulk_create(
        [Link(agendaitem_id=item, idea_id=idea) for item, idea in sorted(links)]
    )
    Idea.objects.filter(pk__in=closed).update(open_for_comments=False)
    return len(IDEAS)


def _raising_meeting(held: list[_Held], target: date, headings: list[str]) -> _Held | None:
    """The group's meeting where an idea was raised, about `target`.

    The nearest one within RAISE_WINDOW days that has the idea on its agenda, or else the last
    one in the month before; None when the group met in neither.
    """
    near = [h for h in held if abs((h.day - target).days) <= RAISE_WINDOW]
    on_agenda = [h for h in near if any(heading in h.items for heading in headings)]
    if on_agenda:
        return min(on_agenda, key=lambda h: (abs((h.day - target).days), h.day))
    before = [h for h in near if h.day <= target]
    return before[-1] if before else None


def _first_item(held: list[_Held], heading: str, since: date | None, until: date):
    """The first agenda item with `heading` of a meeting from `since` to `until`, if any."""
    if since is None:
        return None
    return next(
        (h.items[heading] for h in held if since <= h.day <= until and heading in h.items), None
    )


def _decision_meeting(held: list[_Held], earliest: date, heading: str) -> _Held | None:
    """The joint group's first meeting from `earliest`; a little later if one has `heading`."""
    after = [h for h in held if h.day >= earliest]
    if heading:
        for h in after:
            if h.day > earliest + timedelta(days=PREFER_ITEM_DAYS):
                break
            if heading in h.items:
                return h
    return after[0] if after else None


def _weekday(day: date, back: bool = False) -> date:
    """`day`, or the working day after it (before it, with `back`) when it is a weekend."""
    while day.weekday() >= 5:
        day += timedelta(days=-1 if back else 1)
    return day
