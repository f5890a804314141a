"""Minutes imported from the files staff already have: .docx, .odt, .pdf or pasted text.

`read_minutes()` reads a file into agenda items, recordings and attendees
(meetings/minutes_import/readers.py, structure.py); `save_draft()` makes a draft meeting of them
in one transaction, so a file either becomes a whole meeting or nothing. Publishing stays a
separate act. docs/minutes-import.md describes what is recognised.
"""

import re
from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import NamedTuple

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.db.models.functions import Coalesce, Lower
from django.utils import timezone
from django.utils.translation import gettext as _

from directory.models import Group, Organisation
from directory.services import organisation_named
from meetings.minutes_import.readers import Unreadable, read
from meetings.minutes_import.structure import Minutes, structure
from portal.dates import MONTHS, find_date, zone

__all__ = [
    "Draft",
    "Suggested",
    "Unreadable",
    "attendee_key",
    "find_date",
    "folded",
    "listed_attendees",
    "read_minutes",
    "save_draft",
]


class Suggested(NamedTuple):
    """An attendee as the minutes name them, before the editor has looked."""

    name: str
    organisation: Organisation | None  # the directory's, when the name written is found there
    written: str  # the organisation as written ("" when none is)
    role: str = ""  # "ordförande", "sekreterare": the part they had, when one is written


@dataclass
class Draft:
    """What a file was made into, before it is saved."""

    minutes: Minutes
    attendees: list[Suggested] = field(default_factory=list)
    source: str = ""  # the file's text as read, shown beside the result in the preview


def read_minutes(data: bytes, name: str) -> Draft:
    """A file's minutes, or `Unreadable` with the reason."""
    content = read(data, name)
    minutes = structure(content)
    if not minutes.items:
        raise Unreadable(
            _("No agenda items were found: the file has no headings or numbered items to split.")
        )
    attendees = _attendees(minutes.attendees)
    return Draft(minutes, attendees, content if isinstance(content, str) else _text(content))


def _text(blocks) -> str:
    marks = {"bullet": "• ", "number": ""}
    return "\n\n".join(f"{marks.get(block.kind, '')}{block.text}" for block in blocks)


@transaction.atomic
def save_draft(
    draft: Draft,
    *,
    group: Group,
    day: date,
    title: str = "",
    into: "Meeting | None" = None,  # noqa: F821
    add_organisations: bool = False,
) -> "Meeting":  # noqa: F821
    """The draft meeting, its items, recordings and attendees, each checked before any is saved
    (a field too long or an address that is none refuses the whole file).

    An attendee whose organisation is not in the directory is saved only with
    `add_organisations`: the organisation as written is then added to the directory, once
    however many attendees name it. Without an organisation, or without that flag, the
    attendee is left out (`Attendee.organisation` is required).

    With `into`, an existing draft, the items, recordings and attendees are added to it after
    what it has (an attendee it already lists is not added twice); its title and time stay.
    """
    from meetings.models import AgendaItem, Meeting, MeetingLink

    if into is not None:
        meeting = Meeting.objects.select_for_update().get(pk=into.pk)
        if meeting.is_published:
            raise ValidationError(
                _("The meeting has been published meanwhile: minutes are imported into drafts.")
            )
    else:
        meeting = Meeting(
            group=group,
            title=title or f"{group.name} {day.day} {MONTHS[day.month - 1]} {day.year}",
            starts_at=timezone.make_aware(datetime.combine(day, time(13, 0)), zone()),
            status=Meeting.Status.DRAFT,
        )
    after = _last_positions(meeting)
    items = [
        AgendaItem(meeting=meeting, position=number, heading=item.heading, body=item.body)
        for number, item in enumerate(draft.minutes.items, start=after["items"] + 1)
    ]
    links = [
        MeetingLink(meeting=meeting, position=number, title=label, url=address)
        for number, (label, address) in enumerate(
            draft.minutes.recordings, start=after["links"] + 1
        )
    ]
    attendees = _new_attendees(meeting, draft.attendees, add_organisations)
    # Not checked: the meeting (unsaved yet), the organisations (read from the directory, or
    # checked as they were added to it), the slug (made on saving) and the generated search
    # columns.
    exclude = ["meeting", "organisation", "slug", "search_vector", "search_text"]
    for model in (meeting, *items, *links, *attendees):
        model.full_clean(exclude=exclude, validate_unique=False, validate_constraints=False)
    meeting.save()
    for rows in (items, links, attendees):
        if rows:
            type(rows[0]).objects.bulk_create(rows)
    return meeting


def folded(text: str) -> str:
    """A name as two spellings of it compare: whatever its case and spaces."""
    return " ".join(text.split()).casefold()


def attendee_key(name: str, organisation_pk: int) -> tuple[str, int]:
    """What makes two attendees of a meeting the same: the name, folded, and the organisation."""
    return (folded(name), organisation_pk)


def listed_attendees(meeting) -> set[tuple[str, int]]:
    """The `attendee_key()` of each attendee the meeting has (none for an unsaved one)."""
    if meeting is None or meeting.pk is None:
        return set()
    listed = meeting.attendees.values_list("name", "organisation")
    return {attendee_key(name, organisation_pk) for name, organisation_pk in listed}


def _new_attendees(meeting, suggested: list[Suggested], add_organisations: bool) -> list:
    """The attendees to add, each name and organisation once, none the meeting already has."""
    from meetings.models import Attendee

    present = listed_attendees(meeting)
    added: dict[str, Organisation] = {}  # new in the directory, by the folded name
    attendees = []
    for name, organisation, written, role in suggested:
        name = " ".join(name.split())
        if organisation is None and add_organisations and written.strip():
            wanted = folded(written)
            if wanted not in added:
                added[wanted] = organisation_named(written)
            organisation = added[wanted]
        if organisation is None or not name or attendee_key(name, organisation.pk) in present:
            continue
        present.add(attendee_key(name, organisation.pk))
        role = " ".join(role.split())
        attendees.append(Attendee(meeting=meeting, name=name, organisation=organisation, role=role))
    return attendees


def _last_positions(meeting) -> dict[str, int]:
    """The highest order number of the meeting's items and links (0 for a new meeting)."""
    if meeting.pk is None:
        return {"items": 0, "links": 0}
    return meeting.__class__.objects.filter(pk=meeting.pk).aggregate(
        items=Coalesce(Max("agenda_items__position"), 0),
        links=Coalesce(Max("links__position"), 0),
    )


# What separates a name from the organisation and the role: "Anna Berg, RSMH", "Anna Berg (RSMH)",
# "Anna Berg – RSMH", "Anna Berg, ordförande, RSMH" or "Anna Berg (sekreterare), RSMH".
_PARTS = re.compile(r"\s*(?:[,()]|\s[–—-]\s)\s*")
# A part names a role when one of its words ends so: "ordförande", "vice ordförande",
# "enhetschef", "brukarrepresentant". An organisation's name rarely does, and one the directory
# has is never taken for a role.
_ROLE = re.compile(
    r"(?:ordförande|sekreterare|ledamot|ersättare|justerare|adjungerad|sammankallande"
    r"|samordnare|chef|handläggare|representant|ombud|tjänsteperson|tjänsteman|strateg"
    r"|protokollförare|mötesledare|gäst|chair|chairperson|secretary|member|deputy|guest)$",
    re.IGNORECASE,
)


def _looks_like_a_role(part: str) -> bool:
    return any(_ROLE.search(word) for word in part.split())


def _attendees(written: list[str]) -> list[Suggested]:
    """Each name, organisation and role the minutes write, the organisation found in the
    directory by its name (in one query) when it is there."""
    lines = []
    for text in written:
        name, *rest = [part for part in _PARTS.split(text.strip()) if part] or [""]
        lines.append((name, rest))
    candidates = set()
    for _name, rest in lines:
        candidates |= {part.lower() for part in rest}
        candidates.add(", ".join(p for p in rest if not _looks_like_a_role(p)).lower())
    found = {
        organisation.name.lower(): organisation
        for organisation in Organisation.objects.annotate(lower=Lower("name")).filter(
            lower__in=candidates - {""}
        )
    }
    return [_suggested(name, rest, found) for name, rest in lines]


def _suggested(name: str, rest: list[str], found: dict[str, Organisation]) -> Suggested:
    """The parts after the name that look like a role make the role, the others the
    organisation: "Anna Berg, ordförande, RSMH" is Anna Berg, chair, of RSMH."""
    roles = [part for part in rest if _looks_like_a_role(part) and part.lower() not in found]
    organisation = ", ".join(part for part in rest if part not in roles)
    return Suggested(name, found.get(organisation.lower()), organisation, ", ".join(roles))
