from datetime import timedelta
from urllib.parse import urlsplit

import icalendar
from django.conf import settings
from django.db.models import Exists, OuterRef, Prefetch
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from directory.models import Group
from ideas.models import Idea, StatusChange
from meetings.forms import MeetingFilterForm
from meetings.models import AgendaItem, Attachment, Attendee, Meeting
from portal import dates, search
from portal.http import HttpRequest, absolute, cached_from, limited, paginate, reads_query

MEETINGS_PER_PAGE = 20
# Calendars keep the meetings of the last 90 days, so a subscriber's calendar keeps its history.
CALENDAR_HISTORY_DAYS = 90
CALENDAR_MAX_EVENTS = 1000
# A meeting without an end time is shown as two hours long.
DEFAULT_MEETING_LENGTH = timedelta(hours=2)


# The decisions recorded on ideas and linked to an agenda item (StatusChange.agenda_item), shown
# under the item: the one link the editor makes on the idea's trail. An entry that a later one
# corrects was a mistake and is left out; the correction shows if it names the item too.
# NOT EXISTS, not a join on the corrections: PostgreSQL 15 read a million entries' index with
# their rows for the join (9 ms of a meeting page at a city's scale), an anti-join reads only it.
_DECISIONS = (
    StatusChange.objects.filter(~Exists(StatusChange.objects.filter(corrects=OuterRef("pk"))))
    .select_related("idea")
    .only("status", "agenda_item", "idea__title", "idea__slug")
    .order_by("decided_on", "pk")
)


def _get_meeting(request: HttpRequest, slug: str) -> Meeting:
    # Only what the page shows: not the search columns, nor the cited ideas' texts.
    items = AgendaItem.objects.defer(*search.COLUMNS).prefetch_related(
        Prefetch("ideas", queryset=Idea.objects.only("title", "slug")),
        Prefetch("status_changes", queryset=_DECISIONS, to_attr="decisions"),
    )
    meetings = (
        Meeting.objects.visible_to(request.user)
        .select_related("group")
        .prefetch_related(
            Prefetch("agenda_items", queryset=items),
            Prefetch("attendees", queryset=Attendee.objects.select_related("organisation")),
            "links",
            "attachments",
        )
    )
    return get_object_or_404(meetings, slug=slug)


@cached_from("meetings", "groups")
@reads_query(sida="1", grupp="", ar="")
@require_GET
@limited("pages")
def meeting_list(request: HttpRequest):
    published = Meeting.objects.published()
    years = Meeting.objects.published_years()
    has_meeting = Exists(published.filter(group=OuterRef("pk")))
    groups = Group.objects.filter(has_meeting).order_by("name").only("slug", "name")
    form = MeetingFilterForm(request.GET, groups=groups, years=years)
    if not form.is_valid():
        # Only a changed or outdated address gets here: the form offers valid choices only.
        raise Http404("Unknown group or year")
    meetings = published.listed().select_related("group").with_minutes_flag()
    meetings = meetings.order_by("-starts_at")
    if group := form.cleaned_data["grupp"]:
        meetings = meetings.filter(group__slug=group)
    if year := form.cleaned_data["ar"]:
        meetings = meetings.filter(starts_at__year=year)
    page = paginate(request, meetings, MEETINGS_PER_PAGE)
    template = "meetings/meeting_list.html"
    if request.htmx and not request.htmx.history_restore_request:
        template += "#results"
    return render(request, template, {"form": form, "page": page, "filtered": bool(group or year)})


@require_GET
def meeting_year(request: HttpRequest, year: int):
    # Compared with the years there are, not used in a lookup: Python's dates end at year 9999.
    if year not in Meeting.objects.published_years():
        raise Http404("No meetings that year")
    return redirect(f"{reverse('meetings:list')}?ar={year}")


@cached_from("meetings", "groups", "organisation-names", "ideas")
@reads_query()
@require_GET
def meeting_detail(request: HttpRequest, year: int, slug: str):
    meeting = _get_meeting(request, slug)
    if meeting.year != year:
        # The meeting was moved to another year after its address was shared.
        return redirect(meeting, permanent=True)
    return render(request, "meetings/meeting_detail.html", {"meeting": meeting})


@require_GET
def attachment(request: HttpRequest, pk: int, filename: str):
    """Attachments are served through the meeting, so a draft's files stay private too."""
    meetings = Meeting.objects.visible_to(request.user)
    doc = get_object_or_404(Attachment.objects.filter(meeting__in=meetings), pk=pk)
    if filename != doc.filename:
        # One address per file; the name in it is only for people, the file's own name is used.
        return redirect(doc)
    try:
        handle = doc.file.open("rb")
    except FileNotFoundError:
        raise Http404("The file is missing") from None
    response = FileResponse(
        handle,
        content_type=doc.content_type,
        as_attachment=doc.content_type != "application/pdf",
        filename=doc.filename,
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


# Calendars (iCalendar, RFC 5545). Drafts are never in them, not even for staff.


def _calendar_meetings(meetings):
    since = timezone.now() - timedelta(days=CALENDAR_HISTORY_DAYS)
    return (
        meetings.published()
        .filter(starts_at__gte=since)
        .select_related("group")
        .prefetch_related(
            Prefetch("agenda_items", queryset=AgendaItem.objects.only("meeting", "heading"))
        )
        .order_by("starts_at", "pk")[:CALENDAR_MAX_EVENTS]
    )


def _event(request: HttpRequest, meeting: Meeting) -> icalendar.Event:
    stockholm = dates.zone()
    url = absolute(meeting.get_absolute_url())
    event = icalendar.Event()
    event.add("uid", f"meeting-{meeting.pk}@{urlsplit(settings.SITE_URL).hostname}")
    event.add("dtstamp", timezone.now())
    event.add("created", meeting.published_at)
    event.add("last-modified", meeting.updated_at)
    event.add("dtstart", meeting.starts_at.astimezone(stockholm))
    ends_at = meeting.ends_at or meeting.starts_at + DEFAULT_MEETING_LENGTH
    event.add("dtend", ends_at.astimezone(stockholm))
    event.add("summary", meeting.title)
    if meeting.place:
        event.add("location", meeting.place)
    description = render_to_string(
        "meetings/calendar_event.txt", {"meeting": meeting, "url": url}, request
    )
    event.add("description", description.strip())
    event.add("url", url)
    event.add("categories", [meeting.group.name])
    event.add("status", "CONFIRMED")
    event.add("class", "PUBLIC")
    return event


def _calendar_response(
    request: HttpRequest, name: str, meetings, *, filename: str = "", subscription: bool = True
) -> HttpResponse:
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//Oppna soc//Motesportal//SV")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    if subscription:
        # How often a subscribing calendar program should fetch the calendar again.
        calendar.add("refresh-interval", timedelta(hours=6), parameters={"VALUE": "DURATION"})
        calendar.add("x-published-ttl", "PT6H")
    meetings = list(meetings)
    for meeting in meetings:
        calendar.add_component(_event(request, meeting))
    # The time zone's rules from the first meeting's month on, not from 1970: a shorter file.
    first = min((meeting.starts_at for meeting in meetings), default=timezone.now())
    calendar.add_missing_timezones(first_date=timezone.localdate(first).replace(day=1))
    response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    if filename:
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_GET
def calendar(request: HttpRequest):
    return _calendar_response(
        request, _("Meetings – Öppna soc"), _calendar_meetings(Meeting.objects.all())
    )


@require_GET
def group_calendar(request: HttpRequest, slug: str):
    group = get_object_or_404(Group, slug=slug)
    name = _("Meetings of %(group)s – Öppna soc") % {"group": group.name}
    return _calendar_response(request, name, _calendar_meetings(group.meetings.all()))


@require_GET
def meeting_ics(request: HttpRequest, year: int, slug: str):
    meetings = (
        Meeting.objects.published()
        .select_related("group")
        .prefetch_related(
            Prefetch("agenda_items", queryset=AgendaItem.objects.only("meeting", "heading"))
        )
    )
    meeting = get_object_or_404(meetings, slug=slug)
    if meeting.year != year:
        return redirect("meetings:ics", meeting.year, meeting.slug, permanent=True)
    return _calendar_response(
        request, meeting.title, [meeting], filename=f"{meeting.slug}.ics", subscription=False
    )
