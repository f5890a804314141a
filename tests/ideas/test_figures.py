"""The progress page's figures, kept by the database (ideas.Figure), always equal a plain
recount of the ideas after every kind of write: a new idea, a status change, a decision, a
correction, an idea moved to another raised date, a deleted idea (only one without a trail can
be), several ideas changed in one statement, and the benchmark loader."""

import io
from collections import Counter
from datetime import date, timedelta
from itertools import count

import pytest
from django.core.management import call_command
from django.db import connection
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ideas.models import Figure, Idea, Status
from ideas.views import _median_days
from tests.factories import change_status, make_group, make_idea, make_theme

pytestmark = pytest.mark.django_db


def _quarter(day: date) -> str:
    return date(day.year, 3 * ((day.month - 1) // 3) + 1, 1).isoformat()


def _recount() -> dict[tuple[str, str], int]:
    figures: Counter = Counter()
    for status, raised, decided in Idea.objects.values_list(
        "status", "raised_on", "first_decided_on"
    ):
        figures["status", status] += 1
        figures["raised", _quarter(raised)] += 1
        if decided:
            figures["decided", _quarter(decided)] += 1
            figures["days", str((decided - raised).days)] += 1
    return dict(figures)


def _kept() -> dict[tuple[str, str], int]:
    return {(f.figure, f.key): f.ideas for f in Figure.objects.all()}


_numbers = count()
STATUSES = [Status.PREPARING, Status.DECIDED, Status.REJECTED, Status.IN_PROGRESS, Status.DONE]
WRITES = st.lists(
    st.tuples(
        st.sampled_from(["new", "bare", "status", "correct", "move", "delete", "bulk"]),
        st.integers(min_value=0, max_value=9),
        st.sampled_from(STATUSES),
        st.integers(min_value=0, max_value=400),
    ),
    max_size=12,
)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(WRITES)
def test_the_figures_follow_every_kind_of_write(writes):
    # Examples share the test's transaction, so each starts from what the ones before left.
    today = date(2026, 6, 15)
    group, theme = make_group(), make_theme()
    last_change = {}
    for kind, which, status, days in writes:
        ideas = list(Idea.objects.order_by("pk"))
        idea = ideas[which % len(ideas)] if ideas else None
        if kind == "new" or idea is None:
            make_idea(group=group, theme=theme, raised_on=today - timedelta(days=days))
        elif kind == "status":
            day = max(idea.raised_on, today - timedelta(days=days // 2))
            last_change[idea.pk] = change_status(idea, status, decided_on=day)
        elif kind == "correct" and idea.pk in last_change:
            change_status(
                idea,
                status,
                decided_on=idea.raised_on + timedelta(days=days // 4),
                corrects=last_change.pop(idea.pk),
                explanation="Rättat datum.",
            )
        elif kind == "move":
            Idea.objects.filter(pk=idea.pk).update(raised_on=today - timedelta(days=days))
        elif kind == "bare":  # an idea without a trail yet, as a raw import could make
            Idea.objects.create(
                title="Utan historik",
                slug=f"utan-{next(_numbers)}",
                problem="-",
                proposal="-",
                group=group,
                theme=theme,
                raised_on=today - timedelta(days=days),
                status_changed_on=today,
            )
        elif kind == "delete":  # the trail refuses deletes, so only ideas without one go
            Idea.objects.filter(trail__isnull=True).delete()
        elif kind == "bulk":  # one statement changing many ideas
            Idea.objects.filter(pk__lte=idea.pk).update(status=status)
        assert _kept() == _recount()


def test_the_benchmark_loader_counts_them_once():
    call_command("bench_data", scale=0.001, stdout=io.StringIO())
    assert _kept() == _recount()
    assert any(figure == "days" for figure, _key in _kept())


def test_the_median_is_percentile_cont():
    assert _median_days({}) is None
    assert _median_days({5: 1}) == 5
    assert _median_days({1: 1, 9: 1}) == 5
    assert _median_days({1: 2, 9: 1}) == 1
    assert _median_days({1: 1, 4: 2, 100: 1}) == 4
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY d) "
            "FROM unnest(ARRAY[3, 3, 8, 20, 21, 400]) AS d"
        )
        assert _median_days({3: 2, 8: 1, 20: 1, 21: 1, 400: 1}) == cursor.fetchone()[0]
