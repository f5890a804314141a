"""The demo's organisations, groups and about a year of meetings around today.

One of the joint group's meetings has the real minutes (devtools/demo/minutes.py); the others
take a few topics of their group (devtools/content/demo/groups.yaml), chosen with a seeded random
so every demo database looks the same on a given day.
"""

import random
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from devtools import build
from devtools.content import read
from devtools.demo.minutes import read_minutes
from meetings.models import Meeting
from portal.dates import MONTHS, zone

SEED = 20140115  # one fixed seed, so every demo database looks the same on a given day
MONTHS_BACK, MONTHS_AHEAD = 9, 3

ORGANISATIONS = read("demo/organisations.yaml")
GROUPS = read("demo/groups.yaml")
AGENDA = read("demo/agenda.yaml")
JOINT, STAFF_IDEAS, USER_IDEAS, DROP_IN = GROUPS
USER_ORGANISATIONS = [
    slug for slug, org in ORGANISATIONS.items() if org["kind"] == "user_organisation"
]
DEPARTMENT = "socialforvaltningen"  # its people are the department's staff


def load_meetings(now: datetime) -> int:
    """The organisations, groups and meetings; returns how many meetings."""
    real_minutes = read_minutes()
    rng = random.Random(SEED)
    today = timezone.localdate(now, zone())
    organisations = {
        slug: build.organisation(
            slug=slug,
            contact_email=f"{slug}@example.org",
            contact_phone=f"042-{12 + n} {34 + n * 7:02d} {56 - n * 3:02d}",
            website=f"https://example.org/{slug}/",
            **{key: value for key, value in fields.items() if key != "people"},
        )
        for n, (slug, fields) in enumerate(ORGANISATIONS.items())
    }
    own = ("members", "schedule", "place", "notice", "topics")
    groups = {
        slug: build.group(
            slug=slug,
            members=[organisations[member] for member in fields["members"]],
            **{key: value for key, value in fields.items() if key not in own},
        )
        for slug, fields in GROUPS.items()
    }

    real_day = last_15_january(today)
    count = 0
    for slug, group in groups.items():
        spec = GROUPS[slug]
        schedule = spec["schedule"]
        start, end = time.fromisoformat(schedule["starts"]), time.fromisoformat(schedule["ends"])
        days = [
            _nth_weekday(month, schedule["weekday"], schedule["nth"])
            for month in _months(today, MONTHS_BACK, MONTHS_AHEAD)
            if month.month != 7  # summer break
        ]
        if slug == JOINT:
            # The real minutes take the place of that month's ordinary meeting.
            days = [d for d in days if (d.year, d.month) != (real_day.year, real_day.month)]
            days = sorted([*days, real_day])
        starts = [datetime.combine(day, start, zone()) for day in days]
        past = [s for s in starts if s < now]
        drafts = set()
        if slug == STAFF_IDEAS:
            drafts.add(past[-1])  # minutes still being checked
        elif slug == USER_IDEAS:
            drafts.add(starts[-1])  # the notice is not finished yet
        for index, starts_at in enumerate(starts):
            day = starts_at.date()
            if starts_at in drafts:
                status = {"status": Meeting.Status.DRAFT}
            else:
                # When the notice would have gone out, rather than the moment the demo loaded.
                published_at = min(now, starts_at - timedelta(days=7))
                status = {"status": Meeting.Status.PUBLISHED, "published_at": published_at}
            meeting = build.meeting(
                group=group,
                title=f"{group.name} {day.day} {MONTHS[day.month - 1]}",
                starts_at=starts_at,
                ends_at=datetime.combine(day, end, zone()),
                place=spec["place"],
                notice=spec["notice"],
                **status,
            )
            count += 1
            is_past = starts_at < now
            present = []
            if slug == JOINT and day == real_day:
                # The real minutes name no one present, so no attendees are invented for them.
                agenda = real_minutes
            else:
                following = starts[index + 1] if index + 1 < len(starts) else None
                agenda = _agenda(rng, slug, following, end)
                if slug == DROP_IN or not is_past:
                    agenda = [(heading, "") for heading, _body in agenda]
                if is_past:
                    present = _attendees(rng, slug, organisations)
            build.agenda(meeting, agenda)
            build.attendees(meeting, present)
            if slug == JOINT and is_past and day != real_day and starts_at >= past[-3]:
                build.links(meeting, _recording(meeting))
    return count


def last_15_january(today: date) -> date:
    """The date of the real minutes' meeting: the latest 15 January before today."""
    this_year = date(today.year, 1, 15)
    return this_year if this_year < today else date(today.year - 1, 1, 15)


def _months(today: date, back: int, ahead: int) -> list[date]:
    """The first day of each month from `back` months before today's to `ahead` months after."""
    current = today.year * 12 + today.month - 1
    return [date(m // 12, m % 12 + 1, 1) for m in range(current - back, current + ahead + 1)]


def _nth_weekday(first: date, weekday: int, nth: int) -> date:
    return first + timedelta(days=(weekday - first.weekday()) % 7 + 7 * (nth - 1))


def _agenda(rng: random.Random, slug: str, following: datetime | None, end: time):
    topics = [
        (topic["heading"], topic["minutes"])
        for topic in rng.sample(GROUPS[slug]["topics"], 2 if slug == STAFF_IDEAS else 3)
    ]
    if slug == DROP_IN:
        return [
            *((heading, "") for heading in AGENDA["drop_in_opening"]),
            *topics,
            *((heading, "") for heading in AGENDA["drop_in_closing"]),
        ]
    if following:
        day = following.date()
        next_meeting = AGENDA["next_meeting"].format(
            weekday=AGENDA["weekdays"][day.weekday()],
            day=day.day,
            month=MONTHS[day.month - 1],
            year=day.year,
            starts=_clock(following.time()),
            ends=_clock(end),
        )
    else:
        next_meeting = AGENDA["no_next_meeting"]
    opening = AGENDA["joint_opening"] if slug == JOINT else AGENDA["opening"]
    return [
        *((item["heading"], item["minutes"]) for item in opening),
        *topics,
        (AGENDA["other_business_heading"], rng.choice(AGENDA["other_business"])),
        (AGENDA["next_meeting_heading"], next_meeting),
    ]


def _clock(value: time) -> str:
    return f"{value.hour}.{value.minute:02d}"  # Swedish style: kl. 9.00, kl. 13.30


def _attendees(rng: random.Random, slug: str, organisations: dict) -> list[tuple]:
    """(name, organisation, role) of those present at a meeting of the group `slug`."""
    people = {org: spec["people"] for org, spec in ORGANISATIONS.items()}
    staff, roles = people[DEPARTMENT], AGENDA["roles"]
    department = organisations[DEPARTMENT]
    contact = GROUPS[slug]["contact_name"]
    leader = roles["chair"] if slug == JOINT else roles["discussion_leader"]
    present = [(contact, department, leader)]
    if slug == JOINT:
        present.append((rng.choice(staff), department, roles["secretary"]))
        # Most organisations send someone to most meetings.
        for org in [*USER_ORGANISATIONS, "region-skane"]:
            if rng.random() < 0.8:
                present.append((rng.choice(people[org]), organisations[org], ""))
    elif slug == STAFF_IDEAS:
        present += [(name, department, "") for name in rng.sample(staff, 4)]
        present.append((rng.choice(people["hela-manniskan"]), organisations["hela-manniskan"], ""))
    elif slug == USER_IDEAS:
        for org in rng.sample(USER_ORGANISATIONS, 4):
            present.append((rng.choice(people[org]), organisations[org], ""))
    else:
        # Visitors of the drop-in centre are not named: that they use the services is private.
        present.append((rng.choice(staff), department, ""))
        org = rng.choice(["rfhl", "verdandi"])
        present.append((rng.choice(people[org]), organisations[org], ""))
    return present


def _recording(meeting: Meeting) -> list[tuple[str, str]]:
    return [
        (title, f"https://example.org/inspelningar/{meeting.slug}/del-{n}")
        for n, title in enumerate(AGENDA["recording_parts"], start=1)
    ]
