from django.db.models import Prefetch
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET

from directory.models import Group
from ideas.models import StatusChange
from meetings.forms import MeetingFilterForm
from meetings.models import AgendaItem, Attachment, Attendee, Meeting
from oppnasoc.http import HttpRequest, paginate

MEETINGS_PER_PAGE = 20


def _get_meeting(request: HttpRequest, slug: str) -> Meeting:
    meetings = (
        Meeting.objects.visible_to(request.user)
        .select_related("group")
        .prefetch_related(
            Prefetch("agenda_items", queryset=AgendaItem.objects.prefetch_related("ideas")),
            Prefetch("attendees", queryset=Attendee.objects.select_related("organisation")),
            "links",
            "attachments",
        )
    )
    return get_object_or_404(meetings, slug=slug)


@require_GET
def home(request: HttpRequest):
    published = Meeting.objects.published().select_related("group")
    return render(
        request,
        "meetings/home.html",
        {
            "upcoming": published.upcoming()[:5],
            "latest_minutes": published.past().with_minutes()[:5],
            "latest_changes": StatusChange.objects.select_related("idea").order_by(
                "-decided_on", "-pk"
            )[:5],
        },
    )


@require_GET
def meeting_list(request: HttpRequest):
    published = Meeting.objects.published()
    years = [d.year for d in published.dates("starts_at", "year", order="DESC")]
    groups = Group.objects.filter(meetings__status=Meeting.Status.PUBLISHED).distinct()
    form = MeetingFilterForm(request.GET, groups=groups, years=years)
    if not form.is_valid():
        # Only a changed or outdated address gets here: the form offers valid choices only.
        raise Http404("Unknown group or year")
    meetings = published.select_related("group").with_minutes_flag().order_by("-starts_at")
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
    if not Meeting.objects.published().filter(starts_at__year=year).exists():
        raise Http404("No meetings that year")
    return redirect(f"{reverse('meetings:list')}?ar={year}")


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
