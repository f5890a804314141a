"""The progress page's summary kept on each idea (its first decision) always equals a plain
recount of the trail, after every kind of write: a new idea, a status change that is no
decision, a decision, a later one, one dated earlier but recorded later, a correction, the
benchmark loader and the migration that filled it in."""

import importlib
import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.models import OuterRef, Subquery
from django.utils import timezone

from ideas.models import DECISIONS, Idea, Status, StatusChange
from tests.factories import change_status, make_idea

pytestmark = pytest.mark.django_db


def _recount() -> dict:
    first = (
        StatusChange.objects.filter(idea=OuterRef("pk"), status__in=DECISIONS)
        .order_by("decided_on", "pk")
        .values("decided_on")[:1]
    )
    return dict(Idea.objects.annotate(first=Subquery(first)).values_list("pk", "first"))


def _kept() -> dict:
    return dict(Idea.objects.values_list("pk", "first_decided_on"))


def test_the_first_decision_follows_every_kind_of_write():
    today = timezone.localdate()
    idea = make_idea(raised_on=today - timedelta(days=100))
    other = make_idea()
    assert _kept() == _recount() == {idea.pk: None, other.pk: None}

    change_status(idea, Status.PREPARING, decided_on=today - timedelta(days=90))
    assert _kept() == _recount()
    assert _kept()[idea.pk] is None  # preparing is no decision

    decided = change_status(idea, Status.DECIDED, decided_on=today - timedelta(days=60))
    assert _kept() == _recount()
    assert _kept()[idea.pk] == today - timedelta(days=60)

    change_status(idea, Status.IN_PROGRESS, decided_on=today - timedelta(days=30))
    assert _kept()[idea.pk] == today - timedelta(days=60)  # a later decision keeps the first

    # Recorded today, decided earlier than what was thought the first decision.
    change_status(idea, Status.ON_HOLD, decided_on=today - timedelta(days=70))
    assert _kept() == _recount()
    assert _kept()[idea.pk] == today - timedelta(days=70)

    change_status(
        idea,
        Status.DECIDED,
        decided_on=today - timedelta(days=80),
        corrects=decided,
        explanation="Rätt datum för beslutet.",
    )
    assert _kept() == _recount()
    assert _kept()[idea.pk] == today - timedelta(days=80)
    assert _kept()[other.pk] is None


def test_the_benchmark_loader_writes_it_as_a_recount_would():
    call_command("bench_data", scale=0.001, stdout=io.StringIO())
    kept = _kept()
    assert kept == _recount()
    assert any(kept.values()) and not all(kept.values())


def test_the_migration_fills_it_in_as_a_recount_would():
    for number in range(5):
        idea = make_idea()
        if number % 2:
            change_status(idea, Status.REJECTED, explanation="Inga pengar i år.")
    Idea.objects.update(first_decided_on=None)
    migration = importlib.import_module("ideas.migrations.0011_first_decided_on")
    with connection.cursor() as cursor:
        cursor.execute(migration.BACKFILL)
    assert _kept() == _recount()
    assert len([day for day in _kept().values() if day]) == 2
