"""A report's figures equal a plain recount of the status trail, and a closed report never
changes except through the corrections it lists."""

import statistics
from datetime import date, datetime, time, timedelta

import pytest
from django.db import transaction
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ideas.models import DECISIONS, OPEN, Idea, NextStep, Status, StatusChange
from ideas.next_steps import month_after
from meetings.models import Meeting
from portal.dates import zone
from reports.figures import (
    WAITING_DAYS,
    WAITING_SHOWN,
    Figures,
    late_steps,
    make_report,
    trail_figures,
)
from reports.periods import Period
from tests.factories import (
    make_agenda_item,
    make_group,
    make_meeting,
    make_staff_user,
    make_theme,
    stockholm,
)

pytestmark = pytest.mark.django_db

_FAR = datetime(9999, 1, 1, tzinfo=zone())


def _current_half() -> Period:
    today = timezone.localdate()
    return Period(today.year, 1 if today.month <= 6 else 2)


# Two closed periods (the tests run long after 2025) and the half-year that runs now.
PERIODS = [Period(2025, 1), Period(2025), "current"]


def recount(entries: list[StatusChange], group_of: dict[int, int], period: Period):
    """The report's definitions (reports/figures.py, docs/reports.md), counted by hand."""
    cutoff = period.cutoff or _FAR
    recorded = [e for e in entries if e.recorded_at < cutoff]
    corrected = {e.corrects_id for e in recorded if e.corrects_id}
    counted = [e for e in recorded if e.pk not in corrected and e.decided_on <= period.end]
    start, as_of = period.start, period.as_of
    figures: dict = {None: Figures()}  # the row of all groups, there even when empty
    days_to_decision: dict = {}
    waiting = []
    for idea in {e.idea_id for e in counted}:
        trail = [e for e in counted if e.idea_id == idea]
        rows = [figures.setdefault(key, Figures()) for key in (None, group_of[idea])]
        first_on = min(e.decided_on for e in trail)
        decisions = [e.decided_on for e in trail if e.status in DECISIONS]
        in_period = {e.status for e in trail if e.decided_on >= start}
        until_then = [e for e in trail if e.decided_on <= as_of]
        latest = max(until_then, key=lambda e: (e.decided_on, e.pk))
        wait = (as_of - latest.decided_on).days
        for row in rows:
            row.received += first_on >= start
            if decisions and min(decisions) >= start:
                row.decided += 1
            row.carried_out += Status.DONE in in_period
            row.rejected += Status.REJECTED in in_period
            row.handed_over += Status.HANDED_OVER in in_period
            if latest.status in OPEN:
                row.waiting_long += wait > WAITING_DAYS
                row.longest_wait = max(row.longest_wait or 0, wait)
        if decisions and min(decisions) >= start:
            for key in (None, group_of[idea]):
                days_to_decision.setdefault(key, []).append((min(decisions) - first_on).days)
        if latest.status in OPEN:
            waiting.append((latest.decided_on, idea, wait))
    for key, days in days_to_decision.items():
        figures[key].median_days = statistics.median(days)
    longest = [(idea, wait) for _day, idea, wait in sorted(waiting)[:WAITING_SHOWN]]
    return figures, longest


def recount_late(entries, steps, group_of, figures, period: Period) -> list[int]:
    """The late next steps at the period's end, counted by hand into `figures`; the ids of the
    longest overdue."""
    as_of = period.as_of
    bound = min(
        datetime.combine(as_of + timedelta(days=1), time.min, zone()), period.cutoff or _FAR
    )
    late = []
    for idea in {step.idea_id for step in steps}:
        recorded = [s for s in steps if s.idea_id == idea and s.recorded_at < bound]
        if not recorded:
            continue
        step = max(recorded, key=lambda s: (s.recorded_at, s.pk))
        ended = any(
            e.idea_id == idea and e.corrects_id is None and step.recorded_at < e.recorded_at < bound
            for e in entries
        )
        if not ended and month_after(step.planned_month) <= as_of:
            for key in (None, group_of[idea]):
                figures.setdefault(key, Figures()).late_steps += 1
            late.append((step.planned_month, idea, step.pk))
    return [pk for _month, _idea, pk in sorted(late)[:WAITING_SHOWN]]


def _write_steps(steps, group_of: dict[int, int], period: Period) -> list[NextStep]:
    """Next steps given on their own, in the afternoon (the trail's entries are at noon)."""
    staff = make_staff_user()
    ideas = sorted(group_of)
    today = timezone.localdate()
    written = []
    for which, offset, months in steps:
        recorded_on = min(period.start + timedelta(days=offset), today)
        month = recorded_on.replace(day=1)
        for _ in range(months):
            month = month_after(month)
        written.append(
            NextStep.objects.create(
                idea_id=ideas[which], text="Förvaltningen utreder.", by_body="Förvaltningen",
                planned_month=month, recorded_by=staff,
                recorded_at=datetime.combine(recorded_on, time(15), zone()),
            )
        )  # fmt: skip
    return written


def _write_trail(writes, period: Period) -> tuple[list[StatusChange], dict[int, int]]:
    staff = make_staff_user()
    theme = make_theme()
    groups = [make_group(), make_group()]
    ideas = [
        Idea.objects.create(
            title=f"Idé {n}", slug=f"rakna-{n}", problem="-", proposal="-", theme=theme,
            group=groups[n % 2], raised_on=date(2024, 1, 1),
        )
        for n in range(6)
    ]  # fmt: skip
    today = timezone.localdate()
    entries: list[StatusChange] = []
    for which, status, offset, delay, corrects in writes:
        idea = ideas[which]
        decided_on = min(period.start + timedelta(days=offset), today)
        recorded_at = datetime.combine(decided_on + timedelta(days=delay), time(12), zone())
        earlier = [e for e in entries if e.idea_id == idea.pk]
        corrected = earlier[corrects % len(earlier)] if corrects is not None and earlier else None
        if corrected is not None:
            recorded_at = max(recorded_at, corrected.recorded_at + timedelta(hours=1))
        entries.append(
            StatusChange.objects.create(
                idea=idea, status=status, decided_on=decided_on, decided_by="Gruppen",
                explanation="Skälet står här.", corrects=corrected, recorded_by=staff,
                recorded_at=recorded_at,
            )
        )  # fmt: skip
    return entries, {idea.pk: idea.group_id for idea in ideas}


WRITES = st.lists(
    st.tuples(
        st.integers(min_value=0, max_value=5),  # which idea
        st.sampled_from(list(Status)),
        st.integers(min_value=-150, max_value=420),  # days from the period's start
        st.integers(min_value=0, max_value=40),  # days until it was recorded
        st.one_of(st.none(), st.integers(min_value=0, max_value=20)),  # corrects an earlier entry
    ),
    max_size=30,
)
STEPS = st.lists(
    st.tuples(
        st.integers(min_value=0, max_value=5),  # which idea
        st.integers(min_value=-150, max_value=420),  # days from the period's start to its record
        st.integers(min_value=0, max_value=6),  # months from then to the planned month
    ),
    max_size=10,
)


class _Undo(Exception):
    """Rolls an example's rows back (the trail refuses deletes, not a rollback)."""


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(writes=WRITES, steps=STEPS, which=st.sampled_from(PERIODS))
def test_the_report_matches_a_plain_recount_of_the_trail(writes, steps, which):
    period = _current_half() if which == "current" else which
    try:
        with transaction.atomic():
            entries, group_of = _write_trail(writes, period)
            written = _write_steps(steps, group_of, period)
            figures, longest = trail_figures(period)
            late = late_steps(period, figures)
            expected, expected_longest = recount(entries, group_of, period)
            expected_late = recount_late(entries, written, group_of, expected, period)
            assert figures == expected
            assert longest == expected_longest
            assert late == expected_late
            raise _Undo
    except _Undo:
        pass


def _entry(idea, status, decided_on, recorded_on, **fields) -> StatusChange:
    fields.setdefault("explanation", "Det finns inga pengar till det.")
    return StatusChange.objects.create(
        idea=idea, status=status, decided_on=decided_on, decided_by="Gemensam utvecklingsgrupp",
        recorded_by=fields.pop("recorded_by", None) or make_staff_user(),
        recorded_at=datetime.combine(recorded_on, time(10), zone()), **fields,
    )  # fmt: skip


@pytest.fixture
def closed_half():
    """A half-year that closed long ago, with a proposal received and turned down in it."""
    period = Period(timezone.localdate().year - 1, 1)
    assert period.closed
    group = make_group(name="Innovationsgruppen")
    idea = Idea.objects.create(
        title="Kvällsöppet på mottagningen", slug="kvallsoppet", problem="-", proposal="-",
        theme=make_theme(), group=group, raised_on=period.start,
    )  # fmt: skip
    start = period.start
    _entry(idea, Status.RECEIVED, start + timedelta(days=5), start + timedelta(days=5))
    rejected = _entry(idea, Status.REJECTED, start + timedelta(days=40), start + timedelta(days=41))
    return {"period": period, "idea": idea, "rejected": rejected, "group": group}


def test_an_entry_recorded_after_a_report_closed_does_not_change_it(closed_half):
    period, idea = closed_half["period"], closed_half["idea"]
    before = make_report(period)
    assert (before.total.received, before.total.decided, before.total.rejected) == (1, 1, 1)
    assert before.corrections == []

    other = Idea.objects.create(
        title="Tolk vid alla möten", slug="tolk", problem="-", proposal="-",
        theme=idea.theme, group=idea.group, raised_on=period.start,
    )  # fmt: skip
    today = timezone.localdate()
    _entry(other, Status.RECEIVED, period.start + timedelta(days=50), today)
    _entry(other, Status.DONE, period.start + timedelta(days=60), today)
    _entry(
        idea, Status.DECIDED, period.start + timedelta(days=40), today,
        corrects=closed_half["rejected"], explanation="Felregistrerat: förslaget blir av.",
    )  # fmt: skip

    after = make_report(period)
    assert after.total == before.total
    assert [(g.pk, f) for g, f in after.groups] == [(g.pk, f) for g, f in before.groups]
    assert after.decisions == before.decisions
    assert after.corrections_count == 3
    correction = next(e for e in after.corrections if e.corrects_status)
    assert correction.status == Status.DECIDED
    assert correction.corrects_status == Status.REJECTED
    assert correction.explanation == "Felregistrerat: förslaget blir av."
    assert correction.recorded_on == today


def test_an_open_report_counts_a_correction_in_place_of_what_it_corrects():
    today = timezone.localdate()
    period = _current_half()
    idea = Idea.objects.create(
        title="Brev på lätt svenska", slug="brev", problem="-", proposal="-",
        theme=make_theme(), group=make_group(), raised_on=period.start,
    )  # fmt: skip
    _entry(idea, Status.RECEIVED, period.start, period.start)
    wrong = _entry(idea, Status.REJECTED, today, today)
    assert make_report(period).total.rejected == 1
    _entry(idea, Status.DONE, today, today, corrects=wrong, explanation="Rättat.")
    report = make_report(period)
    assert (report.total.rejected, report.total.carried_out) == (0, 1)
    assert report.corrections == []  # an open report has no cutoff yet


def test_meetings_held_count_those_published_before_the_cutoff_and_their_minutes(closed_half):
    period, group = closed_half["period"], closed_half["group"]
    day = period.start + timedelta(days=20)
    published = stockholm(day.year, day.month, day.day)
    with_minutes = make_meeting(group=group, starts_at=published)
    make_agenda_item(with_minutes)
    make_meeting(group=group, starts_at=published + timedelta(days=7))
    make_meeting(group=group, starts_at=published, published=False)  # a draft
    after_the_end = period.end + timedelta(days=1)
    make_meeting(group=group, starts_at=stockholm(after_the_end.year, 7, 1))
    Meeting.objects.update(published_at=published)
    late = make_meeting(group=group, starts_at=published)  # published today: after the cutoff
    assert late.published_at > period.cutoff

    report = make_report(period)
    assert (report.total.meetings, report.total.with_minutes) == (2, 1)
    assert report.groups[0][1].meetings == 2
