"""Copying from the previous meeting ("Kopiera från förra mötet") in the admin.

`?kopiera_grupp=<group>` on the add form (the small form above it, which works without
JavaScript) or `?kopiera=<meeting>` (the link on a meeting's change form) fills in the group, the
place, the time of day, the attendees and the standing links, as initial data the editor reviews
before saving. The date is left empty: groups meet at no fixed rhythm, and a guessed date the
editor overlooks would be published wrong, while an empty one the form asks for. Agenda items,
minutes, recordings (meetings/minutes_import/structure.py tells them) and attachments belong to
the one meeting and stay behind.
"""

from django.contrib import messages
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from meetings.minutes_import.structure import is_recording
from meetings.models import Meeting

_SOURCE = "_copy_source"


def source(request) -> Meeting | None:
    """The meeting the add form copies from, read once per request (GET only: on saving, the
    rows are what the form posts)."""
    if request.method != "GET":
        return None
    if not hasattr(request, _SOURCE):
        setattr(request, _SOURCE, _find(request))
    return getattr(request, _SOURCE)


def _find(request) -> Meeting | None:
    meetings = Meeting.objects.select_related("group").order_by("-starts_at", "-pk")
    meeting_id, group_id = request.GET.get("kopiera", ""), request.GET.get("kopiera_grupp", "")
    if meeting_id.isascii() and meeting_id.isdigit():
        found = meetings.filter(pk=int(meeting_id)).first()
    elif group_id.isascii() and group_id.isdigit():
        found = meetings.filter(group_id=int(group_id)).first()
        if found is None:
            messages.warning(request, _("The group has no earlier meeting to copy from."))
    else:
        return None
    if found is not None:
        messages.info(
            request,
            _(
                "Copied from %(meeting)s (%(date)s): place, time, attendees and links other "
                "than recordings. Fill in the date and the title, check the rest and save."
            )
            % {
                "meeting": found.title,
                "date": date_format(timezone.localtime(found.starts_at), "j F Y"),
            },
        )
    return found


def initial(meeting: Meeting) -> dict:
    """The meeting form's initial data: the group, the place and the times of day."""
    starts = timezone.localtime(meeting.starts_at)
    data = {"group": meeting.group_id, "place": meeting.place, "starts_at": [None, starts.time()]}
    if meeting.ends_at:
        ends = timezone.localtime(meeting.ends_at)
        if ends.date() == starts.date():
            data["ends_at"] = [None, ends.time()]
    return data


def rows(meeting: Meeting, prefix: str) -> list[dict]:
    """The initial rows of the attendee and link inlines (by their formset prefix)."""
    if prefix == "attendees":
        return [
            {"name": a.name, "organisation": a.organisation_id, "role": a.role}
            for a in meeting.attendees.all()
        ]
    if prefix == "links":
        return [
            {"position": link.position, "title": link.title, "url": link.url}
            for link in meeting.links.all()
            if not is_recording(link.url)
        ]
    return []
