"""The OpenAPI description is valid, and every answer of the API matches it."""

import io
import re

import pytest
from django.core.management import call_command
from django.db import OperationalError
from django.db.backends.postgresql.base import DatabaseWrapper
from django.test import Client
from django.urls import get_resolver
from jsonschema import Draft202012Validator
from openapi_spec_validator import validate
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from ideas.models import Idea, StatusChange
from meetings.models import Meeting
from opendata import api_urls
from opendata.openapi import SPEC
from tests.factories import (
    make_attachment,
    make_idea,
    make_link,
    make_meeting,
    make_organisation,
    make_staff_user,
)

pytestmark = pytest.mark.django_db

SPEC_URI = "urn:oppnasoc:openapi"
BASE = "http://127.0.0.1:8000"


def _refuse(self):
    raise OperationalError("connection refused")


def _pointer(*parts: str) -> str:
    return "#/" + "/".join(part.replace("~", "~0").replace("/", "~1") for part in parts)


def _where(path: str, status: int) -> tuple[str, ...]:
    """Where the description keeps its answer to GET `path` with `status`, past a $ref."""
    response = SPEC["paths"][path]["get"]["responses"][str(status)]
    if "$ref" in response:
        return tuple(response["$ref"].removeprefix("#/").split("/"))
    return ("paths", path, "get", "responses", str(status))


def _at(*where: str):
    node = SPEC
    for part in where:
        node = node[part]
    return node


def _validator(*where: str) -> Draft202012Validator:
    """A validator for the schema at `where` in the description."""
    # The schemas' $refs point into the whole description, so that is the resource they
    # resolve in; the validator starts at the schema inside it.
    registry = Registry().with_resource(
        SPEC_URI, Resource.from_contents(SPEC, default_specification=DRAFT202012)
    )
    return Draft202012Validator(
        {"$ref": SPEC_URI + _pointer(*where)},
        registry=registry,
        format_checker=Draft202012Validator.FORMAT_CHECKER,
    )


def _body_validator(path: str, status: int) -> Draft202012Validator:
    return _validator(*_where(path, status), "content", "application/json", "schema")


def _assert_matches(response, *where: str):
    """The answer's body and headers are those the description promises at `where`."""
    body = response.json()
    errors = _validator(*where, "content", "application/json", "schema").iter_errors(body)
    messages = [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in errors]
    assert not messages, f"{response.request['PATH_INFO']}: " + "\n".join(messages[:5])
    for name, header in _at(*where).get("headers", {}).items():
        assert name in response.headers or not header["required"], name
        value = response[name]
        if header["schema"].get("type") == "integer":
            value = int(value)
        assert _validator(*where, "headers", name, "schema").is_valid(value), (name, value)
    return body


def _check(client, spec_path: str, url: str, status: int = 200):
    response = client.get(url)
    assert response.status_code == status, (url, response.content[:300])
    return _assert_matches(response, *_where(spec_path, status))


def test_the_description_is_valid_openapi_3_1():
    validate(SPEC)
    assert SPEC["openapi"].startswith("3.1")


def test_the_served_description_is_valid_and_names_the_server(client):
    served = client.get("/api/openapi.json").json()
    validate(served)
    assert served["servers"] == [{"url": BASE}]
    assert {k: v for k, v in served.items() if k != "servers"} == SPEC


def test_every_object_schema_is_closed_and_requires_all_its_properties():
    def objects(schema):
        if isinstance(schema, dict):
            if schema.get("type") == "object" and "properties" in schema:
                yield schema
            for value in schema.values():
                yield from objects(value)
        elif isinstance(schema, list):
            for value in schema:
                yield from objects(value)

    found = list(objects(SPEC["components"]["schemas"]))
    assert len(found) > 15
    for schema in found:
        assert schema["additionalProperties"] is False
        assert sorted(schema["required"]) == sorted(schema["properties"])


def test_the_description_and_the_address_patterns_name_the_same_endpoints():
    patterns = [
        "/api/" + re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", str(p.pattern)).replace("{pk}", "{id}")
        for p in api_urls.urlpatterns
        if p.name != "not_found"
    ]
    assert sorted(patterns) == sorted(SPEC["paths"])
    assert get_resolver().resolve("/api/ideas/x/").url_name == "idea"


@pytest.fixture
def realistic():
    """The demo content (real minutes, a year of meetings with drafts among them, ideas with
    long trails and a correction), a meeting with files and no end time, and more ideas and
    meetings than fit on one page."""
    call_command("load_demo", stdout=io.StringIO())
    meeting = make_meeting(ends_at=None, agenda_items=2)
    make_attachment(meeting)
    make_link(meeting)
    for _ in range(5):
        make_meeting(agenda_items=1)
    staff = make_staff_user()
    for _ in range(40):
        make_idea(recorded_by=staff, organisation=make_organisation())
    assert Meeting.objects.filter(status=Meeting.Status.DRAFT).exists()
    assert StatusChange.objects.filter(corrects__isnull=False).exists()
    assert StatusChange.objects.filter(agenda_item__isnull=False).exists()
    assert Idea.objects.filter(organisation=None).exists()
    return Meeting.objects.filter(status=Meeting.Status.DRAFT).first()


def test_every_answer_matches_the_description(client, realistic, settings, monkeypatch):
    checked = set()

    def check(spec_path, url, status=200):
        checked.add((spec_path, status))
        return _check(client, spec_path, url, status)

    check("/api/", "/api/")
    check("/api/openapi.json", "/api/openapi.json")
    for kind, key, detail in [
        ("ideas", "slug", "/api/ideas/{slug}/"),
        ("meetings", "id", "/api/meetings/{id}/"),
        ("groups", "slug", "/api/groups/{slug}/"),
        ("organisations", "slug", "/api/organisations/{slug}/"),
    ]:
        url = f"/api/{kind}/"
        pages = 0
        while url:
            page = check(f"/api/{kind}/", url)
            pages += 1
            assert page["results"], url
            for result in page["results"]:
                assert result["url"] == f"{BASE}{detail.replace('{' + key + '}', str(result[key]))}"
                assert check(detail, result["url"].removeprefix(BASE)) == result
            url = page["next"] and page["next"].removeprefix(BASE)
        if kind in ("ideas", "meetings"):
            assert pages >= 2, f"{kind} should need more than one page here"
        check(f"/api/{kind}/", f"/api/{kind}/?page={pages + 1}", 404)
        check(f"/api/{kind}/", f"/api/{kind}/?page=nej", 404)
        check(detail, detail.replace("{" + key + "}", "999999" if key == "id" else "nej"), 404)
    check("/api/meetings/{id}/", f"/api/meetings/{realistic.pk}/", 404)
    check("/api/ideas/", "/api/ideas/?page=", 404)

    # Beyond the limit, every address answers 429 (the limit is off in the other tests).
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "api": "0/m"}
    for path in SPEC["paths"]:
        url = path.replace("{slug}", "en-ide").replace("{id}", "1")
        response = client.get(url)
        assert response.status_code == 429, url
        _assert_matches(response, *_where(path, 429))
        checked.add((path, 429))
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "api": "0"}

    # While the database is down every address answers 503, even those that need no query:
    # the page cache (on, as in production) asks the database for the content version first.
    settings.PAGE_CACHE_SECONDS = 300
    unavailable = Client(raise_request_exception=False)
    with monkeypatch.context() as down:
        down.setattr(DatabaseWrapper, "ensure_connection", _refuse)
        for path in SPEC["paths"]:
            url = path.replace("{slug}", "en-ide").replace("{id}", "1")
            response = unavailable.get(url)
            assert response.status_code == 503, url
            _assert_matches(response, *_where(path, 503))
            checked.add((path, 503))

    expected = {
        (path, int(status))
        for path, item in SPEC["paths"].items()
        for status in item["get"]["responses"]
    }
    assert checked == expected


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_other_methods_answer_as_the_description_says(method):
    # The client a program would be: no CSRF token.
    client = Client(enforce_csrf_checks=True)
    for path in [*SPEC["paths"], "/api/finns-inte/"]:
        url = path.replace("{slug}", "en-ide").replace("{id}", "1")
        response = getattr(client, method)(url)
        assert response.status_code == 405, url
        _assert_matches(response, "components", "responses", "MethodNotAllowed")


def _examples(node, where=()):
    """Every example in the description, with where its schema is."""
    if isinstance(node, dict):
        if "schema" in node:
            # A parameter or a header has one example; an answer's content names several.
            if "example" in node:
                yield (*where, "schema"), node["example"]
            for example in node.get("examples", {}).values():
                yield (*where, "schema"), example["value"]
        for key, value in node.items():
            yield from _examples(value, (*where, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _examples(value, (*where, str(index)))


def test_every_example_matches_its_schema():
    examples = list(_examples(SPEC))
    assert len(examples) >= 10
    for where, example in examples:
        errors = [e.message for e in _validator(*where).iter_errors(example)]
        assert not errors, (where, example, errors)


def test_a_drifted_answer_would_be_caught():
    """The check itself works: an extra or missing field, or a wrong type, is an error."""
    validator = _body_validator("/api/groups/{slug}/", 200)
    group = {
        "id": 1,
        "slug": "g",
        "name": "G",
        "kind": {"code": "innovation", "label": "Innovationsgrupp"},
        "summary": "",
        "why": "",
        "who": "",
        "where": "",
        "when": "",
        "proposals": "",
        "organisations": [],
        "url": "http://127.0.0.1:8000/api/groups/g/",
        "html_url": "http://127.0.0.1:8000/grupper/g/",
    }
    assert validator.is_valid(group)
    assert not validator.is_valid({**group, "contact_email": "a@example.org"})
    assert not validator.is_valid({k: v for k, v in group.items() if k != "why"})
    assert not validator.is_valid({**group, "id": "1"})
    assert not validator.is_valid({**group, "kind": {"code": "club", "label": "Klubb"}})
    meeting_validator = _body_validator("/api/meetings/", 200)
    assert not meeting_validator.is_valid(
        {"count": 0, "next": None, "previous": None, "results": [], "extra": 1}
    )
    date_time = SPEC["components"]["schemas"]["Meeting"]["properties"]["starts_at"]
    checker = Draft202012Validator(date_time, format_checker=Draft202012Validator.FORMAT_CHECKER)
    assert checker.is_valid("2025-03-12T13:00:00+01:00")
    assert not checker.is_valid("12 mars 2025")
