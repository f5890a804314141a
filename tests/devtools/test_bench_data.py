"""`manage.py bench_data` fills a database with consistent data, the same from the same seed."""

import io

import pytest
from django.contrib.postgres.search import SearchQuery
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db.models import OuterRef, Subquery

from devtools.benchmark import scale as dataset
from devtools.models import Dataset
from directory.models import Group, Organisation
from ideas.models import NEEDS_EXPLANATION, OPEN, Comment, Idea, NextStep, Status, StatusChange
from meetings.models import AgendaItem, Meeting
from tests.factories import make_organisation

pytestmark = pytest.mark.django_db


def _load(**options) -> str:
    out = io.StringIO()
    call_command("bench_data", stdout=out, **options)
    return out.getvalue()


def _fingerprint() -> list:
    return [
        list(Idea.objects.order_by("pk").values_list("slug", "status", "status_changed_on")),
        list(StatusChange.objects.order_by("pk").values_list("idea_id", "status", "explanation")),
        list(Comment.objects.order_by("pk").values_list("idea_id", "state", "body")),
        list(Meeting.objects.order_by("pk").values_list("slug", "status", "starts_at")),
    ]


def test_fills_the_counts_of_its_scale_with_the_long_idea_and_the_known_meeting():
    output = _load(scale=0.01)
    counts = dataset.counts_at(0.01)
    assert Group.objects.count() == counts["groups"]
    assert Organisation.objects.count() == counts["organisations"]
    assert Meeting.objects.count() == counts["meetings"]
    assert AgendaItem.objects.count() == counts["agenda_items"]
    assert Idea.objects.count() == counts["ideas"]
    assert StatusChange.objects.count() == counts["trail"]
    assert Comment.objects.count() == counts["comments"]
    long = Idea.objects.get(slug=dataset.LONG_IDEA_SLUG)
    assert long.trail.count() == dataset.LONG_TRAIL
    assert long.comments.filter(state=Comment.State.APPROVED).count() == dataset.LONG_COMMENTS
    assert Meeting.objects.published().filter(slug=dataset.KNOWN_MEETING_SLUG).exists()
    assert Meeting.objects.published().upcoming().exists()
    assert Meeting.objects.filter(status=Meeting.Status.DRAFT).exists()
    assert Dataset.objects.get().scale == 0.01
    assert "comments" in output
    assert "Total:" in output


def test_each_idea_shows_the_last_entry_of_its_trail():
    _load(scale=0.01)
    last = StatusChange.objects.filter(idea=OuterRef("pk")).order_by("-decided_on", "-pk")
    ideas = Idea.objects.annotate(
        last_status=Subquery(last.values("status")[:1]),
        last_day=Subquery(last.values("decided_on")[:1]),
    )
    assert all(i.status == i.last_status and i.status_changed_on == i.last_day for i in ideas)
    assert set(Idea.objects.values_list("status", flat=True)) == set(Status.values)
    assert not StatusChange.objects.filter(status__in=NEEDS_EXPLANATION, explanation="").exists()
    assert StatusChange.objects.filter(corrects__isnull=False).exists()
    corrections = StatusChange.objects.filter(corrects__isnull=False).select_related("corrects")
    assert all(c.corrects.idea_id == c.idea_id for c in corrections)


def test_open_ideas_have_next_steps_some_late_each_the_ideas_current_one():
    _load(scale=0.01)
    with_step = Idea.objects.filter(next_step__isnull=False).select_related("next_step")
    assert with_step.exists()
    assert all(
        i.next_step.idea_id == i.pk
        and i.next_step_month == i.next_step.planned_month
        and i.status in OPEN
        for i in with_step
    )
    assert NextStep.objects.count() == with_step.count()
    assert Idea.objects.late_next_steps().exists()
    assert with_step.exclude(pk__in=Idea.objects.late_next_steps()).exists()


def test_comments_in_every_state_mostly_published_and_replies_answer_published_comments():
    _load(scale=0.01)
    states = set(Comment.objects.values_list("state", flat=True))
    assert states == set(Comment.State.values)
    approved = Comment.objects.filter(state=Comment.State.APPROVED).count()
    assert approved > Comment.objects.count() * 0.7
    replies = Comment.objects.filter(parent__isnull=False).select_related("parent")
    assert replies.exists()
    assert all(
        r.parent.parent_id is None
        and r.parent.state == Comment.State.APPROVED
        and r.parent.idea_id == r.idea_id
        for r in replies
    )


def test_the_search_columns_are_filled_by_postgresql():
    _load(scale=0.001)
    assert AgendaItem.objects.filter(search_text__contains="missbruksvård").exists()
    query = SearchQuery("missbruksvården", config="swedish")
    assert Idea.objects.filter(search_vector=query).exists()


def test_the_same_seed_gives_the_same_data_and_another_seed_other_data():
    _load(scale=0.001, seed=7)
    first = _fingerprint()
    _load(scale=0.001, seed=7, flush=True)
    assert _fingerprint() == first
    _load(scale=0.001, seed=8, flush=True)
    assert _fingerprint() != first


def test_refuses_a_database_with_content_unless_flushed():
    make_organisation()
    with pytest.raises(CommandError, match="already has content"):
        _load(scale=0.001)
    with pytest.raises(CommandError, match="already has content"):
        _load(scale=0.001, if_needed=True)
    _load(scale=0.001, flush=True)
    assert Organisation.objects.count() == dataset.counts_at(0.001)["organisations"]


def test_if_needed_keeps_data_of_the_same_scale_and_replaces_another():
    _load(scale=0.001)
    assert "already holds" in _load(scale=0.001, if_needed=True)
    _load(scale=0.002, if_needed=True)
    assert Dataset.objects.get().scale == 0.002
    assert Idea.objects.count() == dataset.counts_at(0.002)["ideas"]


def test_refuses_a_scale_out_of_range():
    with pytest.raises(CommandError, match="--scale"):
        _load(scale=0)


def test_a_load_raises_the_content_version_so_no_cached_page_outlives_it():
    """The load runs without triggers (session_replication_role), so it raises the version
    itself; before, pages cached before a load were served after it."""
    from portal.versions import content_version

    before = content_version()
    _load(scale=0.001)
    assert content_version() != before
