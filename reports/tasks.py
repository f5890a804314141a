"""Counting each closed report once and storing it (reports/figures.py, docs/reports.md).

`manage.py make_report_snapshots`, run daily from cron, stores each report on the day it
closes, so no visitor waits for the count, and brings the stored corrections up to date, so
a report reads only those of the last day from the trail. A visitor who finds a closed report
without its snapshot is answered from the trail and asks the worker to store the missing ones.
"""

import logging

from django.tasks import TaskResultStatus, task
from django_tasks_db import DatabaseBackend
from django_tasks_db.models import DBTaskResult

from reports.figures import is_current, refresh_corrections, store_snapshot
from reports.models import ReportSnapshot
from reports.periods import closed_periods, first_year

logger = logging.getLogger(__name__)


def bring_up_to_date() -> tuple[int, int]:
    """Store each closed report without a snapshot made at its present cutoff, and bring the
    corrections of the others up to now. How many were stored, and refreshed."""
    periods = closed_periods(first_year())
    snapshots = ReportSnapshot.objects.filter(period__in=[p.slug for p in periods])
    made = {snapshot.period: snapshot for snapshot in snapshots}
    stored = refreshed = 0
    for period in periods:
        snapshot = made.get(period.slug)
        if snapshot is None or snapshot.cutoff != period.cutoff or not is_current(snapshot.data):
            store_snapshot(period)
            logger.info("report snapshot stored: %s", period.slug)
            stored += 1
        else:
            refresh_corrections(snapshot, period)
            refreshed += 1
    return stored, refreshed


@task(queue_name="exports")
def make_snapshots() -> tuple[int, int]:
    return bring_up_to_date()


def ask_for_snapshots() -> None:
    """Ask the worker to store the missing snapshots, unless it has been asked already.

    A backend that cannot wait (the tests' immediate one) would count the trail twice in the
    visitor's request: the snapshots are then left to the command."""
    backend = make_snapshots.get_backend()
    if not backend.supports_defer:
        return
    if isinstance(backend, DatabaseBackend):
        waiting = DBTaskResult.objects.filter(
            task_path=make_snapshots.module_path, status=TaskResultStatus.READY
        )
        if waiting.exists():
            return
    make_snapshots.enqueue()
