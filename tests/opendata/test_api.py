"""The JSON API: what each endpoint shows, and what it never shows."""

from datetime import datetime, timedelta

import pytest
from django.test import Client
from django.utils import timezone

from ideas.models import Status
from opendata.openapi import PAGE_SIZE
from tests.factories import (
    change_status,
    make_agenda_item,
    make_attachment,
    make_attendee,
    make_group,
    make_idea,
    make_link,
    make_meeting,
    make_organisation,
    make_staff_user,
    make_theme,
)
from tests.opendata.conftest import EXPLANATION, SECRETS

pytestmark = pytest.mark.django_db

BASE = "http://127.0.0.1:8000"
ENDPOINTS = ["/api/", "/api/ideas/", "/api/meetings/", "/api/groups/", "/api/organisations/"]


def _get(client, path, status=200, **extra):
    response = client.get(path, **extra)
    assert response.status_code == status, (path, response.content[:300])
    assert response["Content-Type"] == "application/json"
    return response.json()


def _by_id(results, pk):
    return next(r for r in results if r["id"] == pk)


def test_index_lists_the_endpoints_the_description_and_the_licence(client):
    index = _get(client, "/api/")
    assert index["endpoints"] == {
        "ideas": f"{BASE}/api/ideas/",
        "meetings": f"{BASE}/api/meetings/",
        "groups": f"{BASE}/api/groups/",
        "organisations": f"{BASE}/api/organisations/",
    }
    assert index["openapi"] == f"{BASE}/api/openapi.json"
    assert index["documentation"] == f"{BASE}/oppna-data/"
    assert index["downloads"] == {
        "ideas": f"{BASE}/oppna-data/ideer.csv",
        "status_changes": f"{BASE}/oppna-data/statusandringar.csv",
    }
    assert index["licence"]["url"] == "https://creativecommons.org/publicdomain/zero/1.0/"


def test_idea_has_its_fields_and_its_whole_trail_oldest_first(client, site):
    main = site["main"]
    idea = _get(client, f"/api/ideas/{main.slug}/")
    assert idea["id"] == main.pk
    assert idea["title"] == "En SIP för alla myndigheter"
    assert idea["problem"] == main.problem
    assert idea["theme"] == {"id": site["theme"].pk, "slug": "samordning", "name": "Samordning"}
    assert idea["group"] == {
        "id": site["joint"].pk,
        "slug": "gemensam-utvecklingsgrupp",
        "name": "Gemensam utvecklingsgrupp",
        "url": f"{BASE}/api/groups/gemensam-utvecklingsgrupp/",
        "html_url": f"{BASE}/grupper/gemensam-utvecklingsgrupp/",
    }
    assert idea["organisation"]["slug"] == "vagen"
    assert idea["raised_on"] == main.raised_on.isoformat()
    assert idea["status"] == {"code": "on_hold", "label": "Vilande"}
    assert idea["status_changed_on"] == main.status_changed_on.isoformat()
    assert idea["url"] == f"{BASE}/api/ideas/{main.slug}/"
    assert idea["html_url"] == f"{BASE}/ideer/{main.slug}/"

    trail = idea["trail"]
    assert [e["id"] for e in trail] == sorted(e.pk for e in main.trail.all())
    assert [e["status"]["code"] for e in trail] == [
        "received",
        "decided",
        "done",
        "in_progress",
        "on_hold",
    ]
    decided = _by_id(trail, site["decided"].pk)
    meeting, item = site["meeting"], site["item"]
    assert decided["decided_by"] == "Gemensam utvecklingsgrupp"
    assert decided["explanation"] == "Förvaltningen tar fram en mall."
    assert decided["meeting"] == {
        "id": meeting.pk,
        "title": meeting.title,
        "url": f"{BASE}/api/meetings/{meeting.pk}/",
        "html_url": f"{BASE}{meeting.get_absolute_url()}",
    }
    assert decided["agenda_item"] == {
        "id": item.pk,
        "position": item.position,
        "heading": "Förslag om SIP",
        "html_url": f"{BASE}{meeting.get_absolute_url()}#punkt-{item.pk}",
    }
    assert decided["html_url"] == f"{BASE}/ideer/{main.slug}/#andring-{site['decided'].pk}"
    correction = _by_id(trail, site["correction"].pk)
    assert correction["corrects"] == site["wrong"].pk
    assert _by_id(trail, site["wrong"].pk)["corrects"] is None


def test_trail_links_only_to_published_meetings(client, site):
    trail = _get(client, f"/api/ideas/{site['main'].slug}/")["trail"]
    at_draft = _by_id(trail, site["secret_meeting_change"].pk)
    assert at_draft["meeting"] is None
    assert at_draft["agenda_item"] is None
    assert at_draft["explanation"] == "Vilande tills vidare."


def test_explanations_keep_quotes_and_line_breaks(client, site):
    idea = _get(client, f"/api/ideas/{site['rejected'].slug}/")
    assert idea["title"] == 'Kvällsöppet, "alltid"'
    assert idea["organisation"] is None
    assert idea["trail"][-1]["explanation"] == EXPLANATION
    assert idea["trail"][-1]["status"] == {"code": "rejected", "label": "Avslagen"}


def test_labels_are_swedish_whatever_language_is_asked_for(client, site):
    idea = _get(client, f"/api/ideas/{site['rejected'].slug}/", HTTP_ACCEPT_LANGUAGE="en")
    assert idea["status"]["label"] == "Avslagen"
    assert idea["html_url"] == f"{BASE}/ideer/{site['rejected'].slug}/"


def test_meeting_has_agenda_organisations_links_and_attachments(client, site):
    meeting, item, attachment = site["meeting"], site["item"], site["attachment"]
    data = _get(client, f"/api/meetings/{meeting.pk}/")
    assert data["title"] == "Gemensam utvecklingsgrupp i mars"
    assert data["group"]["slug"] == "gemensam-utvecklingsgrupp"
    assert data["place"] == meeting.place
    assert data["notice"] == meeting.notice
    starts_at = datetime.fromisoformat(data["starts_at"])
    assert starts_at == meeting.starts_at
    assert starts_at.utcoffset() == timezone.localtime(meeting.starts_at).utcoffset()
    assert datetime.fromisoformat(data["ends_at"]) == meeting.ends_at
    assert [i["heading"] for i in data["agenda_items"]] == ["Förslag om SIP", "Övrigt"]
    first = data["agenda_items"][0]
    assert first["id"] == item.pk
    assert first["minutes"] == "Gruppen beslutade."
    assert first["html_url"] == f"{BASE}{meeting.get_absolute_url()}#punkt-{item.pk}"
    assert first["ideas"] == [
        {
            "id": site["main"].pk,
            "slug": site["main"].slug,
            "title": site["main"].title,
            "url": f"{BASE}/api/ideas/{site['main'].slug}/",
            "html_url": f"{BASE}/ideer/{site['main'].slug}/",
        }
    ]
    assert data["agenda_items"][1]["minutes"] == ""
    # Each organisation once, however many came for it, and in name order.
    assert [o["slug"] for o in data["organisations"]] == ["anhoriga", "vagen"]
    assert data["links"] == [{"title": "Inspelning", "url": "https://video.example.org/1"}]
    assert data["attachments"] == [
        {
            "id": attachment.pk,
            "title": "Presentation",
            "url": f"{BASE}{attachment.get_absolute_url()}",
            "content_type": "application/pdf",
            "size": attachment.size,
        }
    ]
    assert attachment.size > 0
    assert data["html_url"] == f"{BASE}{meeting.get_absolute_url()}"
    # The download address works.
    assert client.get(attachment.get_absolute_url()).status_code == 200


def test_meeting_without_end_has_null_end(client):
    meeting = make_meeting(ends_at=None)
    assert _get(client, f"/api/meetings/{meeting.pk}/")["ends_at"] is None


def test_draft_meetings_are_nowhere_in_the_api(client, site):
    draft = site["draft"]
    error = _get(client, f"/api/meetings/{draft.pk}/", status=404)
    assert error == {"status": 404, "message": f"No published meeting {draft.pk}."}
    meetings = _get(client, "/api/meetings/")
    assert meetings["count"] == 1
    assert [m["id"] for m in meetings["results"]] == [site["meeting"].pk]


def test_group_and_organisation_have_public_fields_only(client, site):
    group = _get(client, "/api/groups/gemensam-utvecklingsgrupp/")
    assert group["kind"] == {"code": "innovation", "label": "Innovationsgrupp"}
    assert group["summary"].startswith("Förvaltningen")
    assert [o["slug"] for o in group["organisations"]] == ["anhoriga", "vagen"]
    assert not {"contact_email", "contact_phone", "contact_name"} & set(group)
    organisation = _get(client, "/api/organisations/vagen/")
    assert organisation["name"] == "Brukarföreningen Vägen"
    assert organisation["website"] == "https://vagen.example.org/"
    assert organisation["kind"]["code"] == "user_organisation"
    assert [g["slug"] for g in organisation["groups"]] == ["gemensam-utvecklingsgrupp"]
    assert organisation["html_url"] == f"{BASE}/organisationer/vagen/"
    assert not {"contact_email", "contact_phone", "contact_name"} & set(organisation)


FORBIDDEN_KEYS = {"recorded_by", "recorded_at", "email", "contact_email", "phone", "contact_phone"}


def _keys(data) -> set[str]:
    if isinstance(data, dict):
        return set(data).union(*(_keys(value) for value in data.values()))
    if isinstance(data, list):
        return set().union(*(_keys(value) for value in data))
    return set()


def test_staff_data_e_mail_phone_names_drafts_and_comments_never_appear(client, site):
    paths = ENDPOINTS + [
        result["url"].removeprefix(BASE)
        for path in ENDPOINTS[1:]
        for result in client.get(path).json()["results"]
    ]
    assert len(paths) > 10
    for path in paths:
        response = client.get(path)
        assert response.status_code == 200
        text = response.content.decode()
        for name, secret in SECRETS.items():
            assert secret not in text, f"{name} in {path}"
        assert "@" not in text, f"an e-mail address in {path}"
        assert not FORBIDDEN_KEYS & _keys(response.json()), path


def test_no_comment_text_is_in_the_api(client, site):
    text = client.get(f"/api/ideas/{site['main'].slug}/").content.decode()
    for state in ("pending", "hidden", "withdrawn", "approved"):
        assert SECRETS[state] not in text


def test_lists_are_ordered_by_id_and_paginated(client):
    staff = make_staff_user()
    group, theme = make_group(), make_theme()
    ideas = [
        make_idea(group=group, theme=theme, recorded_by=staff, raised_on=timezone.localdate())
        for _ in range(PAGE_SIZE + 3)
    ]
    first = _get(client, "/api/ideas/")
    assert first["count"] == PAGE_SIZE + 3
    assert first["previous"] is None
    assert first["next"] == f"{BASE}/api/ideas/?page=2"
    assert [i["id"] for i in first["results"]] == [i.pk for i in ideas[:PAGE_SIZE]]
    second = _get(client, "/api/ideas/?page=2")
    assert second["next"] is None
    assert second["previous"] == f"{BASE}/api/ideas/?page=1"
    assert [i["id"] for i in second["results"]] == [i.pk for i in ideas[PAGE_SIZE:]]
    # The same page again gives the same answer: nothing depends on the time or the status.
    change_status(ideas[0], Status.PREPARING)
    assert [i["id"] for i in _get(client, "/api/ideas/")["results"]] == [
        i.pk for i in ideas[:PAGE_SIZE]
    ]


def test_empty_lists_have_one_empty_page(client):
    assert _get(client, "/api/ideas/") == {
        "count": 0,
        "next": None,
        "previous": None,
        "results": [],
    }


@pytest.mark.parametrize(
    "query",
    [
        "page=0",
        "page=2",
        "page=-1",
        "page=abc",
        "page=1.5",
        "page=%00",
        "page=" + "9" * 5000,
        "page=²",
        "page= 1",
        "page=1e3",
        "page=",
    ],
)
def test_bad_page_is_a_json_404(client, query):
    make_idea()
    error = _get(client, f"/api/ideas/?{query}", status=404)
    assert error["status"] == 404
    assert error["message"].startswith("No page")


def test_unknown_objects_and_addresses_are_json_404(client, site):
    for path, message in [
        ("/api/ideas/finns-inte/", "No idea 'finns-inte'."),
        ("/api/meetings/999999/", "No published meeting 999999."),
        ("/api/groups/finns-inte/", "No group 'finns-inte'."),
        ("/api/organisations/finns-inte/", "No organisation 'finns-inte'."),
        ("/api/meetings/inte-ett-id/", None),
        ("/api/ideas/ä ö/", None),
        ("/api/finns-inte/", None),
    ]:
        response = client.get(path)
        assert response.status_code == 404, path
        assert response["Content-Type"] == "application/json"
        assert response["Access-Control-Allow-Origin"] == "*"
        error = response.json()
        assert error["status"] == 404
        assert error["message"] == message or message is None


def test_address_without_slash_is_redirected_to_the_one_with(client):
    response = client.get("/api/ideas")
    assert response.status_code == 301
    assert response["Location"] == "/api/ideas/"


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
@pytest.mark.parametrize(
    "path", ["/api/", "/api/openapi.json", "/api/ideas/", "/api/meetings/1/", "/api/finns-inte/"]
)
def test_only_reading_is_allowed(method, path):
    """A real client sends no CSRF token: it gets the API's JSON 405, not Django's CSRF page."""
    response = getattr(Client(enforce_csrf_checks=True), method)(path)
    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD, OPTIONS"
    assert response["Content-Type"] == "application/json"
    assert response["Access-Control-Allow-Origin"] == "*"
    assert response.json() == {
        "status": 405,
        "message": "The API is read-only: use GET, HEAD, OPTIONS.",
    }
    assert not response.cookies


def test_head_answers_like_get(client, site):
    response = client.head("/api/ideas/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"


@pytest.mark.parametrize("path", [*ENDPOINTS, "/api/openapi.json", "/api/ideas/x/"])
def test_any_origin_may_read_and_no_cookie_is_set(client, path):
    response = client.get(path, HTTP_ORIGIN="https://journalist.example.com")
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "Access-Control-Allow-Credentials" not in response
    assert not response.cookies


def test_preflight_is_answered(client):
    response = client.options(
        "/api/ideas/",
        HTTP_ORIGIN="https://journalist.example.com",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
        HTTP_ACCESS_CONTROL_REQUEST_HEADERS="accept",
    )
    assert response.status_code == 204
    assert response["Access-Control-Allow-Origin"] == "*"
    assert response["Access-Control-Allow-Methods"] == "GET, HEAD, OPTIONS"
    assert response["Access-Control-Allow-Headers"] == "*"
    assert int(response["Access-Control-Max-Age"]) > 0
    assert not response.content
    assert not response.cookies


def _fill(n: int):
    """n more ideas with long trails, meetings with many items, attendees, links and files."""
    staff = make_staff_user()
    for _ in range(n):
        organisation = make_organisation()
        group = make_group()
        group.organisations.add(organisation, make_organisation())
        idea = make_idea(group=group, organisation=organisation, recorded_by=staff)
        meeting = make_meeting(group=group)
        for _ in range(3):
            item = make_agenda_item(meeting)
            item.ideas.add(idea)
            make_attendee(meeting, organisation=organisation)
        make_link(meeting)
        make_attachment(meeting)
        change_status(
            idea,
            Status.DECIDED,
            decided_on=timezone.localdate() - timedelta(days=1),
            meeting=meeting,
            agenda_item=item,
            recorded_by=staff,
        )
        change_status(idea, Status.IN_PROGRESS, recorded_by=staff)
        make_meeting(group=group, published=False)


# Count, page, and one query per prefetched relation; the same with 2 rows or 30.
# Ideas and meetings read their page's ids first, from the primary key's index (one query
# more than the others, and a deep page in milliseconds instead of reading every row before it).
# Ideas: their number from the figures, the ids, the ideas, the trail as rows, its agenda
# items and its meetings, and the next steps as rows.
BUDGETS = {
    "/api/": 0,
    "/api/ideas/": 7,
    "/api/meetings/": 8,
    "/api/groups/": 3,
    "/api/organisations/": 3,
}


@pytest.mark.parametrize("path", BUDGETS)
def test_lists_use_a_fixed_number_of_queries(client, path, django_assert_max_num_queries):
    _fill(2)
    with django_assert_max_num_queries(BUDGETS[path]):
        few = _get(client, path)
    _fill(28)
    with django_assert_max_num_queries(BUDGETS[path]):
        many = _get(client, path)
    if path != "/api/":
        assert many["count"] > few["count"]


def test_details_use_a_fixed_number_of_queries(client, django_assert_max_num_queries):
    _fill(1)
    small = [
        "/api/ideas/" + _get(client, "/api/ideas/")["results"][0]["slug"] + "/",
        "/api/meetings/" + str(_get(client, "/api/meetings/")["results"][0]["id"]) + "/",
    ]
    staff = make_staff_user()
    big_idea = make_idea(recorded_by=staff)
    big_meeting = make_meeting(agenda_items=30)
    for item in big_meeting.agenda_items.all():
        item.ideas.add(big_idea)
        make_attendee(big_meeting)
        make_link(big_meeting)
        make_attachment(big_meeting)
    for _ in range(30):
        change_status(big_idea, Status.PREPARING, meeting=big_meeting, recorded_by=staff)
    big_group = make_group()
    big_group.organisations.set([make_organisation() for _ in range(30)])
    big_organisation = make_organisation()
    big_organisation.groups.set([make_group() for _ in range(30)])
    big = [f"/api/ideas/{big_idea.slug}/", f"/api/meetings/{big_meeting.pk}/"]
    for path in [*small, *big]:
        with django_assert_max_num_queries(6):
            _get(client, path)
    for path in [f"/api/groups/{big_group.slug}/", f"/api/organisations/{big_organisation.slug}/"]:
        with django_assert_max_num_queries(2):
            _get(client, path)
