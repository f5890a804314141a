"""Makes the portal's content from plain values: the one builder that the demo, the benchmark's
fixed pages and the tests' factories (tests/factories.py) share.

Each function makes one thing the way the product makes it (an idea with the first entry of its
trail, a status change through record_status_change, an editor in the editors' staff group), and
takes every field as a keyword, so callers choose the values and nothing else.
"""

from collections.abc import Iterable

from django.contrib.auth.models import Group as StaffGroup
from django.contrib.auth.models import User

from directory.models import Group, Organisation, Representative
from ideas.models import Comment, Idea, Status, StatusChange, Theme
from ideas.services import record_next_step, record_status_change
from meetings.models import AgendaItem, Attendee, Meeting, MeetingLink
from portal import roles


def organisation(**fields) -> Organisation:
    return Organisation.objects.create(**fields)


def group(*, members: Iterable[Organisation] = (), **fields) -> Group:
    """A group; `members` are the organisations taking part."""
    made = Group.objects.create(**fields)
    if members:
        made.organisations.set(members)
    return made


def meeting(**fields) -> Meeting:
    return Meeting.objects.create(**fields)


def agenda_item(meeting: Meeting, **fields) -> AgendaItem:
    return AgendaItem.objects.create(meeting=meeting, **fields)


def agenda(meeting: Meeting, items: Iterable[tuple[str, str]]) -> list[AgendaItem]:
    """The meeting's agenda items, numbered from 1, from (heading, minutes) pairs."""
    return AgendaItem.objects.bulk_create(
        AgendaItem(meeting=meeting, position=position, heading=heading, body=body)
        for position, (heading, body) in enumerate(items, start=1)
    )


def attendee(meeting: Meeting, **fields) -> Attendee:
    return Attendee.objects.create(meeting=meeting, **fields)


def attendees(meeting: Meeting, present: Iterable[tuple[str, Organisation, str]]) -> list:
    """Those present at the meeting, from (name, organisation, role) triples."""
    return Attendee.objects.bulk_create(
        Attendee(meeting=meeting, name=name, organisation=organisation, role=role)
        for name, organisation, role in present
    )


def link(meeting: Meeting, **fields) -> MeetingLink:
    return MeetingLink.objects.create(meeting=meeting, **fields)


def links(meeting: Meeting, titled: Iterable[tuple[str, str]]) -> list[MeetingLink]:
    """The meeting's links (a recording in parts), numbered from 1, from (title, url) pairs."""
    return MeetingLink.objects.bulk_create(
        MeetingLink(meeting=meeting, position=position, title=title, url=url)
        for position, (title, url) in enumerate(titled, start=1)
    )


def theme(**fields) -> Theme:
    return Theme.objects.create(**fields)


def idea(*, recorded_by: User, meeting: Meeting | None = None, agenda_item=None, **fields) -> Idea:
    """An idea with the first entry of its trail ("received" by its group on the day it was
    raised, at `meeting` under `agenda_item` when given), as the admin makes it."""
    made = Idea.objects.create(**fields)
    record_status_change(
        made,
        recorded_by=recorded_by,
        status=Status.RECEIVED,
        decided_on=made.raised_on,
        decided_by=made.group.name,
        meeting=meeting,
        agenda_item=agenda_item,
    )
    return made


def status_change(idea: Idea, *, recorded_by: User, **fields) -> StatusChange:
    return record_status_change(idea, recorded_by=recorded_by, **fields)


def next_step(idea: Idea, *, recorded_by: User, **fields):
    return record_next_step(idea, recorded_by=recorded_by, **fields)


def staff_user(username: str, **fields) -> User:
    return User.objects.create_user(username, is_staff=True, **fields)


def editor(username: str, password: str | None, **fields) -> User:
    """A member of staff in the editors' group (made by the migrations)."""
    user = User.objects.create_user(
        username, f"{username}@example.org", password, is_staff=True, **fields
    )
    user.groups.add(StaffGroup.objects.get(name=roles.EDITOR))
    return user


def moderator(username: str, password: str | None, **fields) -> User:
    """A member of staff in the moderators' group (made by the migrations)."""
    user = User.objects.create_user(
        username, f"{username}@example.org", password, is_staff=True, **fields
    )
    user.groups.add(StaffGroup.objects.get(name=roles.MODERATOR))
    return user


def representative(
    email: str, *, organisations: Iterable[Organisation], password: str | None, **fields
) -> Representative:
    """A representative who logs in with `email`; `password=None` leaves the invitation open."""
    user_fields = {key: fields.pop(key) for key in ("first_name", "last_name") if key in fields}
    user = User.objects.create_user(email, email, password, **user_fields)
    made = Representative.objects.create(user=user, **fields)
    made.organisations.set(organisations)
    return made


def comment(idea: Idea, **fields) -> Comment:
    return Comment.objects.create(idea=idea, **fields)
