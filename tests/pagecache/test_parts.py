"""Issue #13, section 2: an edit of one part of the content leaves the cached pages that do not
show it, and every page that shows it is fresh on the next request."""

import pytest
from django.test import Client

from directory.models import Group, Organisation
from ideas.models import Comment
from portal.http import cached_from
from tests.factories import (
    make_agenda_item,
    make_attendee,
    make_group,
    make_idea,
    make_meeting,
    make_representative,
)
from tests.pagecache.test_freshness import _page_cache_on, _read  # noqa: F401 (autouse)

pytestmark = pytest.mark.django_db


def _state(path: str) -> str:
    """Whether the page came from the cache ("hit") or was made ("miss")."""
    response = Client().get(path)
    assert response.status_code == 200, path
    return response["X-Page-Cache"]


def _warm(paths):
    for path in paths:
        Client().get(path)
        assert _state(path) == "hit", path


@pytest.fixture
def site():
    group = make_group(name="Brukarrådet", slug="brukarradet")
    representative = make_representative()
    organisation = representative.organisations.get()
    idea = make_idea(group=group, organisation=organisation, title="Kvällsöppet")
    meeting = make_meeting(group=group, title="Möte i maj")
    make_agenda_item(meeting, heading="Kvällsöppet")
    make_attendee(meeting, organisation=organisation)
    return {"group": group, "organisation": organisation, "idea": idea, "meeting": meeting,
            "representative": representative}  # fmt: skip


def test_an_approved_comment_leaves_the_meetings_and_the_idea_list_cached(site):
    idea = site["idea"]
    unrelated = ["/moten/", site["meeting"].get_absolute_url(), "/ideer/", "/ideer/framsteg/"]
    _warm([*unrelated, idea.get_absolute_url()])
    Comment.objects.create(
        idea=idea,
        author=site["representative"].user,
        organisation=site["organisation"],
        body="Vi stöder förslaget om kvällsöppet.",
        state=Comment.State.APPROVED,
    )
    assert [_state(path) for path in unrelated] == ["hit"] * len(unrelated)
    assert "Vi stöder förslaget" in _read(idea.get_absolute_url())


def test_a_description_leaves_the_idea_list_cached_and_a_new_name_does_not(site):
    organisation = site["organisation"]
    ideas = f"/ideer/?organisation={organisation.slug}"
    _warm(["/ideer/", ideas, "/moten/", organisation.get_absolute_url()])

    Organisation.objects.filter(pk=organisation.pk).update(description="Vi arbetar för alla.")
    assert _state("/ideer/") == "hit"
    assert _state("/moten/") == "hit"
    assert "Vi arbetar för alla." in _read(organisation.get_absolute_url())

    Organisation.objects.filter(pk=organisation.pk).update(name="Föreningen Nytt Namn")
    for path in [ideas, site["idea"].get_absolute_url(), site["meeting"].get_absolute_url()]:
        assert "Föreningen Nytt Namn" in _read(path), path


def test_a_renamed_group_is_fresh_on_every_page_that_names_it(site):
    group = site["group"]
    paths = ["/", "/moten/", "/ideer/", site["idea"].get_absolute_url(),
             site["meeting"].get_absolute_url(), group.get_absolute_url(),
             site["organisation"].get_absolute_url()]  # fmt: skip
    _warm(paths)
    Group.objects.filter(pk=group.pk).update(name="Nya brukarrådet")
    for path in paths:
        assert "Nya brukarrådet" in _read(path), path


def test_published_minutes_leave_the_idea_list_cached(site):
    draft = make_meeting(group=site["group"], title="Möte i juni", published=False)
    make_agenda_item(draft, heading="Kvällsöppet igen").ideas.add(site["idea"])
    _warm(["/ideer/", "/ideer/framsteg/", "/moten/", site["idea"].get_absolute_url()])
    draft.status = draft.Status.PUBLISHED
    draft.save()
    assert _state("/ideer/") == "hit"
    assert _state("/ideer/framsteg/") == "hit"
    assert "Möte i juni" in _read("/moten/")
    assert "Möte i juni" in _read(site["idea"].get_absolute_url())


def test_a_page_that_declares_nothing_depends_on_every_part(site):
    _warm(["/sok/?q=kvällsöppet", "/api/ideas/"])
    Organisation.objects.filter(pk=site["organisation"].pk).update(description="Ny text.")
    assert _state("/sok/?q=kvällsöppet") == "miss"
    assert _state("/api/ideas/") == "miss"


def test_an_unknown_part_is_refused():
    with pytest.raises(ValueError, match="Unknown parts"):
        cached_from("meetings", "weather")


def test_every_table_with_the_trigger_says_which_part_it_holds():
    """A content table missing from pagecache_table_part would raise only "other", and a page
    that declares its parts would not see its changes: add it to a pagecache migration."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT DISTINCT event_object_table FROM information_schema.triggers "
            "WHERE trigger_name LIKE 'pagecache%' "
            "EXCEPT SELECT table_name FROM pagecache_table_part"
        )
        assert cursor.fetchall() == []
