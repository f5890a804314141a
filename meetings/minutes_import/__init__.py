"""Minutes imported from the files staff already have: .docx, .odt, .pdf or pasted text.

`read_minutes()` reads a file into agenda items, recordings and attendees
(meetings/minutes_import/readers.py, structure.py); `save_draft()` makes a draft meeting of them
in one transaction, so a file either becomes a whole meeting or nothing. Publishing stays a
separate act. docs/minutes-import.md describes what is recognised.
"""

import re
from dataclasses import dataclass, field
from datetime import date, datetime, time

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from directory.models import Group, Organisation
from meetings.minutes_import.readers import Unreadable, read
from meetings.minutes_import.structure import Minutes, structure
from portal.dates import MONTHS, zone

__all__ = ["Draft", "Unreadable", "find_date", "read_minutes", "save_draft"]

_NUMERIC_DATE = re.compile(r"\b(20\d\d)-(\d\d)-(\d\d)\b")
_SWEDISH_DATE = re.compile(
    r"\b(\d{1,2})(?:\s+(" + "|".join(MONTHS) + r")|/(\d{1,2}))\s+(20\d\d)\b", re.IGNORECASE
)


@dataclass
class Draft:
    """What a file was made into, before it is saved."""

    minutes: Minutes
    attendees: list[tuple[str, Organisation | None, str]] = field(default_factory=list)
    # (name, organisation found in the directory or None, the organisation as written)
    source: str = ""  # the file's text as read, shown beside the result in the preview


def read_minutes(data: bytes, name: str) -> Draft:
    """A file's minutes, or `Unreadable` with the reason."""
    content = read(data, name)
    minutes = structure(content)
    if not minutes.items:
        raise Unreadable(
            _("No agenda items were found: the file has no headings or numbered items to split.")
        )
    attendees = [_attendee(written) for written in minutes.attendees]
    return Draft(minutes, attendees, content if isinstance(content, str) else _text(content))


def _text(blocks) -> str:
    marks = {"bullet": "• ", "number": ""}
    return "\n\n".join(f"{marks.get(block.kind, '')}{block.text}" for block in blocks)


def find_date(*texts: str) -> date | None:
    """The first date written as Swedes write it (2026-03-13, 13 mars 2026, 13/3 2026)."""
    for text in texts:
        found = [*_NUMERIC_DATE.finditer(text), *_SWEDISH_DATE.finditer(text)]
        for match in sorted(found, key=lambda match: match.start()):
            try:
                if match.re is _NUMERIC_DATE:
                    return date(*map(int, match.groups()))
                day, month_name, month_number, year = match.groups()
                month = MONTHS.index(month_name.lower()) + 1 if month_name else int(month_number)
                return date(int(year), month, int(day))
            except ValueError:
                continue  # 31/2 2026 is no date
    return None


@transaction.atomic
def save_draft(draft: Draft, *, group: Group, day: date, title: str = "") -> "Meeting":  # noqa: F821
    from meetings.models import AgendaItem, Attendee, Meeting, MeetingLink

    title = title or f"{group.name} {day.day} {MONTHS[day.month - 1]} {day.year}"
    meeting = Meeting.objects.create(
        group=group,
        title=title,
        starts_at=timezone.make_aware(datetime.combine(day, time(13, 0)), zone()),
        status=Meeting.Status.DRAFT,
    )
    AgendaItem.objects.bulk_create(
        AgendaItem(meeting=meeting, position=number, heading=item.heading, body=item.body)
        for number, item in enumerate(draft.minutes.items, start=1)
    )
    MeetingLink.objects.bulk_create(
        MeetingLink(meeting=meeting, position=number, title=label, url=address)
        for number, (label, address) in enumerate(draft.minutes.recordings, start=1)
    )
    Attendee.objects.bulk_create(
        Attendee(meeting=meeting, name=name, organisation=organisation)
        for name, organisation, _written in draft.attendees
        if organisation is not None and name
    )
    for model in (meeting, *meeting.agenda_items.all()):
        model.full_clean(exclude=["slug", "search_vector", "search_text"])
    return meeting


def _attendee(written: str) -> tuple[str, Organisation | None, str]:
    """ "Anna Berg, RSMH", "Anna Berg (RSMH)" or "Anna Berg – RSMH": the name and the
    organisation, found in the directory by its name when it is there."""
    match = re.fullmatch(r"(.+?)\s*(?:,|\(|\s[–—-]\s)\s*(.+?)\)?", written.strip())
    name, organisation = (match.group(1), match.group(2)) if match else (written.strip(), "")
    found = Organisation.objects.filter(name__iexact=organisation).first() if organisation else None
    return name.strip(), found, organisation.strip()
