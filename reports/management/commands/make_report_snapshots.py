from django.core.management.base import BaseCommand

from reports.figures import store_snapshot
from reports.periods import closed_periods, first_year
from reports.tasks import bring_up_to_date


class Command(BaseCommand):
    help = (
        "Counts each closed report that has no snapshot yet and stores it, so that its pages "
        "read one row, and brings the others' corrections up to date. Run it daily (from cron): a "
        "report is stored on the day it closes."
    )

    def add_arguments(self, parser):
        parser.add_argument("--again", action="store_true", help="Count every closed report again.")

    def handle(self, *args, **options):
        if options["again"]:
            periods = closed_periods(first_year())
            for period in periods:
                store_snapshot(period)
            stored, refreshed = len(periods), 0
        else:
            stored, refreshed = bring_up_to_date()
        self.stdout.write(
            f"{stored} report snapshot(s) stored, "
            f"the corrections of {refreshed} brought up to date."
        )
