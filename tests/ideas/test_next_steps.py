"""Next steps: what happens next, by whom and when; permanent, and late ones shown as late."""

from datetime import date, datetime, time, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from ideas.models import ALLOW_TRAIL_TRUNCATE, Idea, NextStep, Status
from ideas.next_steps import month_after
from portal.dates import zone
from tests.factories import change_status, give_next_step, make_idea, make_staff_user

pytestmark = pytest.mark.django_db


def _months_ahead(n: int) -> date:
    month = timezone.localdate().replace(day=1)
    for _ in range(n):
        month = month_after(month)
    return month


def _months_ago(n: int) -> date:
    month = timezone.localdate().replace(day=1)
    for _ in range(n):
        month = (month - timedelta(days=1)).replace(day=1)
    return month


def _given_back_then(idea: Idea, *, planned_month: date, recorded_on: date, **fields) -> NextStep:
    """A next step as the service wrote it on `recorded_on` (the service refuses a month that
    has passed, so the past is written as it was then)."""
    step = NextStep.objects.create(
        idea=idea,
        text=fields.get("text", "Förvaltningen tar fram ett förslag."),
        by_body="Förvaltningen",
        planned_month=planned_month,
        recorded_by=make_staff_user(),
        recorded_at=datetime.combine(recorded_on, time(10), zone()),
    )
    Idea.objects.filter(pk=idea.pk).update(next_step=step, next_step_month=planned_month)
    return step


def test_the_idea_page_shows_the_next_step_under_the_status_and_in_the_trail(client):
    idea = make_idea(title="Ledsagning till tandläkaren")
    month = _months_ahead(3)
    step = give_next_step(
        idea, text="Förvaltningen tar fram ett förslag.", by_body="Socialnämnden",
        planned_month=month,
    )  # fmt: skip
    page = client.get(idea.get_absolute_url()).text
    shown_month = f'<time datetime="{month:%Y-%m}">'
    current = page[page.index('class="current-status"') : page.index('id="follow"')]
    assert "Nästa steg:" in current
    assert "Förvaltningen tar fram ett förslag." in current
    assert "Socialnämnden" in current and shown_month in current
    assert "Försenat" not in current
    timeline = page[page.index('class="timeline"') :]
    assert f'id="steg-{step.pk}"' in timeline
    assert timeline.index(f'id="steg-{step.pk}"') < timeline.index("Inkommen")


def test_a_month_is_shown_as_swedish_writes_it(client):
    idea = make_idea()
    give_next_step(idea, planned_month=date(2099, 3, 1))
    assert '<time datetime="2099-03">mars 2099</time>' in client.get(idea.get_absolute_url()).text
    english = client.get(f"/en{idea.get_absolute_url()}").text
    assert '<time datetime="2099-03">March 2099</time>' in english


def test_a_new_status_ends_the_next_step_unless_it_gives_the_next_one():
    idea = make_idea()
    give_next_step(idea, planned_month=_months_ahead(1))
    change_status(idea, Status.PREPARING)
    idea.refresh_from_db()
    assert idea.next_step is None and idea.next_step_month is None

    change = change_status(
        idea,
        Status.DECIDED,
        next_step={"text": "Socialnämnden beslutar.", "by_body": "Socialnämnden",
                   "planned_month": _months_ahead(2)},
    )  # fmt: skip
    idea.refresh_from_db()
    assert idea.next_step.text == "Socialnämnden beslutar."
    assert idea.next_step.status_change == change
    assert idea.next_step_month == _months_ahead(2)
    assert idea.next_steps.count() == 2, "the ended next step stays in the trail"


def test_a_correction_leaves_the_next_step_as_it_is():
    idea = make_idea()
    wrong = change_status(idea, Status.PREPARING)
    step = give_next_step(idea, planned_month=_months_ahead(1))
    change_status(idea, Status.PREPARING, corrects=wrong, explanation="Fel datum.")
    idea.refresh_from_db()
    assert idea.next_step == step


def test_a_next_step_needs_what_who_and_a_month_that_has_not_passed():
    idea = make_idea()
    with pytest.raises(ValidationError) as error:
        give_next_step(idea, text=" ", by_body="", planned_month=_months_ago(1))
    assert {"text", "by_body", "planned_month"} <= error.value.message_dict.keys()
    step = give_next_step(idea, planned_month=_months_ahead(1).replace(day=17))
    assert step.planned_month.day == 1, "a month is kept as its first day"
    idea.refresh_from_db()
    assert idea.next_step == step


def test_a_next_step_with_what_may_identify_a_person_is_refused():
    idea = make_idea()
    with pytest.raises(ValidationError) as error:
        give_next_step(idea, text="Handläggaren ringer på 070-123 45 67.", by_body="Förvaltningen")
    assert "070-123 45 67" in error.value.message_dict["text"][0]
    assert not idea.next_steps.exists()


def test_next_steps_are_permanent_like_the_rest_of_the_trail():
    idea = make_idea()
    step = give_next_step(idea)
    change_status(idea, Status.PREPARING)  # no longer the current one
    with pytest.raises(IntegrityError, match="append-only"), transaction.atomic():
        NextStep.objects.filter(pk=step.pk).update(text="Något annat")
    with pytest.raises(IntegrityError, match="append-only"), transaction.atomic():
        NextStep.objects.filter(pk=step.pk).delete()
    assert NextStep.objects.get(pk=step.pk).text == "Förvaltningen tar fram ett förslag."


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_next_steps_cannot_be_emptied_unless_the_transaction_says_so():
    give_next_step(make_idea())
    with (
        pytest.raises(IntegrityError, match="TRUNCATE refused"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("TRUNCATE ideas_nextstep CASCADE")
    assert NextStep.objects.exists()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(ALLOW_TRAIL_TRUNCATE)
        cursor.execute("TRUNCATE ideas_nextstep CASCADE")
    assert not NextStep.objects.exists()


def test_late_next_steps_are_those_whose_month_ended_without_a_new_entry():
    idea, later, ended = make_idea(), make_idea(), make_idea()
    give_next_step(idea, planned_month=_months_ahead(0))
    give_next_step(later, planned_month=_months_ahead(2))
    give_next_step(ended, planned_month=_months_ahead(0))
    change_status(ended, Status.DECIDED)
    assert list(Idea.objects.late_next_steps()) == []
    next_month = _months_ahead(1)
    assert list(Idea.objects.late_next_steps(on=next_month)) == [idea]
    assert list(Idea.objects.late_next_steps(on=_months_ahead(3))) == [idea, later]


def test_the_progress_page_lists_the_late_next_steps(client):
    late = make_idea(title="Sen idé")
    _given_back_then(late, planned_month=_months_ago(2), recorded_on=_months_ago(4))
    on_time = make_idea(title="I tid")
    give_next_step(on_time, planned_month=_months_ahead(1))
    page = client.get("/ideer/framsteg/").text
    section = page[page.index('id="late-heading"') : page.index('id="waiting-heading"')]
    assert "1 idé har ett nästa steg" in section
    assert "Sen idé" in section and "Förvaltningen tar fram ett förslag." in section
    assert "I tid" not in section


def test_the_idea_list_shows_every_late_next_step_and_the_progress_page_links_there(client):
    for n in range(21):
        late = make_idea(title=f"Sen idé {n:02}")
        _given_back_then(late, planned_month=_months_ago(2), recorded_on=_months_ago(4))
    on_time = make_idea(title="I tid")
    give_next_step(on_time, planned_month=_months_ahead(1))
    progress = client.get("/ideer/framsteg/").text
    section = progress[progress.index('id="late-heading"') : progress.index('id="waiting-heading"')]
    assert section.count('class="idea-summary"') == 20
    assert 'href="/ideer/?visa=forsenat">Alla 21 idéer med ett försenat nästa steg' in section
    listed = client.get("/ideer/?visa=forsenat").text
    results = listed[listed.index('id="results-heading"') :]
    assert "21 idéer" in results and "I tid" not in results
    assert "Nästa steg:" in results and "Förvaltningen tar fram ett förslag." in results


def test_the_late_list_costs_the_same_queries_however_many_are_late(client):
    def late_ideas(count: int) -> None:
        for _ in range(count):
            idea = make_idea()
            _given_back_then(idea, planned_month=_months_ago(2), recorded_on=_months_ago(4))

    late_ideas(2)
    few = _queries(client, "/ideer/?visa=forsenat")
    late_ideas(25)
    assert _queries(client, "/ideer/?visa=forsenat") == few


def test_a_missed_month_stays_visible_in_the_trail(client):
    idea = make_idea(raised_on=timezone.localdate() - timedelta(days=300))
    missed = _given_back_then(idea, planned_month=_months_ago(6), recorded_on=_months_ago(8))
    change_status(idea, Status.PREPARING, explanation="Förslaget kom till slut.")
    page = client.get(idea.get_absolute_url()).text
    entry = page[page.index(f'id="steg-{missed.pk}"') :]
    entry = entry[: entry.index("</li>")]
    assert "Försenat: nästa post kom" in entry
    current = page[page.index('class="current-status"') : page.index('id="follow"')]
    assert "Nästa steg" not in current, "the new status ended it"


def test_the_current_late_next_step_is_marked_late(client):
    idea = make_idea(raised_on=timezone.localdate() - timedelta(days=300))
    _given_back_then(idea, planned_month=_months_ago(1), recorded_on=_months_ago(3))
    page = client.get(idea.get_absolute_url()).text
    current = page[page.index('class="current-status"') : page.index('id="follow"')]
    assert "next-step-late" in current
    assert "Försenat: den planerade månaden har passerat" in current


def _queries(client, path) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(path).status_code == 200
    return len(ctx.captured_queries)


def test_next_steps_cost_no_query_each_on_the_idea_and_progress_pages(client):
    few, many = make_idea(), make_idea()
    give_next_step(few)
    for n in range(8):
        give_next_step(many, planned_month=_months_ahead(n))
        change_status(many, Status.PREPARING)
    for _ in range(5):
        _given_back_then(make_idea(), planned_month=_months_ago(1), recorded_on=_months_ago(2))
    assert _queries(client, few.get_absolute_url()) == _queries(client, many.get_absolute_url())
    progress = _queries(client, "/ideer/framsteg/")
    for _ in range(20):
        _given_back_then(make_idea(), planned_month=_months_ago(1), recorded_on=_months_ago(2))
    assert _queries(client, "/ideer/framsteg/") == progress


def test_the_idea_feed_carries_next_steps(client):
    idea = make_idea(title="Ledsagning")
    give_next_step(idea, text="Förvaltningen utreder kostnaden.", planned_month=date(2099, 3, 1))
    change_status(
        idea,
        Status.DECIDED,
        next_step={"text": "Nämnden beslutar.", "by_body": "Socialnämnden",
                   "planned_month": date(2099, 5, 1)},
    )  # fmt: skip
    feed = client.get(f"/ideer/{idea.slug}/flode/").text
    assert feed.count("<entry>") == 3  # received, the next step alone, the decision with its own
    assert "Förvaltningen utreder kostnaden." in feed
    assert "Nämnden beslutar." in feed and "maj 2099" in feed
