"""The page cache serves anonymous visitors fast and is never stale after an edit in the admin.

Each test first reads every page, feed and API answer that will show the change, so they are
all cached, then makes the change the way staff do (through the admin), then reads them again
as a new anonymous visitor.
"""

from datetime import timedelta

import pytest
from django.conf import settings
from django.contrib.auth.models import Group as StaffGroup
from django.db import transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from ideas.models import Comment
from portal import roles
from portal.versions import content_version
from tests.factories import (
    make_agenda_item,
    make_editor,
    make_group,
    make_idea,
    make_meeting,
    make_representative,
)
from tests.ideas.test_admin import _change_form

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _page_cache_on(settings):
    settings.PAGE_CACHE_SECONDS = 300


def _warm(paths: list[str]) -> dict[str, str]:
    """Read each page twice as an anonymous visitor; the second read must come from the cache."""
    pages = {}
    for path in paths:
        first = Client().get(path)
        assert first.status_code == 200, path
        again = Client().get(path)
        assert again["X-Page-Cache"] == "hit", path
        pages[path] = again.content.decode()
    return pages


def _read(path: str) -> str:
    response = Client().get(path)
    assert response.status_code == 200, path
    return response.content.decode()


def test_published_minutes_show_everywhere_on_the_next_request():
    group = make_group(slug="utveckling")
    yesterday = timezone.now() - timedelta(days=1)
    make_meeting(group=group, title="Tidigare möte", starts_at=yesterday - timedelta(days=7))
    draft = make_meeting(
        group=group, title="Möte om ledsagning", published=False, starts_at=yesterday
    )
    make_agenda_item(draft, heading="Ledsagning", body="Gruppen tillstyrkte ledsagningsförslaget.")
    paths = [
        "/",
        "/moten/",
        "/en/moten/",
        f"/grupper/{group.slug}/",
        "/moten/flode/",
        f"/grupper/{group.slug}/moten/flode/",
        "/moten/kalender.ics",
        "/api/meetings/",
        "/sok/?q=ledsagningsförslaget",
    ]
    before = _warm(paths)
    assert not any("Möte om ledsagning" in page for page in before.values())

    client = Client()
    client.force_login(make_editor())
    changelist = reverse("admin:meetings_meeting_changelist")
    client.post(changelist, {"action": "publish", "_selected_action": [draft.pk]})

    for path in paths:
        page = _read(path)
        assert page != before[path], path
        assert "Möte om ledsagning" in page or "ledsagningsförslaget" in page, path
    assert _read(draft.get_absolute_url())


def test_a_recorded_status_change_shows_everywhere_on_the_next_request():
    idea = make_idea(title="Ledsagning till tandläkaren")
    paths = [
        "/",
        "/ideer/",
        "/ideer/?status=rejected",
        idea.get_absolute_url(),
        f"/en{idea.get_absolute_url()}",
        "/ideer/framsteg/",
        "/ideer/flode/",
        f"{idea.get_absolute_url()}flode/",
        f"/grupper/{idea.group.slug}/",
        f"/api/ideas/{idea.slug}/",
        "/sok/?q=pengarna",
    ]
    before = _warm(paths)
    assert "Ledsagning till tandläkaren" not in before["/ideer/?status=rejected"]

    client = Client()
    client.force_login(make_editor())
    url = reverse("admin:ideas_idea_change", args=[idea.pk])
    form = _change_form(
        idea, status="rejected", decided_by="Socialnämnden", explanation="Pengarna räcker inte."
    )
    assert client.post(url, form).status_code == 302

    for path in paths:
        assert _read(path) != before[path], path
    assert "Ledsagning till tandläkaren" in _read("/ideer/?status=rejected")
    assert "Pengarna räcker inte" in _read(idea.get_absolute_url())
    assert '"code": "rejected"' in _read(f"/api/ideas/{idea.slug}/")
    assert "Avslagen" in _read("/ideer/flode/")


def test_a_decision_linked_to_an_agenda_item_shows_on_the_meeting_page_on_the_next_request():
    meeting = make_meeting(title="Stormöte i mars")
    item = make_agenda_item(meeting, heading="Ledsagning")
    idea = make_idea(title="Ledsagning till tandläkaren")
    paths = [meeting.get_absolute_url(), f"/en{meeting.get_absolute_url()}"]
    before = _warm(paths)
    assert "Ledsagning till tandläkaren" not in before[meeting.get_absolute_url()]

    client = Client()
    client.force_login(make_editor())
    url = reverse("admin:ideas_idea_change", args=[idea.pk])
    form = _change_form(
        idea,
        status="rejected",
        decided_by="Gemensam utvecklingsgrupp",
        explanation="Pengarna räcker inte.",
        meeting=str(meeting.pk),
        agenda_item=str(item.pk),
    )
    assert client.post(url, form).status_code == 302

    page = _read(meeting.get_absolute_url())
    assert "Beslut:" in page and "Ledsagning till tandläkaren</a> – Avslagen" in page
    assert "Decision:" in _read(f"/en{meeting.get_absolute_url()}")


def test_an_approved_comment_shows_on_the_next_request():
    idea = make_idea()
    representative = make_representative()
    comment = Comment.objects.create(
        idea=idea,
        author=representative.user,
        organisation=representative.organisations.get(),
        body="Vi vill vara med och planera ledsagningen.",
        state=Comment.State.PENDING,
    )
    paths = [idea.get_absolute_url(), f"/en{idea.get_absolute_url()}", "/sok/?q=planera"]
    before = _warm(paths)
    assert not any("planera ledsagningen" in page for page in before.values())

    moderator = make_editor(username="moderator")
    moderator.groups.add(StaffGroup.objects.get(name=roles.MODERATOR))
    client = Client()
    client.force_login(moderator)
    changelist = reverse("admin:ideas_comment_changelist")
    client.post(changelist, {"action": "approve", "_selected_action": [comment.pk]})

    for path in paths:
        page = _read(path)
        assert page != before[path] and "ledsagningen" in page, path


def test_a_hit_costs_one_query_and_keeps_the_security_headers(django_assert_num_queries):
    make_idea()
    Client().get("/ideer/")
    with django_assert_num_queries(1):  # the content version
        response = Client().get("/ideer/")
    assert response["X-Page-Cache"] == "hit"
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Language"] == "sv"
    assert not response.cookies


def test_what_differs_per_visitor_is_never_cached(client):
    idea = make_idea()
    representative = make_representative()
    # A logged-in representative sees the comment form with a CSRF token: never stored.
    client.force_login(representative.user)
    assert "X-Page-Cache" not in client.get(idea.get_absolute_url())
    assert "csrfmiddlewaretoken" in client.get(idea.get_absolute_url()).content.decode()
    # The login and report forms carry a CSRF token for the anonymous visitor.
    for path in ["/konto/logga-in/", "/konto/losenord/"]:
        Client().get(path)
        assert Client().get(path).get("X-Page-Cache") != "hit"
    # htmx fragments and whole pages are kept apart.
    Client().get("/ideer/")
    fragment = Client().get("/ideer/", headers={"HX-Request": "true"})
    assert fragment.get("X-Page-Cache") == "miss" and "<html" not in fragment.content.decode()
    # Another host never gets addresses on its own host: every absolute address is on SITE_URL,
    # in a stored answer as in a fresh one.
    Client().get("/api/ideas/")
    other = Client().get("/api/ideas/", HTTP_HOST="localhost")
    assert "localhost" not in other.content.decode()
    assert settings.SITE_URL in other.content.decode()


def test_a_rolled_back_write_never_gives_its_version_to_another_state():
    make_idea()
    version = content_version()
    try:
        with transaction.atomic():
            make_idea(title="Ångrad idé")
            seen_inside = content_version()
            raise RuntimeError
    except RuntimeError:
        pass
    assert content_version() == version
    make_idea(title="Nästa idé")
    assert content_version() not in {version, seen_inside}


def test_a_comment_waiting_for_a_moderator_keeps_the_cache():
    idea = make_idea()
    representative = make_representative()
    version = content_version()
    comment = Comment.objects.create(
        idea=idea,
        author=representative.user,
        organisation=representative.organisations.get(),
        body="Väntar på granskning.",
        state=Comment.State.PENDING,
    )
    assert content_version() == version
    comment.body = "Ändrad medan den väntar."
    comment.save()
    assert content_version() == version
    comment.state = Comment.State.APPROVED
    comment.save()
    approved = content_version()
    assert approved != version
    comment.state = Comment.State.WITHDRAWN
    comment.save()
    assert content_version() != approved


def test_the_first_change_on_a_fresh_database_raises_the_version():
    """A fresh database: version 1 and a sequence that has given out nothing. The sequence's
    first number is 1 too, and the first edit used to "raise" the version to 1 again."""
    from django.db import connection

    from tests.factories import make_theme

    with connection.cursor() as cursor:
        cursor.execute("UPDATE pagecache_version SET version = 1")
        cursor.execute("SELECT setval('pagecache_version_seq', 1, false)")
    before = content_version()
    make_theme()
    after = content_version()
    assert after != before
    make_theme()
    assert content_version() not in {before, after}


# The key: only the parameters a page reads, in a fixed order, defaults left out


@pytest.fixture
def cached(settings):
    settings.PAGE_CACHE_SECONDS = 300
    make_idea(title="En idé i listan")


def _cache_state(client, path: str) -> str:
    response = client.get(path)
    assert response.status_code == 200, path
    return response["X-Page-Cache"]


def test_a_parameter_a_page_does_not_read_is_ignored(client, cached):
    assert _cache_state(client, "/ideer/framsteg/") == "miss"
    assert _cache_state(client, "/ideer/framsteg/?x=8f3a9") == "hit"
    assert _cache_state(client, "/ideer/?utm_source=nyhetsbrev") == "miss"
    assert _cache_state(client, "/ideer/?fbclid=123") == "hit"
    assert _cache_state(client, "/api/ideas/?format=xml") == "miss"
    assert _cache_state(client, "/api/ideas/?callback=x") == "hit"


def test_the_order_and_the_defaults_do_not_matter(client, cached):
    assert _cache_state(client, "/ideer/?status=received&ordning=nyast") == "miss"
    assert _cache_state(client, "/ideer/?ordning=nyast&status=received&sida=1&tema=") == "hit"
    assert _cache_state(client, "/moten/") == "miss"
    assert _cache_state(client, "/moten/?sida=1&grupp=&ar=") == "hit"


def test_a_parameter_a_page_reads_still_makes_another_answer(client, cached):
    assert _cache_state(client, "/ideer/") == "miss"
    assert _cache_state(client, "/ideer/?ordning=nyast") == "miss"
    assert "En idé i listan" in client.get("/ideer/?ordning=nyast").text


def test_a_wrong_value_of_a_parameter_a_page_reads_is_still_404(client, cached):
    assert client.get("/ideer/?status=finns-inte").status_code == 404
    assert client.get("/ideer/?sida=999").status_code == 404
    assert client.get("/api/ideas/?page=").status_code == 404


def test_the_login_link_on_a_cached_page_carries_no_foreign_parameter(client, cached):
    html = client.get("/ideer/framsteg/?spar=hemligt").text
    assert "hemligt" not in html
    assert "next=/ideer/framsteg/" in html
