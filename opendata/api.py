"""The read-only JSON API under /api/, described by the OpenAPI document in `openapi.py`.

Public data only: ideas with their whole trail, published meetings, groups and organisations.
Never drafts, comments, who recorded a status change, the names of those present at a meeting,
e-mail addresses or phone numbers. Every answer, errors included, is JSON and may be read from
any origin.
"""

import re
from functools import wraps

from django.conf import settings
from django.core.paginator import InvalidPage, Paginator
from django.db.models import Prefetch
from django.http import Http404, HttpResponse, JsonResponse
from django.urls import reverse
from django.utils import timezone, translation
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_safe

from directory.models import Group, Organisation
from ideas.models import Idea, Status, StatusChange
from meetings.models import AgendaItem, Attendee, Meeting
from opendata.openapi import METHODS, PAGE_SIZE, READ_ONLY, SPEC
from portal import search
from portal.http import HttpRequest, absolute, limited, reads_query

LICENCE = {
    "name": "CC0 1.0 Universal",
    "url": "https://creativecommons.org/publicdomain/zero/1.0/",
}
_PAGE_NUMBER = re.compile(r"[1-9][0-9]{0,8}")
# The search app's generated columns: large, and nothing the API shows.
_SEARCH = search.COLUMNS


def _json(data, status: int = 200) -> JsonResponse:
    return JsonResponse(data, status=status, json_dumps_params={"ensure_ascii": False})


def _error(status: int, message: str) -> JsonResponse:
    return _json({"status": status, "message": message}, status=status)


def _api(view):
    """JSON for errors too, any origin may read, and a preflight answered without the view.

    Labels and addresses are always the Swedish ones, whatever language the caller prefers.
    """

    # The lists read ?page=; every other parameter is ignored, for the page cache's key too.
    limited_view = limited("api", capped=True)(reads_query(page="1")(view))

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method == "OPTIONS":
            response = HttpResponse(status=204)
            del response["Content-Type"]
            response["Allow"] = METHODS
            response["Access-Control-Allow-Methods"] = METHODS
            response["Access-Control-Allow-Headers"] = "*"
            response["Access-Control-Max-Age"] = "86400"
        else:
            with translation.override("sv"):
                try:
                    response = limited_view(request, *args, **kwargs)
                except Http404 as error:
                    response = _error(404, str(error))
            if response.status_code == 405:
                response = _error(405, READ_ONLY)
                response["Allow"] = METHODS
        response["Access-Control-Allow-Origin"] = "*"
        return response

    wrapper.query_defaults = limited_view.query_defaults  # for the page cache's key
    # Nothing here writes or reads a session, so there is nothing to forge: without this, a
    # POST would get the CSRF check's HTML 403 before the view could answer 405.
    return csrf_exempt(wrapper)


def _url(name: str, *args) -> str:
    return absolute(reverse(name, args=args))


def _html(obj) -> str:
    return absolute(obj.get_absolute_url())


def _choice(code: str, choices) -> dict:
    return {"code": code, "label": str(choices(code).label)}


def _local(value) -> str | None:
    """An ISO 8601 time with its offset from UTC, in Stockholm time as the site shows it."""
    return timezone.localtime(value).isoformat() if value else None


def _page(request, queryset, serialise, *, large: bool = False) -> JsonResponse:
    # An empty value ("?page=") is as wrong as any other that is not a whole number.
    number = request.GET.get("page", "1")
    if not _PAGE_NUMBER.fullmatch(number):
        raise Http404(f"No page {number!r}: page must be a whole number from 1.")
    # For a large table, the page's ids first, from the primary key's index alone, then only
    # those rows: OFFSET over whole rows read 100,000 ideas for the last page (170 ms).
    paginator = Paginator(queryset.values_list("pk", flat=True) if large else queryset, PAGE_SIZE)
    try:
        page = paginator.page(int(number))
    except InvalidPage:
        raise Http404(f"No page {number}: there are {paginator.num_pages} pages.") from None
    objects = queryset.filter(pk__in=list(page.object_list)) if large else page.object_list
    here = absolute(request.path)
    return _json(
        {
            "count": paginator.count,
            "next": f"{here}?page={page.next_page_number()}" if page.has_next() else None,
            "previous": (
                f"{here}?page={page.previous_page_number()}" if page.has_previous() else None
            ),
            "results": [serialise(obj) for obj in objects],
        }
    )


# References from one object to another: enough to name it and to follow it.


def _group_ref(group: Group) -> dict:
    return {
        "id": group.pk,
        "slug": group.slug,
        "name": group.name,
        "url": _url("api:group", group.slug),
        "html_url": _html(group),
    }


def _organisation_ref(organisation: Organisation) -> dict:
    return {
        "id": organisation.pk,
        "slug": organisation.slug,
        "name": organisation.name,
        "url": _url("api:organisation", organisation.slug),
        "html_url": _html(organisation),
    }


def _idea_ref(idea: Idea) -> dict:
    return {
        "id": idea.pk,
        "slug": idea.slug,
        "title": idea.title,
        "url": _url("api:idea", idea.slug),
        "html_url": _html(idea),
    }


# Ideas and their trail.


def _ideas():
    # Only what _trail_entry() shows: an agenda item's minutes and a meeting's notice are long.
    meeting = ["title", "slug", "starts_at", "status"]
    trail = (
        StatusChange.objects.select_related("meeting", "agenda_item__meeting")
        .only(
            "idea", "status", "decided_on", "decided_by", "explanation", "corrects",
            *(f"meeting__{field}" for field in meeting),
            "agenda_item__position", "agenda_item__heading",
            *(f"agenda_item__meeting__{field}" for field in meeting),
        )
        .order_by("pk")
    )  # fmt: skip
    return (
        Idea.objects.defer(*_SEARCH)
        .select_related("group", "theme", "organisation")
        .prefetch_related(Prefetch("trail", queryset=trail))
        .order_by("pk")
    )


def _trail_entry(entry: StatusChange, idea_html: str) -> dict:
    meeting = entry.meeting if entry.meeting and entry.meeting.is_published else None
    item = entry.agenda_item
    if item is None or not item.meeting.is_published:
        item = None
    return {
        "id": entry.pk,
        "status": _choice(entry.status, Status),
        "decided_on": entry.decided_on.isoformat(),
        "decided_by": entry.decided_by,
        "explanation": entry.explanation,
        "corrects": entry.corrects_id,
        "meeting": meeting
        and {
            "id": meeting.pk,
            "title": meeting.title,
            "url": _url("api:meeting", meeting.pk),
            "html_url": _html(meeting),
        },
        "agenda_item": item
        and {
            "id": item.pk,
            "position": item.position,
            "heading": item.heading,
            "html_url": f"{_html(item.meeting)}#punkt-{item.pk}",
        },
        "html_url": f"{idea_html}#andring-{entry.pk}",
    }


def _idea(idea: Idea) -> dict:
    html_url = _html(idea)
    return {
        "id": idea.pk,
        "slug": idea.slug,
        "title": idea.title,
        "problem": idea.problem,
        "proposal": idea.proposal,
        "theme": {"id": idea.theme.pk, "slug": idea.theme.slug, "name": idea.theme.name},
        "group": _group_ref(idea.group),
        "organisation": idea.organisation and _organisation_ref(idea.organisation),
        "raised_on": idea.raised_on.isoformat(),
        "status": _choice(idea.status, Status),
        "status_changed_on": idea.status_changed_on.isoformat(),
        "url": _url("api:idea", idea.slug),
        "html_url": html_url,
        "trail": [_trail_entry(entry, html_url) for entry in idea.trail.all()],
    }


# Published meetings.


def _meetings():
    items = (
        AgendaItem.objects.defer(*_SEARCH)
        .prefetch_related(Prefetch("ideas", queryset=Idea.objects.defer(*_SEARCH).order_by("pk")))
        .order_by("position", "pk")
    )
    return (
        Meeting.objects.published()
        .defer(*_SEARCH)
        .select_related("group")
        .prefetch_related(
            Prefetch("agenda_items", queryset=items),
            Prefetch("attendees", queryset=Attendee.objects.select_related("organisation")),
            "links",
            "attachments",
        )
        .order_by("pk")
    )


def _meeting(meeting: Meeting) -> dict:
    html_url = _html(meeting)
    # Who came for which organisation is public on the page; the API names organisations only.
    organisations = {a.organisation.pk: a.organisation for a in meeting.attendees.all()}
    return {
        "id": meeting.pk,
        "slug": meeting.slug,
        "title": meeting.title,
        "group": _group_ref(meeting.group),
        "starts_at": _local(meeting.starts_at),
        "ends_at": _local(meeting.ends_at),
        "place": meeting.place,
        "notice": meeting.notice,
        "agenda_items": [
            {
                "id": item.pk,
                "position": item.position,
                "heading": item.heading,
                "minutes": item.body,
                "ideas": [_idea_ref(idea) for idea in item.ideas.all()],
                "html_url": f"{html_url}#punkt-{item.pk}",
            }
            for item in meeting.agenda_items.all()
        ],
        "organisations": [
            _organisation_ref(organisation)
            for organisation in sorted(organisations.values(), key=lambda o: (o.name, o.pk))
        ],
        "links": [{"title": link.title, "url": link.url} for link in meeting.links.all()],
        "attachments": [
            {
                "id": doc.pk,
                "title": doc.title,
                "url": _html(doc),
                "content_type": doc.content_type,
                "size": doc.size,
            }
            for doc in meeting.attachments.all()
        ],
        "url": _url("api:meeting", meeting.pk),
        "html_url": html_url,
    }


# Groups and organisations: no contact details, which are for people rather than for machines.


def _groups():
    members = Prefetch("organisations", queryset=Organisation.objects.order_by("name", "pk"))
    return Group.objects.prefetch_related(members).order_by("pk")


def _group(group: Group) -> dict:
    return {
        "id": group.pk,
        "slug": group.slug,
        "name": group.name,
        "kind": _choice(group.kind, Group.Kind),
        "summary": group.summary,
        "why": group.why,
        "who": group.who,
        "where": group.where,
        "when": group.when,
        "proposals": group.proposals,
        "organisations": [_organisation_ref(o) for o in group.organisations.all()],
        "url": _url("api:group", group.slug),
        "html_url": _html(group),
    }


def _organisations():
    groups = Prefetch("groups", queryset=Group.objects.order_by("name", "pk"))
    return Organisation.objects.prefetch_related(groups).order_by("pk")


def _organisation(organisation: Organisation) -> dict:
    return {
        "id": organisation.pk,
        "slug": organisation.slug,
        "name": organisation.name,
        "kind": _choice(organisation.kind, Organisation.Kind),
        "description": organisation.description,
        "website": organisation.website,
        "groups": [_group_ref(group) for group in organisation.groups.all()],
        "url": _url("api:organisation", organisation.slug),
        "html_url": _html(organisation),
    }


def _get(queryset, message: str, **lookup):
    found = list(queryset.filter(**lookup)[:1])
    if not found:
        raise Http404(message)
    return found[0]


# The views.


@_api
@require_safe
def index(request: HttpRequest):
    return _json(
        {
            "name": "Öppna soc",
            "description": (
                "Ideas with their whole status trail, published meetings with their minutes, "
                "groups and organisations, from the social services department's collaboration "
                "with the user organisations."
            ),
            "licence": LICENCE,
            "documentation": absolute(reverse("opendata:index")),
            "openapi": _url("api:openapi"),
            "endpoints": {
                "ideas": _url("api:ideas"),
                "meetings": _url("api:meetings"),
                "groups": _url("api:groups"),
                "organisations": _url("api:organisations"),
            },
            "downloads": {
                "ideas": absolute(reverse("opendata:ideas_csv")),
                "status_changes": absolute(reverse("opendata:status_changes_csv")),
            },
        }
    )


@_api
@require_safe
def openapi(request: HttpRequest):
    return _json({**SPEC, "servers": [{"url": settings.SITE_URL}]})


@_api
@require_safe
def idea_list(request: HttpRequest):
    return _page(request, _ideas(), _idea, large=True)


@_api
@require_safe
def idea_detail(request: HttpRequest, slug: str):
    return _json(_idea(_get(_ideas(), f"No idea {slug!r}.", slug=slug)))


@_api
@require_safe
def meeting_list(request: HttpRequest):
    return _page(request, _meetings(), _meeting, large=True)


@_api
@require_safe
def meeting_detail(request: HttpRequest, pk: int):
    return _json(_meeting(_get(_meetings(), f"No published meeting {pk}.", pk=pk)))


@_api
@require_safe
def group_list(request: HttpRequest):
    return _page(request, _groups(), _group)


@_api
@require_safe
def group_detail(request: HttpRequest, slug: str):
    return _json(_group(_get(_groups(), f"No group {slug!r}.", slug=slug)))


@_api
@require_safe
def organisation_list(request: HttpRequest):
    return _page(request, _organisations(), _organisation)


@_api
@require_safe
def organisation_detail(request: HttpRequest, slug: str):
    organisation = _get(_organisations(), f"No organisation {slug!r}.", slug=slug)
    return _json(_organisation(organisation))


@_api
@require_safe
def not_found(request: HttpRequest, path: str = ""):
    index = reverse("api:index")
    raise Http404(f"No such address in the API: {request.path}. The index is at {index}.")
