"""Writing the open-data files in the task worker, a while after the public data has changed.

A change asks for a build EXPORTS_DELAY_SECONDS later unless one is already waiting, so a
meeting's minutes and its twenty status changes entered in one sitting cost one build, and the
files are never written more often than that. A download that finds the files older than the
data asks too (opendata/views.py), which catches changes made outside the portal's code.
"""

import datetime
import logging

from django.conf import settings
from django.tasks import TaskResultStatus, task
from django.utils import timezone
from django_tasks_db import DatabaseBackend
from django_tasks_db.models import DBTaskResult

from opendata import exports

logger = logging.getLogger(__name__)


@task(queue_name="exports")
def build_exports() -> None:
    started = timezone.now()
    build = exports.build()
    if build is None:
        # Another build is under way and may have read the data before the latest change.
        schedule()
        return
    if not exports.is_current(build):
        schedule()  # the data changed while the files were written
    logger.info(
        "open-data files are current",
        extra={"version": build.version, "seconds": (timezone.now() - started).total_seconds()},
    )


def after_change() -> None:
    """Ask for a build a while after a change (the app connects this to the models it needs)."""
    if build_exports.get_backend().supports_defer:
        schedule()
    # A backend that cannot wait (the tests' immediate one) would write the files after every
    # single change; they are written when they are next downloaded instead.


def schedule(*, soon: bool = False) -> None:
    """Ask the worker for a build, in EXPORTS_DELAY_SECONDS (or at once when `soon`)."""
    backend = build_exports.get_backend()
    if isinstance(backend, DatabaseBackend):
        waiting = DBTaskResult.objects.filter(task_path=build_exports.module_path)
        waiting = waiting.ready() if soon else waiting.filter(status=TaskResultStatus.READY)
        if waiting.exists():
            return
    if backend.supports_defer and not soon:
        delay = datetime.timedelta(seconds=settings.EXPORTS_DELAY_SECONDS)
        build_exports.using(run_after=timezone.now() + delay).enqueue()
    else:
        build_exports.enqueue()
