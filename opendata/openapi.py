"""The OpenAPI 3.1 description of the API in `api.py`, served at /api/openapi.json.

Every object lists all its properties as required and allows no others, so a test that checks
each answer against this document (tests/opendata/test_openapi.py) notices any drift.
"""

from directory.models import Group, Organisation
from ideas.models import Status

# 25 a page: a page of ideas carries their whole trails, and at 50 the first page of a city's
# ideas was 513 KB and 24 ms to make, over issue #13's 20 ms; a client follows `next` either way.
PAGE_SIZE = 25
METHODS = "GET, HEAD, OPTIONS"
READ_ONLY = f"The API is read-only: use {METHODS}."


def _object(description: str, /, **properties) -> dict:
    return {
        "type": "object",
        "description": description,
        "properties": properties,
        "required": list(properties),
        "additionalProperties": False,
    }


def _ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def _nullable(schema: dict) -> dict:
    return {"oneOf": [schema, {"type": "null"}]}


def _list(name: str) -> dict:
    return {"type": "array", "items": _ref(name)}


def _text(description: str) -> dict:
    return {"type": "string", "description": description}


def _choice(description: str, codes: list[str]) -> dict:
    return _object(
        description,
        code={"type": "string", "enum": codes},
        label=_text("The code's name in Swedish, as the site shows it."),
    )


_ID = {"type": "integer", "minimum": 1, "description": "Never changes and is never reused."}
_URL = {"type": "string", "format": "uri", "description": "This object in the API."}
_HTML_URL = {"type": "string", "format": "uri", "description": "This object's page on the site."}
_DATE = {"type": "string", "format": "date"}
_DIARY = _text(
    "The municipality's diary number (diarienummer, e.g. SN 2026/123) of the matter in its public "
    "diary; empty when there is none."
)
_DATETIME = {
    "type": "string",
    "format": "date-time",
    "description": "Stockholm time, with its offset from UTC.",
}


def _page_of(name: str) -> dict:
    return _object(
        f"One page of at most {PAGE_SIZE} {name.lower()}s, ordered by id.",
        count={"type": "integer", "minimum": 0, "description": "How many there are in all."},
        next=_nullable({"type": "string", "format": "uri"}),
        previous=_nullable({"type": "string", "format": "uri"}),
        results=_list(name),
    )


def _ok(description: str, schema: dict, headers: dict | None = None) -> dict:
    return {
        "description": description,
        "headers": {"Access-Control-Allow-Origin": _ANY_ORIGIN, **(headers or {})},
        "content": {"application/json": {"schema": schema}},
    }


def _error(description: str, examples: dict, headers: dict | None = None) -> dict:
    """An answer with the Error schema, and an example of each way to get it."""
    response = _ok(description, _ref("Error"), headers)
    response["content"]["application/json"]["examples"] = {
        name: {"value": {"status": status, "message": message}}
        for name, (status, message) in examples.items()
    }
    return response


def _header(description: str, schema: dict, example) -> dict:
    return {"description": description, "required": True, "schema": schema, "example": example}


_ANY_ORIGIN = _header("Any web page may read the API.", {"const": "*"}, "*")
_NOT_FOUND = {"$ref": "#/components/responses/NotFound"}
_UNAVAILABLE = {"$ref": "#/components/responses/Unavailable"}
_TOO_MANY = {"$ref": "#/components/responses/TooManyRequests"}
_PAGE_PARAMETER = {"$ref": "#/components/parameters/page"}


def _list_operation(name: str, plural: str, summary: str) -> dict:
    return {
        "get": {
            "operationId": f"list{plural}",
            "summary": summary,
            "parameters": [_PAGE_PARAMETER],
            "responses": {
                "200": _ok(summary, _ref(f"{name}Page")),
                "404": _NOT_FOUND,
                "429": _TOO_MANY,
                "503": _UNAVAILABLE,
            },
        }
    }


def _detail_operation(name: str, parameter: str, summary: str) -> dict:
    return {
        "get": {
            "operationId": f"get{name}",
            "summary": summary,
            "parameters": [{"$ref": f"#/components/parameters/{parameter}"}],
            "responses": {
                "200": _ok(summary, _ref(name)),
                "404": _NOT_FOUND,
                "429": _TOO_MANY,
                "503": _UNAVAILABLE,
            },
        }
    }


_SCHEMAS = {
    "Error": _object(
        "What went wrong.",
        status={"type": "integer", "enum": [404, 405, 429, 503], "description": "The HTTP status."},
        message=_text("In English, for the developer."),
    ),
    "Status": _choice("An idea's status.", Status.values),
    "GroupKind": _choice("The kind of group.", Group.Kind.values),
    "OrganisationKind": _choice("The kind of organisation.", Organisation.Kind.values),
    "GroupRef": _object(
        "A group.",
        id=_ID,
        slug={"type": "string"},
        name={"type": "string"},
        url=_URL,
        html_url=_HTML_URL,
    ),
    "OrganisationRef": _object(
        "An organisation.",
        id=_ID,
        slug={"type": "string"},
        name={"type": "string"},
        url=_URL,
        html_url=_HTML_URL,
    ),
    "IdeaRef": _object(
        "An idea.",
        id=_ID,
        slug={"type": "string"},
        title={"type": "string"},
        url=_URL,
        html_url=_HTML_URL,
    ),
    "Theme": _object(
        "What an idea is about.", id=_ID, slug={"type": "string"}, name={"type": "string"}
    ),
    "MeetingRef": _object(
        "The published meeting where a decision was taken.",
        id=_ID,
        title={"type": "string"},
        url=_URL,
        html_url=_HTML_URL,
    ),
    "AgendaItemRef": _object(
        "The agenda item of a published meeting where a decision was taken.",
        id=_ID,
        position={"type": "integer", "minimum": 0},
        heading={"type": "string"},
        html_url=_HTML_URL,
    ),
    "TrailEntry": _object(
        "One change of an idea's status. Entries are permanent: a mistake is corrected by a "
        "new entry that names the one it corrects.",
        id=_ID,
        status=_ref("Status"),
        decided_on=_DATE,
        decided_by=_text("The body that decided, never a private person."),
        explanation=_text("Why; always given when a proposal is turned down, paused or passed on."),
        corrects=_nullable({**_ID, "description": "The id of the entry this one corrects."}),
        diary_number=_DIARY,
        meeting=_nullable(_ref("MeetingRef")),
        agenda_item=_nullable(_ref("AgendaItemRef")),
        html_url=_HTML_URL,
    ),
    "NextStep": _object(
        "What will happen next with an idea, by whom and when. Next steps are entries of the "
        "trail too: permanent, so a planned month that passed stays visible.",
        id=_ID,
        text=_text("What will happen next."),
        by=_text("The body that does it, never a private person."),
        planned_month={
            "type": "string",
            "pattern": "^[0-9]{4}-[0-9]{2}$",
            "description": "The month it is planned for, as YYYY-MM.",
        },
        status_change=_nullable(
            {**_ID, "description": "The trail entry it was given with, if any."}
        ),
        recorded_at=_DATETIME,
        html_url=_HTML_URL,
    ),
    "Idea": _object(
        "A proposal and everything that has happened to it.",
        id=_ID,
        slug={"type": "string"},
        title={"type": "string"},
        problem=_text("What does not work today."),
        proposal=_text("What should change."),
        theme=_ref("Theme"),
        group=_ref("GroupRef"),
        organisation=_nullable(_ref("OrganisationRef")),
        raised_on=_DATE,
        status=_ref("Status"),
        status_changed_on=_DATE,
        diary_number=_DIARY,
        next_step={
            **_nullable(_ref("NextStep")),
            "description": "The current next step: the latest, unless a later change of "
            "status ended it.",
        },
        next_step_late={
            "type": "boolean",
            "description": "Whether the current next step's planned month has passed.",
        },
        url=_URL,
        html_url=_HTML_URL,
        trail={
            **_list("TrailEntry"),
            "description": "Every change of status, in the order they were recorded.",
        },
        next_steps={
            **_list("NextStep"),
            "description": "Every next step given, in the order they were recorded.",
        },
    ),
    "AgendaItem": _object(
        "One item of a meeting's agenda, with the minutes written under it.",
        id=_ID,
        position={"type": "integer", "minimum": 0},
        heading={"type": "string"},
        minutes=_text("Markdown; empty when no minutes were written."),
        ideas={**_list("IdeaRef"), "description": "The ideas discussed under this item."},
        html_url=_HTML_URL,
    ),
    "Link": _object(
        "A link from a meeting, for example to a recording.",
        title={"type": "string"},
        url={"type": "string", "format": "uri"},
    ),
    "Attachment": _object(
        "A document attached to a meeting.",
        id=_ID,
        title={"type": "string"},
        url={"type": "string", "format": "uri", "description": "Where to download it."},
        content_type={"type": "string"},
        size={"type": "integer", "minimum": 0, "description": "In bytes."},
    ),
    "Meeting": _object(
        "A published meeting: its notice, agenda and minutes.",
        id=_ID,
        slug={"type": "string"},
        title={"type": "string"},
        group=_ref("GroupRef"),
        starts_at=_DATETIME,
        ends_at=_nullable(_DATETIME),
        place={"type": "string"},
        diary_number=_DIARY,
        notice=_text("The invitation before the meeting, in Markdown."),
        agenda_items=_list("AgendaItem"),
        organisations={
            **_list("OrganisationRef"),
            "description": "The organisations present (people are not named in the API).",
        },
        links=_list("Link"),
        attachments=_list("Attachment"),
        url=_URL,
        html_url=_HTML_URL,
    ),
    "Group": _object(
        "A forum where the department and the user organisations meet.",
        id=_ID,
        slug={"type": "string"},
        name={"type": "string"},
        kind=_ref("GroupKind"),
        summary={"type": "string"},
        why=_text("Why the group exists."),
        who=_text("Who takes part."),
        where=_text("Where it meets."),
        when=_text("When it meets."),
        proposals=_text("What happens to the proposals."),
        organisations={**_list("OrganisationRef"), "description": "The member organisations."},
        url=_URL,
        html_url=_HTML_URL,
    ),
    "Organisation": _object(
        "A user organisation, the department, the region or another body that takes part.",
        id=_ID,
        slug={"type": "string"},
        name={"type": "string"},
        kind=_ref("OrganisationKind"),
        description={"type": "string"},
        website={"type": "string", "description": "An address, or empty."},
        groups={**_list("GroupRef"), "description": "The groups it is a member of."},
        url=_URL,
        html_url=_HTML_URL,
    ),
    "Index": _object(
        "Where everything is.",
        name={"type": "string"},
        description={"type": "string"},
        licence=_object(
            "The data's licence.", name={"type": "string"}, url={"type": "string", "format": "uri"}
        ),
        documentation={"type": "string", "format": "uri"},
        openapi={"type": "string", "format": "uri"},
        endpoints=_object(
            "The lists.",
            **{
                name: {"type": "string", "format": "uri"}
                for name in ("ideas", "meetings", "groups", "organisations")
            },
        ),
        downloads=_object(
            "CSV files of everything, for spreadsheets.",
            ideas={"type": "string", "format": "uri"},
            status_changes={"type": "string", "format": "uri"},
        ),
    ),
}
for _name in ("Idea", "Meeting", "Group", "Organisation"):
    _SCHEMAS[f"{_name}Page"] = _page_of(_name)

SPEC = {
    "openapi": "3.1.0",
    "info": {
        "title": "Öppna soc",
        "version": "1",
        "summary": "Ideas, their status trail, meetings, groups and organisations.",
        "description": (
            "A read-only API of everything public on Öppna soc. Lists are paginated "
            f"(`?page=N`, {PAGE_SIZE} a page) and ordered by id; ids and addresses never change. "
            "Times are ISO 8601 with their offset from UTC. Any origin may read the API. "
            "Texts written by staff are in Swedish; Markdown fields are returned as written.\n\n"
            "Every answer is JSON, errors included (the `Error` schema): 404 for an unknown "
            "object, page or address under /api/, 429 with `Retry-After` when one address asks "
            "more often than the API allows, 503 with `Retry-After` while the database is "
            f"unavailable, and 405 with `Allow: {METHODS}` for any other method (the API is "
            "read-only; `#/components/responses/MethodNotAllowed`). OPTIONS answers a CORS "
            "preflight with 204 and no body; HEAD answers like GET without the body."
        ),
        "license": {
            "name": "CC0 1.0 Universal",
            "identifier": "CC0-1.0",
        },
    },
    "paths": {
        "/api/": {
            "get": {
                "operationId": "index",
                "summary": "Where everything is",
                "responses": {
                    "200": _ok("Where everything is", _ref("Index")),
                    "429": _TOO_MANY,
                    "503": _UNAVAILABLE,
                },
            }
        },
        "/api/openapi.json": {
            "get": {
                "operationId": "openapi",
                "summary": "This description",
                "responses": {
                    "200": _ok("This OpenAPI description", {"type": "object"}),
                    "429": _TOO_MANY,
                    "503": _UNAVAILABLE,
                },
            }
        },
        "/api/ideas/": _list_operation("Idea", "Ideas", "Ideas, each with its whole trail"),
        "/api/ideas/{slug}/": _detail_operation("Idea", "slug", "One idea with its whole trail"),
        "/api/meetings/": _list_operation("Meeting", "Meetings", "Published meetings"),
        "/api/meetings/{id}/": _detail_operation("Meeting", "id", "One published meeting"),
        "/api/groups/": _list_operation("Group", "Groups", "Groups"),
        "/api/groups/{slug}/": _detail_operation("Group", "slug", "One group"),
        "/api/organisations/": _list_operation("Organisation", "Organisations", "Organisations"),
        "/api/organisations/{slug}/": _detail_operation("Organisation", "slug", "One organisation"),
    },
    "components": {
        "schemas": _SCHEMAS,
        "parameters": {
            "page": {
                "name": "page",
                "in": "query",
                "required": False,
                "description": (
                    "The page, from 1. A page that does not exist, or a value that is not a "
                    "whole number from 1 (an empty one too), answers 404."
                ),
                "schema": {"type": "integer", "minimum": 1, "default": 1},
                "example": 2,
            },
            "slug": {
                "name": "slug",
                "in": "path",
                "required": True,
                "schema": {"type": "string", "pattern": "^[-a-zA-Z0-9_]+$"},
                "example": "gemensam-utvecklingsgrupp",
            },
            "id": {
                "name": "id",
                "in": "path",
                "required": True,
                "schema": {"type": "integer", "minimum": 1},
                "example": 1,
            },
        },
        "responses": {
            "NotFound": _error(
                "No such object or page",
                {
                    "object": (404, "No idea 'finns-inte'."),
                    "page": (404, "No page 9: there are 3 pages."),
                    "address": (
                        404,
                        "No such address in the API: /api/idéer/. The index is at /api/.",
                    ),
                },
            ),
            "MethodNotAllowed": _error(
                f"Any method but {METHODS}, at any address under /api/: the API is read-only.",
                {"post": (405, READ_ONLY)},
                {"Allow": _header("The methods the API answers.", {"const": METHODS}, METHODS)},
            ),
            "TooManyRequests": _error(
                "This address has asked more than the API's limit; ask again after Retry-After.",
                {"limited": (429, "Too many requests from your address. Try again in 60 s.")},
                {
                    "Retry-After": _header(
                        "Seconds to wait before asking again.",
                        {"type": "integer", "minimum": 0},
                        60,
                    )
                },
            ),
            "Unavailable": _error(
                "The database is unavailable (for a restart, say); no address can be answered.",
                {"unavailable": (503, "The database is unavailable. Try again in a while.")},
                {
                    "Retry-After": _header(
                        "Seconds to wait before asking again.",
                        {"type": "integer", "minimum": 0},
                        30,
                    )
                },
            ),
        },
    },
}
