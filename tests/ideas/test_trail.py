"""The status trail: public, dated, permanent, and the idea's status always its latest entry."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase as HypothesisTestCase

from ideas.models import ALLOW_TRAIL_TRUNCATE, NEEDS_EXPLANATION, Idea, Status, StatusChange
from tests.factories import change_status, make_idea, make_staff_user

pytestmark = pytest.mark.django_db


def test_recording_a_change_updates_the_ideas_status():
    idea = make_idea()
    change_status(idea, Status.PREPARING, decided_on=timezone.localdate() - timedelta(days=2))
    idea.refresh_from_db()
    assert idea.status == Status.PREPARING
    assert idea.status_changed_on == timezone.localdate() - timedelta(days=2)
    assert [e.status for e in idea.trail.all()] == [Status.PREPARING, Status.RECEIVED]


@pytest.mark.parametrize("status", NEEDS_EXPLANATION)
def test_declining_without_a_reason_is_refused_with_a_message(status):
    idea = make_idea()
    with pytest.raises(ValidationError) as error:
        change_status(idea, status, explanation="   ")
    assert "explanation" in error.value.message_dict
    idea.refresh_from_db()
    assert idea.status == Status.RECEIVED
    assert idea.trail.count() == 1


@pytest.mark.parametrize("status", NEEDS_EXPLANATION)
def test_the_database_itself_requires_a_reason(status):
    idea = make_idea()
    user = make_staff_user()
    with (
        pytest.raises(IntegrityError, match="ideas_statuschange_motivation_required"),
        transaction.atomic(),
    ):
        StatusChange.objects.create(
            idea=idea,
            status=status,
            decided_on=timezone.localdate(),
            decided_by="Nämnden",
            explanation="",
            recorded_by=user,
        )


def test_a_decision_cannot_be_dated_in_the_future():
    with pytest.raises(ValidationError) as error:
        change_status(make_idea(), Status.DECIDED, decided_on=timezone.localdate() + timedelta(1))
    assert "decided_on" in error.value.message_dict


@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE ideas_statuschange SET explanation = 'omskrivet' WHERE id = %s",
        "UPDATE ideas_statuschange SET status = 'done' WHERE id = %s",
        "DELETE FROM ideas_statuschange WHERE id = %s",
    ],
)
def test_raw_sql_cannot_rewrite_or_remove_an_entry(sql):
    idea = make_idea()
    entry = change_status(idea, Status.REJECTED, explanation="Ingen budget.")
    with (
        pytest.raises(IntegrityError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(sql, [entry.pk])
    entry.refresh_from_db()
    assert entry.explanation == "Ingen budget." and entry.status == Status.REJECTED


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.parametrize(
    "sql",
    [
        "TRUNCATE ideas_statuschange CASCADE",
        "TRUNCATE ideas_idea CASCADE",
        # With every table that refers to the trail (the followers' and the alerts' mail).
        "TRUNCATE alerts_alert, ideas_notification, ideas_statuschange RESTART IDENTITY",
    ],
)
def test_truncate_cannot_empty_the_trail(sql):
    entry = change_status(make_idea(), Status.REJECTED, explanation="Ingen budget.")
    with (
        pytest.raises(IntegrityError, match="append-only: TRUNCATE refused"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(sql)
    assert StatusChange.objects.filter(pk=entry.pk).exists()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_only_a_transaction_that_sets_the_switch_may_empty_the_trail():
    """The benchmark loader and the tests' flushes say so in the same transaction."""
    change_status(make_idea(), Status.PREPARING)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(ALLOW_TRAIL_TRUNCATE)
        cursor.execute("TRUNCATE ideas_statuschange CASCADE")
    assert not StatusChange.objects.exists()

    change_status(make_idea(), Status.PREPARING)
    with (
        pytest.raises(IntegrityError, match="TRUNCATE refused"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("TRUNCATE ideas_statuschange CASCADE")
    assert StatusChange.objects.exists(), "the switch ended with the transaction that set it"


def test_the_orm_cannot_change_or_delete_an_entry_either():
    entry = change_status(make_idea(), Status.PREPARING)
    entry.decided_by = "Någon annan"
    with pytest.raises(IntegrityError), transaction.atomic():
        entry.save()
    with pytest.raises(IntegrityError), transaction.atomic():
        StatusChange.objects.filter(pk=entry.pk).delete()
    assert StatusChange.objects.get(pk=entry.pk).decided_by == "Gemensam utvecklingsgrupp"


def test_a_correction_is_a_new_entry_that_names_the_one_it_corrects():
    idea = make_idea()
    wrong = change_status(idea, Status.DONE)
    fix = change_status(idea, Status.IN_PROGRESS, corrects=wrong, explanation="Fel status.")
    assert fix.corrects == wrong
    assert idea.trail.count() == 3
    idea.refresh_from_db()
    assert idea.status == Status.IN_PROGRESS


def test_an_entry_cannot_correct_another_ideas_entry():
    other = change_status(make_idea(), Status.DONE)
    with pytest.raises(ValidationError):
        change_status(make_idea(), Status.IN_PROGRESS, corrects=other)


class TestStatusFollowsTheTrail(HypothesisTestCase):
    """Whatever sequence of changes staff record, valid or refused, the status is the latest."""

    @settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(
        st.lists(
            st.tuples(st.sampled_from(Status.values), st.sampled_from(["", "Ett skäl."])),
            max_size=8,
        )
    )
    def test_status_is_always_the_latest_entry(self, changes):
        idea = make_idea()
        for status, explanation in changes:
            try:
                change_status(idea, status, explanation=explanation)
            except ValidationError:
                assert status in NEEDS_EXPLANATION and not explanation
        idea = Idea.objects.get(pk=idea.pk)
        latest = idea.trail.order_by("-pk").first()
        assert idea.status == latest.status
        assert idea.status_changed_on == latest.decided_on
        accepted = [c for c in changes if c[0] not in NEEDS_EXPLANATION or c[1]]
        assert idea.trail.count() == 1 + len(accepted)


@pytest.mark.parametrize("language", ["sv", "en"])
def test_the_status_label_is_what_django_would_show(language):
    """get_status_display() is our own, cheaper one: it must say what Django's says."""
    from django.utils import translation

    with translation.override(language):
        for model in (Idea, StatusChange):
            field = model._meta.get_field("status")
            for code in [*Status.values, "okänd"]:
                obj = model(status=code)
                assert obj.get_status_display() == obj._get_FIELD_display(field), (model, code)
