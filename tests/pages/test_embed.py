"""A group's embeddable page: its news without the site around it, framed only where allowed."""

from datetime import timedelta

import pytest
from django.core import checks
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from ideas.models import Status
from pages.checks import embed_origins_are_origins
from tests.factories import change_status, make_group, make_idea, make_meeting

pytestmark = pytest.mark.django_db

ORIGIN = "https://www.kommun.example"


def _frame_ancestors(response) -> str:
    policy = dict(
        part.strip().split(" ", 1)
        for part in response["Content-Security-Policy"].split(";")
        if " " in part.strip()
    )
    return policy["frame-ancestors"]


@pytest.fixture
def group():
    group = make_group(name="Brukarråd missbruk", slug="brukarrad-missbruk")
    soon = timezone.now() + timedelta(days=7)
    make_meeting(group=group, title="Vårens första möte", starts_at=soon)
    make_meeting(group=group, title="Ett utkast", starts_at=soon, published=False)
    make_meeting(title="En annan grupps möte", starts_at=soon)
    idea = make_idea(group=group, title="Fler platser på härbärget")
    change_status(idea, Status.DECIDED)
    change_status(make_idea(title="En annan grupps idé"), Status.REJECTED)
    return group


def test_shows_the_groups_upcoming_meetings_and_latest_decisions_only(client, group):
    response = client.get(reverse("pages:embed_group", args=[group.slug]))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Vårens första möte" in page and "Fler platser på härbärget" in page
    assert "Beslutad" in page
    assert "Inkommen" not in page  # an idea's arrival is no decision
    assert "Ett utkast" not in page
    assert "En annan grupps" not in page
    assert 'class="site-nav"' not in page  # no menu, header or footer around it
    assert '<base target="_top">' in page  # a link leaves the frame for the whole window
    assert 'name="robots" content="noindex"' in page
    assert not response.cookies


def test_english(client, group):
    page = client.get("/en" + reverse("pages:embed_group", args=[group.slug])).content.decode()
    assert "Upcoming meetings" in page and "Latest decisions" in page


def test_unknown_group_is_404(client):
    assert client.get(reverse("pages:embed_group", args=["finns-inte"])).status_code == 404


def test_framed_only_by_the_portal_and_the_configured_origins(client, group, settings):
    settings.EMBED_ORIGINS = [ORIGIN]
    response = client.get(reverse("pages:embed_group", args=[group.slug]))
    assert _frame_ancestors(response) == f"'self' {ORIGIN}"
    assert "X-Frame-Options" not in response
    # Every other page still refuses every frame.
    other = client.get(group.get_absolute_url())
    assert _frame_ancestors(other) == "'none'" and other["X-Frame-Options"] == "DENY"


def test_without_origins_only_the_portal_may_frame_it(client, group, settings):
    settings.EMBED_ORIGINS = []
    response = client.get(reverse("pages:embed_group", args=[group.slug]))
    assert _frame_ancestors(response) == "'self'"


def test_a_cached_answer_allows_the_same_frames(group, settings):
    settings.PAGE_CACHE_SECONDS = 300
    settings.EMBED_ORIGINS = [ORIGIN]
    path = reverse("pages:embed_group", args=[group.slug])
    Client().get(path)
    again = Client().get(path)
    assert again["X-Page-Cache"] == "hit"
    assert _frame_ancestors(again) == f"'self' {ORIGIN}"
    assert "X-Frame-Options" not in again


def test_queries_do_not_grow_with_the_groups_history(client, group, django_assert_num_queries):
    path = reverse("pages:embed_group", args=[group.slug])
    client.get(path)
    with django_assert_num_queries(3):
        client.get(path)
    for n in range(12):
        make_meeting(group=group, starts_at=timezone.now() + timedelta(days=n + 1))
        change_status(make_idea(group=group), Status.DECIDED)
    with django_assert_num_queries(3):
        page = client.get(path).content.decode()
    assert page.count('class="meeting-summary"') == 5
    assert page.count("status status-") == 5


@pytest.mark.parametrize(
    "origin",
    ["www.kommun.se", "https://*.kommun.se", "https://www.kommun.se/sida", "ftp://kommun.se"],
)
def test_a_setting_that_is_not_an_origin_is_refused(settings, origin):
    settings.EMBED_ORIGINS = [origin]
    errors = embed_origins_are_origins(None)
    assert [error.id for error in errors] == ["pages.E002"]
    assert errors[0].level == checks.ERROR


def test_origins_pass_the_check(settings):
    settings.EMBED_ORIGINS = [ORIGIN, "http://localhost:8000"]
    assert embed_origins_are_origins(None) == []
