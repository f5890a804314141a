"""Small factory functions: each makes one valid object, with any field overridable."""

import itertools
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.contrib.auth.models import Group as StaffGroup
from django.contrib.auth.models import User
from django.utils import timezone

from directory.models import Group, Organisation
from ideas.models import NEEDS_EXPLANATION, Idea, Status, StatusChange, Theme
from ideas.services import record_status_change
from meetings.models import AgendaItem, Attendee, Meeting, MeetingLink

STOCKHOLM = ZoneInfo("Europe/Stockholm")
_seq = itertools.count(1)


def stockholm(year, month, day, hour=13, minute=0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=STOCKHOLM)


def make_organisation(**fields) -> Organisation:
    n = next(_seq)
    fields.setdefault("name", f"Brukarföreningen {n}")
    fields.setdefault("slug", f"brukarforeningen-{n}")
    return Organisation.objects.create(**fields)


def make_group(**fields) -> Group:
    n = next(_seq)
    fields.setdefault("name", f"Innovationsgrupp {n}")
    fields.setdefault("slug", f"innovationsgrupp-{n}")
    fields.setdefault("kind", Group.Kind.INNOVATION)
    return Group.objects.create(**fields)


def make_meeting(*, agenda_items=0, published=True, **fields) -> Meeting:
    """A meeting of a new group unless one is given; `agenda_items` adds that many with minutes."""
    n = next(_seq)
    if "group" not in fields:
        fields["group"] = make_group()
    fields.setdefault("title", f"Möte nummer {n}")
    fields.setdefault("starts_at", timezone.now() - timedelta(days=n))
    fields.setdefault("ends_at", fields["starts_at"] + timedelta(hours=2))
    fields.setdefault("place", "Socialförvaltningen, Södergatan 3")
    fields.setdefault("status", Meeting.Status.PUBLISHED if published else Meeting.Status.DRAFT)
    meeting = Meeting.objects.create(**fields)
    for position in range(1, agenda_items + 1):
        make_agenda_item(meeting, position=position)
    return meeting


def make_agenda_item(meeting: Meeting, **fields) -> AgendaItem:
    fields.setdefault("position", meeting.agenda_items.count() + 1)
    fields.setdefault("heading", f"Punkt {fields['position']}")
    fields.setdefault("body", "Gruppen diskuterade frågan.\n\n* En synpunkt\n* En annan synpunkt")
    return AgendaItem.objects.create(meeting=meeting, **fields)


def make_attendee(meeting: Meeting, **fields) -> Attendee:
    if "organisation" not in fields:
        fields["organisation"] = make_organisation()
    fields.setdefault("name", f"Person {next(_seq)}")
    return Attendee.objects.create(meeting=meeting, **fields)


def make_link(meeting: Meeting, **fields) -> MeetingLink:
    fields.setdefault("title", "Del 1: Inledning")
    fields.setdefault("url", "https://example.org/inspelning/1")
    return MeetingLink.objects.create(meeting=meeting, **fields)


def make_editor(username="redaktor", password="korrekt-hast-batteri-1") -> User:
    user = User.objects.create_user(username, f"{username}@example.org", password, is_staff=True)
    user.groups.add(StaffGroup.objects.get(name="Redaktör"))
    return user


def make_theme(**fields) -> Theme:
    n = next(_seq)
    fields.setdefault("name", f"Tema {n}")
    fields.setdefault("slug", f"tema-{n}")
    return Theme.objects.create(**fields)


def make_idea(*, recorded_by=None, **fields) -> Idea:
    """An idea with the first entry of its trail ("received"), as the admin makes it."""
    n = next(_seq)
    if "group" not in fields:
        fields["group"] = make_group()
    if "theme" not in fields:
        fields["theme"] = make_theme()
    fields.setdefault("title", f"Idé nummer {n}")
    fields.setdefault("slug", f"ide-{n}")
    fields.setdefault("problem", "Det är svårt att få hjälp.")
    fields.setdefault("proposal", "Gör det lättare att få hjälp.")
    fields.setdefault("raised_on", timezone.localdate() - timedelta(days=30))
    idea = Idea.objects.create(**fields)
    record_status_change(
        idea,
        recorded_by=recorded_by or make_staff_user(),
        status=Status.RECEIVED,
        decided_on=idea.raised_on,
        decided_by=idea.group.name,
    )
    return idea


def change_status(idea: Idea, status: str, *, recorded_by=None, **fields) -> StatusChange:
    fields.setdefault("decided_on", timezone.localdate())
    fields.setdefault("decided_by", "Gemensam utvecklingsgrupp")
    if status in NEEDS_EXPLANATION:
        fields.setdefault("explanation", "Det finns inga pengar till det i år.")
    return record_status_change(
        idea, recorded_by=recorded_by or make_staff_user(), status=status, **fields
    )


def make_staff_user(username=None) -> User:
    username = username or f"personal-{next(_seq)}"
    return User.objects.create_user(username, is_staff=True)


def make_representative(*, organisations=None, password="korrekt-hast-batteri-1", **fields):
    """A representative of one new organisation unless some are given, with a chosen password.

    `password=None` makes an invited representative who has not chosen one yet.
    """
    from directory.models import Representative

    n = next(_seq)
    email = fields.pop("email", f"representant-{n}@example.org").lower()
    user = User.objects.create_user(
        email,
        email,
        password,
        first_name=fields.pop("first_name", "Anna"),
        last_name=fields.pop("last_name", f"Andersson {n}"),
    )
    representative = Representative.objects.create(user=user, **fields)
    representative.organisations.set(organisations or [make_organisation()])
    return representative


def make_attachment(meeting: Meeting, **fields):
    """A small PDF attached to the meeting."""
    from django.core.files.base import ContentFile

    from meetings.models import Attachment

    n = next(_seq)
    fields.setdefault("title", f"Bilaga {n}")
    fields.setdefault("file", ContentFile(b"%PDF-1.4\n%%EOF\n", name=f"bilaga-{n}.pdf"))
    return Attachment.objects.create(meeting=meeting, **fields)


def make_comment(idea: Idea, *, state=None, **fields):
    """A representative's comment, approved unless another state is given."""
    from ideas.models import Comment

    if "author" not in fields:
        representative = make_representative()
        fields["author"] = representative.user
        fields.setdefault("organisation", representative.organisations.first())
    fields.setdefault("body", f"En kommentar nummer {next(_seq)}.")
    state = state or Comment.State.APPROVED
    if state == Comment.State.HIDDEN:
        fields.setdefault("hidden_reason", "Kommentaren handlade om en enskild person.")
    return Comment.objects.create(idea=idea, state=state, **fields)
