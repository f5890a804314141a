"""A closed report is counted once and stored: its pages read the stored figures, which stay
what they were when it closed, while its corrections are read live."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from ideas.models import Status, StatusChange
from reports.figures import SNAPSHOT_VERSION, make_report
from reports.models import ReportSnapshot
from reports.periods import Period
from tests.factories import make_group, make_staff_user
from tests.reports import test_figures
from tests.reports.test_figures import _entry

closed_half = test_figures.closed_half  # a closed half-year with a proposal turned down

pytestmark = pytest.mark.django_db


def _reads_the_trail(ctx) -> bool:
    return any("GROUPING SETS" in q["sql"] and "ideas_statuschange" in q["sql"] for q in ctx)


def test_the_command_stores_each_closed_report_and_a_report_then_reads_it(closed_half):
    period = closed_half["period"]
    live = make_report(period)
    call_command("make_report_snapshots")
    assert ReportSnapshot.objects.filter(period=period.slug).exists()
    assert not ReportSnapshot.objects.filter(period=Period(timezone.localdate().year).slug)

    with CaptureQueriesContext(connection) as ctx:
        stored = make_report(period)
    assert not _reads_the_trail(ctx.captured_queries)
    assert stored.total == live.total
    assert [(g.pk, f) for g, f in stored.groups] == [(g.pk, f) for g, f in live.groups]
    assert stored.decisions == live.decisions
    assert [(i.pk, d) for i, d in stored.waiting] == [(i.pk, d) for i, d in live.waiting]


def test_a_second_run_counts_nothing_again_but_keeps_the_new_corrections(closed_half, capsys):
    period, idea = closed_half["period"], closed_half["idea"]
    call_command("make_report_snapshots")
    figures = ReportSnapshot.objects.get(period=period.slug).data["figures"]
    # Recorded yesterday, before this run: today at ten would still lie ahead before ten.
    _entry(
        idea, Status.DONE, period.start + timedelta(days=40), timezone.localdate() - timedelta(1),
        corrects=closed_half["rejected"], explanation="Rättat: det blir av.",
    )  # fmt: skip
    capsys.readouterr()
    call_command("make_report_snapshots")
    assert "0 report snapshot(s) stored" in capsys.readouterr().out
    snapshot = ReportSnapshot.objects.get(period=period.slug)
    assert snapshot.data["figures"] == figures
    assert snapshot.data["corrections_count"] == 1
    report = make_report(period)
    assert report.corrections_count == 1  # stored, not also counted as recorded since
    assert [e.explanation for e in report.corrections] == ["Rättat: det blir av."]


def test_an_idea_moved_to_another_group_keeps_its_closed_figures(closed_half):
    period, idea = closed_half["period"], closed_half["idea"]
    call_command("make_report_snapshots")
    idea.group = make_group(name="Ny grupp")
    idea.save()
    report = make_report(period)
    assert [(g.name, f.rejected) for g, f in report.groups] == [("Innovationsgruppen", 1)]


def test_corrections_after_the_snapshot_are_listed_and_the_figures_stay(closed_half):
    period, idea = closed_half["period"], closed_half["idea"]
    call_command("make_report_snapshots")
    before = make_report(period).total
    StatusChange.objects.create(  # recorded now, after the snapshot was made
        idea=idea, status=Status.DONE, decided_on=period.start + timedelta(days=40),
        decided_by="Gruppen", corrects=closed_half["rejected"],
        explanation="Rättat: det blir av.", recorded_by=make_staff_user(),
    )  # fmt: skip
    report = make_report(period)
    assert report.total == before
    assert report.corrections_count == 1
    assert report.corrections[0].explanation == "Rättat: det blir av."


def test_a_report_closed_at_another_cutoff_is_counted_again(closed_half, settings):
    period = closed_half["period"]
    call_command("make_report_snapshots")
    ReportSnapshot.objects.filter(period=period.slug).update(
        data={**_HAND_MADE, "version": SNAPSHOT_VERSION}
    )
    assert make_report(period).total.received == 99  # read from the snapshot
    settings.REPORT_CLOSES_AFTER_DAYS = 20
    assert make_report(period).total.received == 1  # another cutoff: counted from the trail
    call_command("make_report_snapshots")
    assert ReportSnapshot.objects.get(period=period.slug).cutoff == period.cutoff
    assert make_report(period).total.received == 1


# A snapshot whose figures differ from the trail's: the report shows which one it read.
_HAND_MADE = {"figures": [[None, {"received": 99}]], "waiting": [], "decisions": {}, "late": []}


def test_a_snapshot_stored_before_the_report_showed_more_is_counted_again(closed_half):
    """A snapshot made by an older version (without the late next steps) is not shown: the
    report counts the trail until the command stores it again."""
    period = closed_half["period"]
    call_command("make_report_snapshots")
    ReportSnapshot.objects.filter(period=period.slug).update(data=_HAND_MADE)
    assert make_report(period).total.received == 1  # counted from the trail
    call_command("make_report_snapshots")
    assert ReportSnapshot.objects.get(period=period.slug).data["version"] == SNAPSHOT_VERSION
    assert make_report(period).stored


def test_a_closed_report_without_a_snapshot_asks_the_worker_once(client, closed_half, settings):
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default", "exports"]}
    }
    url = closed_half["period"].get_absolute_url()
    assert client.get(url).status_code == 200
    assert client.get(url).status_code == 200
    assert DBTaskResult.objects.filter(task_path="reports.tasks.make_snapshots").count() == 1


def test_an_open_report_is_never_stored(client, closed_half):
    call_command("make_report_snapshots")
    today = timezone.localdate()
    current = Period(today.year, 1 if today.month <= 6 else 2)
    assert client.get(current.get_absolute_url()).status_code == 200
    assert not ReportSnapshot.objects.filter(period=current.slug).exists()
    assert not ReportSnapshot.objects.filter(period=str(today.year)).exists()


def test_the_page_shows_the_stored_figures(client, closed_half):
    call_command("make_report_snapshots")
    page = client.get(closed_half["period"].get_absolute_url()).content.decode()
    assert "Innovationsgruppen" in page
    assert "Det finns inga pengar till det." in page


def test_an_open_report_is_limited_like_the_pdf_and_a_stored_one_is_not(
    client, closed_half, settings
):
    call_command("make_report_snapshots")
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "reports": "0/m"}
    settings.PAGE_CACHE_SECONDS = 0
    today = timezone.localdate()
    current = Period(today.year, 1 if today.month <= 6 else 2)
    for url in (current.get_absolute_url(), f"/aterrapportering/{current.slug}.json"):
        assert client.get(url).status_code == 429
    closed = closed_half["period"]
    for url in (closed.get_absolute_url(), f"/aterrapportering/{closed.slug}.csv"):
        assert client.get(url).status_code == 200
