"""The read-only JSON API under /api/, described by the OpenAPI document in `openapi.py`.

Public data only: ideas with their whole trail, published meetings, groups and organisations.
Never drafts, comments, who recorded a status change, the names of those present at a meeting,
e-mail addresses or phone numbers. Every answer, errors included, is JSON and may be read from
any origin.
"""

from functools import wraps

from django.conf import settings
from django.core.paginator import InvalidPage, Paginator
from django.db.models import Prefetch
from django.http import Http404, HttpResponse, JsonResponse
from django.urls import reverse
from django.utils import translation
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_safe

from directory.models import Group, Organisation
from ideas.models import Figure, Idea, NextStep, Status, StatusChange
from meetings.models import AgendaItem, Attendee, Meeting
from opendata.openapi import METHODS, PAGE_SIZE, READ_ONLY, SPEC
from opendata.refs import choice as _choice
from opendata.refs import group_ref as _group_ref
from opendata.refs import html as _html
from opendata.refs import idea_ref as _idea_ref
from opendata.refs import local as _local
from opendata.refs import organisation_ref as _organisation_ref
from opendata.refs import url as _url
from portal import search
from portal.http import HttpRequest, absolute, limited, page_number, reads_query
from portal.links import settled

LICENCE = {
    "name": "CC0 1.0 Universal",
    "url": "https://creativecommons.org/publicdomain/zero/1.0/",
}
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
            # In one language throughout, so link() may read it once (portal/links.py).
            with translation.override("sv"), settled():
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


def _page(
    request,
    queryset,
    serialise=None,
    *,
    large: bool = False,
    count: int | None = None,
    serialise_all=None,
) -> JsonResponse:
    """A page of `queryset`, each object by `serialise`, or all of them by `serialise_all`.

    A large table's pages (`large`) read the page's ids first.
    """
    # An empty value ("?page=") is as wrong as any other that is not a whole number.
    number = request.GET.get("page", "1")
    if page_number(number) is None:
        raise Http404(f"No page {number!r}: page must be a whole number from 1.")
    # For a large table, the page's ids first, from the primary key's index alone, then only
    # those rows: OFFSET over whole rows read 100,000 ideas for the last page (170 ms).
    paginator = Paginator(queryset.values_list("pk", flat=True) if large else queryset, PAGE_SIZE)
    if count is not None:
        paginator.count = count  # known already: not counted again
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
            "results": (
                serialise_all(objects) if serialise_all else [serialise(o) for o in objects]
            ),
        }
    )


# References from one object to another: enough to name it and to follow it.

# Ideas and their trail.


def _ideas():
    return Idea.objects.defer(*_SEARCH).select_related("group", "theme", "organisation")


_TRAIL = ("idea_id", "id", "status", "decided_on", "decided_by", "explanation", "corrects_id",
          "diary_number")  # fmt: skip
_STEPS = ("idea_id", "id", "text", "by_body", "planned_month", "status_change_id", "recorded_at")


def _with_trails(ideas) -> list[dict]:
    """The ideas, each with its whole trail and next steps, in four queries whatever their number.

    The trail as plain rows, not model instances: a page of 25 ideas has five hundred entries,
    and building them as models and prefetching their meetings cost two thirds of a cold page.
    """
    ideas = list(ideas)
    rows = list(
        StatusChange.objects.filter(idea__in=ideas)
        .order_by("pk")
        .values_list(*_TRAIL, "meeting_id", "agenda_item_id")
    )
    items = {
        pk: (meeting, position, heading)
        for pk, meeting, position, heading in AgendaItem.objects.filter(
            pk__in={row[-1] for row in rows if row[-1]}
        ).values_list("pk", "meeting_id", "position", "heading")
    }
    wanted = {row[-2] for row in rows if row[-2]} | {item[0] for item in items.values()}
    # Drafts stay unnamed: only published meetings are shown or linked.
    # Each meeting's and agenda item's part of an entry, made once: a page's thousand
    # entries cite a few hundred of them, read as rows.
    meeting_refs = {
        pk: {
            "id": pk,
            "title": title,
            "url": _url("api:meeting", pk),
            "html_url": absolute(Meeting.address(slug, starts)),
        }
        for pk, title, slug, starts in Meeting.objects.published()
        .filter(pk__in=wanted)
        .values_list("pk", "title", "slug", "starts_at")
    }
    item_refs = {
        pk: {
            "id": pk,
            "position": position,
            "heading": heading,
            "html_url": f"{meeting_refs[meeting]['html_url']}#punkt-{pk}",
        }
        for pk, (meeting, position, heading) in items.items()
        if meeting in meeting_refs
    }
    statuses = {status: _choice(status, Status) for status in Status.values}
    trails = {idea.pk: [] for idea in ideas}
    for row in rows:
        trails[row[0]].append(row)
    steps = {idea.pk: [] for idea in ideas}
    for row in NextStep.objects.filter(idea__in=ideas).order_by("pk").values_list(*_STEPS):
        steps[row[0]].append(row)
    results = []
    for idea in ideas:
        html_url = _html(idea)
        trail = [
            _trail_entry(row, html_url, meeting_refs, item_refs, statuses)
            for row in trails[idea.pk]
        ]
        results.append(_idea(idea, html_url, trail, [_step(r, html_url) for r in steps[idea.pk]]))
    return results


def _step(row, idea_html: str) -> dict:
    _, pk, text, by_body, planned_month, status_change, recorded_at = row
    return {
        "id": pk,
        "text": text,
        "by": by_body,
        "planned_month": planned_month.strftime("%Y-%m"),
        "status_change": status_change,
        "recorded_at": _local(recorded_at),
        "html_url": f"{idea_html}#steg-{pk}",
    }


def _trail_entry(row, idea_html: str, meetings: dict, items: dict, statuses: dict) -> dict:
    _, pk, status, decided_on, decided_by, explanation, corrects, diary, meeting_id, item_id = row
    return {
        "id": pk,
        "status": statuses[status],
        "decided_on": decided_on.isoformat(),
        "decided_by": decided_by,
        "explanation": explanation,
        "corrects": corrects,
        "diary_number": diary,
        "meeting": meetings.get(meeting_id),
        "agenda_item": items.get(item_id),
        "html_url": f"{idea_html}#andring-{pk}",
    }


def _idea(idea: Idea, html_url: str, trail: list[dict], steps: list[dict]) -> dict:
    current = next((step for step in steps if step["id"] == idea.next_step_id), None)
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
        "diary_number": idea.diary_number,
        "next_step": current,
        "next_step_late": idea.next_step_is_late,
        "url": _url("api:idea", idea.slug),
        "html_url": html_url,
        "trail": trail,
        "next_steps": steps,
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
        "diary_number": meeting.diary_number,
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
    # The number of ideas is kept by the database (ideas.Figure): counting 100,000 cost 10 ms.
    count = Figure.objects.ideas()
    return _page(
        request, _ideas().order_by("pk"), count=count, large=True, serialise_all=_with_trails
    )


@_api
@require_safe
def idea_detail(request: HttpRequest, slug: str):
    return _json(_with_trails([_get(_ideas(), f"No idea {slug!r}.", slug=slug)])[0])


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
